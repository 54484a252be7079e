//! `grpc`: proxies queries to upstream servers speaking CoreDNS's DNS-over-gRPC protocol.
//! Mirrors plugin/grpc/setup.go `parseGRPC`, `parseStanza` and `parseBlock` (once per block;
//! FROM, then TO addresses through `parse.HostPortOrFile`, then block options, then one gRPC
//! client per address and the 15-upstream limit).

use corefile_model::{Diagnostic, Group, RuleMeta, ServerBlock, Severity, Token};

use super::shared::skip_placeholder_option;
use crate::values::net::{self, Upstream};
use crate::values::{fall, tls, zone};
use crate::{codes, Controller, OptionDef, PluginDef, PluginError, SetupResult};

const OPTIONS: &[&str] = &["except", "tls", "tls_servername", "policy", "fallthrough"];
const MAX_UPSTREAMS: usize = 15;

pub static SCHEME_UPSTREAM: RuleMeta = RuleMeta {
    code: "PLG118",
    name: "grpc-scheme-upstream",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `grpc` upstream written with a scheme (`tls://`, `grpc://`, `dns://IP:PORT`, ...) that gRPC cannot dial",
    doc: "## What it does\nFinds `grpc` upstreams that keep a scheme prefix: everything except a plain `IP[:PORT]`, \
`dns://IP` without a port, and `unix://PATH`.\n\n## Why is this bad?\nCoreDNS accepts them, but hands the text to gRPC, \
which does not know these schemes as dial targets; every proxied query then fails. A `tls://` prefix does not turn \
TLS on in this plugin (the `tls` option does), and `https3://IP` without a port even becomes an empty address.\n\n\
## Example\n```corefile\n. {\n    grpc . tls://10.0.0.1:443\n}\n```\n\n\
## Fix\nWrite `grpc . 10.0.0.1:443 { tls }`.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "grpc",
    summary: "Proxies queries over gRPC to upstream servers speaking CoreDNS's DNS-over-gRPC protocol.",
    syntax: "grpc FROM TO... {\n    except IGNORED_NAMES...\n    tls [CERT KEY] [CA]\n    tls_servername NAME\n    \
policy random|round_robin|sequential\n    fallthrough [ZONES...]\n}",
    snippet: "grpc ${1:.} ${2:127.0.0.1:443}",
    options: &[
        OptionDef { name: "except", args: "IGNORED_NAMES...", doc: "Do not proxy names in these zones; they go to the next plugin.", values: &[] },
        OptionDef { name: "tls", args: "[CERT KEY] [CA]", doc: "Use TLS to the upstreams: system CAs, a CA file, a client certificate and key, or both.", values: &[] },
        OptionDef { name: "tls_servername", args: "NAME", doc: "Name the upstreams' certificates are verified against (also turns TLS on).", values: &[] },
        OptionDef { name: "policy", args: "random|round_robin|sequential", doc: "Order in which upstreams are tried (default random).", values: &["random", "round_robin", "sequential"] },
        OptionDef { name: "fallthrough", args: "[ZONES...]", doc: "Pass NXDOMAIN answers (in these zones, or all) to the next plugin; also when every upstream failed.", values: &[] },
    ],
    history: "Since 1.5.0 (`except`, `tls`, `tls_servername`, `policy`), once per block; an unusable FROM is an error since 1.9.1; \
`fallthrough` 1.12.3.",
    setup,
    rules: &[&SCHEME_UPSTREAM],
};

/// What a block's `grpc` configures, for cross-plugin rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GrpcConfig {
    /// The normalized FROM zone (`None` when it holds a placeholder).
    pub from: Option<String>,
    /// `None` without `fallthrough`; otherwise the zones of the last one (empty: never).
    pub fallthrough: Option<Vec<String>>,
}

/// Reads the block's `grpc` directive as [`PLUGIN`]'s setup does; `None` when the block has none
/// or its setup fails. `zones` are the block's zones.
pub fn config(block: &ServerBlock, zones: &[String]) -> Option<GrpcConfig> {
    crate::read_config(PLUGIN.name, block, zones, parse)
}

fn setup(c: &mut Controller<'_>) -> SetupResult {
    parse(c).map(|_| ())
}

fn parse(c: &mut Controller<'_>) -> Result<GrpcConfig, PluginError> {
    let mut config = GrpcConfig::default();
    while c.next_once()? {
        config = parse_stanza(c)?;
    }
    Ok(config)
}

/// Go's `url.Parse` refuses a `%` that does not start a two-digit hex escape, and gRPC parses
/// every target as a URL (an IPv6 zone such as `%eth0` trips it).
fn has_bad_escape(addr: &str) -> bool {
    let b = addr.as_bytes();
    b.iter().enumerate().any(|(i, &ch)| {
        ch == b'%'
            && !(b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit())
    })
}

