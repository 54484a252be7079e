//! `etcd`: serves SkyDNS-style records stored in etcd v3. Mirrors plugin/etcd/setup.go
//! `etcdParse` and `parseTTL`: only the first occurrence in a block is read; its block takes
//! `path`, `endpoint`, `credentials`, `tls`, `fallthrough`, lease TTL bounds and three ignored
//! options. Certificate files and the etcd cluster itself are left to CoreDNS.

use corefile_model::{Diagnostic, Token};

use super::file::origins;
use super::shared::{
    fallthrough_line, ignore_upstream, report_ignored_occurrences, unknown_option,
};
use crate::values::{duration, number, tls};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "fallthrough",
        args: "[ZONES...]",
        doc: "Pass queries for names etcd has no records for on to the next plugin (optionally only for ZONES).",
        values: &[],
    },
    OptionDef { name: "path", args: "PATH", doc: "Key prefix of the records in etcd (default `skydns`).", values: &[] },
    OptionDef {
        name: "endpoint",
        args: "ENDPOINT...",
        doc: "etcd client URLs (default `http://localhost:2379`); a later `endpoint` line replaces an earlier one.",
        values: &[],
    },
    OptionDef {
        name: "credentials",
        args: "USERNAME PASSWORD",
        doc: "Authenticate to etcd with this user and password.",
        values: &[],
    },
    OptionDef {
        name: "tls",
        args: "[CERT KEY] [CACERT]",
        doc: "Talk TLS to etcd: one argument is a CA file, two a client certificate and key, three all of them.",
        values: &[],
    },
    OptionDef {
        name: "min-lease-ttl",
        args: "DURATION",
        doc: "Lowest TTL given to records that carry an etcd lease: seconds or a Go duration (default 30).",
        values: &[],
    },
    OptionDef {
        name: "max-lease-ttl",
        args: "DURATION",
        doc: "Highest TTL given to records that carry an etcd lease: seconds or a Go duration (default 86400).",
        values: &[],
    },
    OptionDef { name: "stubzones", args: "", doc: "Obsolete and ignored.", values: &[] },
    OptionDef { name: "debug", args: "", doc: "Obsolete and ignored.", values: &[] },
    OptionDef {
        name: "upstream",
        args: "[ADDRESS...]",
        doc: "Obsolete and ignored: CNAME targets are always resolved through CoreDNS itself.",
        values: &[],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "etcd",
    summary: "Serve records stored in etcd v3 (SkyDNS layout).",
    syntax: "etcd [ZONES...] {\n    fallthrough [ZONES...]\n    path PATH\n    endpoint ENDPOINT...\n    credentials USERNAME PASSWORD\n    tls [CERT KEY] [CACERT]\n    min-lease-ttl DURATION\n    max-lease-ttl DURATION\n}",
    snippet: "etcd ${1:skydns.local} {\n\tendpoint ${2:http://localhost:2379}\n}",
    options: OPTIONS,
    history: "etcd v3 API only since 1.2.0; `stubzones` ignored since 1.4.0 and `upstream` a no-op since 1.5.2; \
`tls` paths relative to `root` since 1.11.3; `min-lease-ttl`/`max-lease-ttl` since 1.12.4.",
    setup,
    rules: &[],
};

const KNOWN: &[&str] = &[
    "fallthrough",
    "path",
    "endpoint",
    "credentials",
    "tls",
    "min-lease-ttl",
    "max-lease-ttl",
    "stubzones",
    "debug",
    "upstream",
];

/// Index of the first `tls` argument `pkg/tls.NewTLSConfigFromArgs` refuses.
const MAX_TLS_ARGS: usize = 3;

fn setup(c: &mut Controller<'_>) -> SetupResult {
    if !c.next() {
        return Ok(());
    }
    origins(c);
    while c.next_block() {
        let option = c.token().expect("positioned on the option");
        match c.val() {
            "fallthrough" => fallthrough_line(c),
            "stubzones" | "debug" => {
                let message = format!("`{}` does nothing in `etcd` any more", option.text);
                c.report(
                    Diagnostic::new(&codes::DEPRECATED, option.loc, message)
                        .with_help("delete the line"),
                );
            }
            "path" | "credentials" | "endpoint" => single_values(c, option)?,
            "upstream" => ignore_upstream(c),
            "tls" => {
                let args = c.remaining_args();
                let texts: Vec<&str> = args.iter().map(|a| a.text.as_str()).collect();
                if let Err(e) = tls::parse_tls_args(&texts) {
                    return Err(c
                        .err_at(
                            &codes::ARGUMENT_COUNT,
                            args[MAX_TLS_ARGS],
                            format!("`tls`: {e}"),
                        )
                        .with_help("write `tls [CERT KEY] [CACERT]`"));
                }
            }
            "min-lease-ttl" | "max-lease-ttl" => {
                if !c.next_arg() {
                    return Err(c
                        .arg_err()
                        .with_help(format!("write `{} DURATION`, e.g. `30s`", option.text)));
                }
                let value = c.token().expect("positioned on the value");
                if let Err(e) = parse_ttl(value) {
                    return Err(c
                        .err_at(
                            &codes::INVALID_VALUE,
                            value,
                            format!("invalid `{}` value `{}`: {e}", option.text, value.text),
                        )
                        .with_help(
                            "write seconds (`60`) or a Go duration (`30s`, `5m`, `2h30m`)",
                        ));
                }
            }
            _ => unknown_option(c, KNOWN)?,
        }
    }
    report_ignored_occurrences(c);
    Ok(())
}

/// `path` (one value), `endpoint` (one or more) and `credentials` (exactly two).
fn single_values(c: &mut Controller<'_>, option: &Token) -> SetupResult {
    match option.text.as_str() {
        "path" => {
            if !c.next_arg() {
                return Err(c
                    .arg_err()
                    .with_help("write `path PATH`, e.g. `path /skydns`"));
            }
        }
        "endpoint" => {
            if c.remaining_args().is_empty() {
                return Err(c
                    .arg_err()
                    .with_help("write `endpoint URL...`, e.g. `endpoint http://localhost:2379`"));
            }
        }
        _ => {
            let args = c.remaining_args();
            if args.is_empty() {
                return Err(c
                    .arg_err()
                    .with_help("write `credentials USERNAME PASSWORD`"));
            }
            if args.len() != 2 {
                return Err(c
                    .err_at(
                        &codes::ARGUMENT_COUNT,
                        option,
                        format!(
                            "`credentials` needs a username and a password, got {} argument(s)",
                            args.len()
                        ),
                    )
                    .with_help("write `credentials USERNAME PASSWORD`"));
            }
        }
    }
    Ok(())
}

/// `parseTTL`: surrounding spaces trimmed, empty is 0, bare digits are seconds, otherwise a Go
/// duration; whole seconds from 0 to 2^32-1.
fn parse_ttl(value: &Token) -> Result<(), String> {
    if value.has_placeholder() {
        return Ok(());
    }
    let text = value.text.trim();
    if text.is_empty() {
        return Ok(());
    }
    let spelled = if number::parse_uint(text, 64).is_ok() {
        format!("{text}s")
    } else {
        text.to_string()
    };
    let nanos = duration::parse_duration(&spelled)
        .map_err(|_| "not seconds or a Go duration".to_string())?;
    if nanos < 0 {
        return Err("it must not be negative".into());
    }
    if nanos > i64::from(u32::MAX) * duration::SECOND {
        return Err("it must be at most 4294967295 seconds".into());
    }
    Ok(())
}