fn parse_stanza(c: &mut Controller<'_>) -> Result<GrpcConfig, PluginError> {
    let mut config = GrpcConfig::default();
    let Some(from) = c.args(1).map(|a| a[0].clone()) else {
        return Err(c
            .arg_err()
            .with_help("write `grpc FROM TO...`, e.g. `grpc . 10.0.0.1:443`"));
    };
    if !from.has_placeholder() {
        let zones = zone::normalize_zone(&from.text).map_err(|e| {
            c.err_at(
                &codes::INVALID_VALUE,
                &from,
                format!("`grpc` FROM `{}` is not a valid zone: {e}", from.text),
            )
        })?;
        config.from = zones.into_iter().next();
    }
    let to: Vec<Token> = c.remaining_args().into_iter().cloned().collect();
    if to.is_empty() {
        return Err(c.arg_err().with_help("name at least one upstream"));
    }
    let mut addresses: Vec<(&Token, String)> = Vec::new();
    for addr in to.iter().filter(|t| !t.has_placeholder()) {
        match net::host_port_or_file(&addr.text)
            .map_err(|e| c.err_at(&codes::INVALID_VALUE, addr, format!("`grpc` upstream {e}")))?
        {
            Upstream::Ip {
                addr: normalized, ..
            } => {
                report_scheme(c, addr, &normalized);
                addresses.push((addr, normalized));
            }
            Upstream::Unix(path) => addresses.push((addr, path)),
            Upstream::File { path, .. } => {
                let message = format!("`{}` is not an IP address: CoreDNS reads it as a resolv.conf file at startup and fails if `{path}` does not exist", addr.text);
                // A path is probably meant as a file; a bare name is a host name CoreDNS refuses.
                let severity = if path.contains('/') {
                    Severity::Hint
                } else {
                    Severity::Warning
                };
                c.report(
                    Diagnostic::new(&codes::NEEDS_OUTSIDE_WORLD, addr.loc, message)
                        .with_severity(severity)
                        .with_help("host names are not accepted; write an IP address"),
                );
            }
        }
    }
    while c.next_block() {
        let option = c.token().expect("next_block stands on a token").clone();
        if skip_placeholder_option(c) {
            continue;
        }
        match option.text.as_str() {
            "except" | "tls" | "fallthrough" => {
                let args = c.remaining_args();
                let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
                match option.text.as_str() {
                    "except" if args.is_empty() => return Err(c.arg_err()),
                    "except" => {
                        zone::report_dropped_zones(c, &args, &zone::ZoneList::from_args(&texts))
                    }
                    "tls" => {
                        if let Err(e) = tls::parse_tls_args(&texts) {
                            return Err(c.arg_err().with_help(e));
                        }
                    }
                    _ => {
                        config.fallthrough = Some(fall::fallthrough_option(c, &args));
                    }
                }
            }
            "tls_servername" | "policy" => {
                if !c.next_arg() {
                    return Err(c.arg_err());
                }
                let value = c.token().expect("next_arg moved onto a token");
                if option.text == "policy"
                    && !value.has_placeholder()
                    && !["random", "round_robin", "sequential"].contains(&value.text.as_str())
                {
                    return Err(c
                        .err_at(
                            &codes::INVALID_VALUE,
                            value,
                            format!("unknown `policy` `{}`", value.text),
                        )
                        .with_help("use `random`, `round_robin` or `sequential`"));
                }
            }
            // A stray `}` (from a nested block) is skipped by CoreDNS.
            "}" => {}
            _ => return Err(c.unknown_option(OPTIONS)),
        }
    }
    if let Some((addr, normalized)) = addresses.iter().find(|(_, a)| has_bad_escape(a)) {
        return Err(c
            .err_at(&codes::INVALID_VALUE, addr, format!("gRPC cannot dial `{normalized}`: a `%` must start a URL escape, so IPv6 zones are not supported"))
            .with_help("remove the `%zone` part"));
    }
    if addresses.len() > MAX_UPSTREAMS {
        let extra = addresses[MAX_UPSTREAMS].0;
        return Err(c.err_at(
            &codes::SETUP_FAILS,
            extra,
            format!(
                "`grpc` accepts at most {MAX_UPSTREAMS} upstreams, got {}",
                addresses.len()
            ),
        ));
    }
    Ok(config)
}

/// Only plain `IP[:PORT]` (and `dns://IP`, whose scheme CoreDNS drops) reach gRPC as dialable.
fn report_scheme(c: &mut Controller<'_>, addr: &Token, normalized: &str) {
    let message = if normalized.is_empty() {
        format!(
            "`{}` has no port and becomes an empty upstream address; queries to it fail",
            addr.text
        )
    } else if normalized.contains("://") {
        format!("`{normalized}` keeps its scheme, which gRPC cannot dial; queries to it fail")
    } else {
        return;
    };
    c.report(
        Diagnostic::new(&SCHEME_UPSTREAM, addr.loc, message)
            .with_help("write a plain `IP:PORT` and use the `tls` option for TLS"),
    );
}
