//! `forward`: proxies queries to upstream resolvers over DNS, DNS-over-TLS or DNS-over-HTTPS, with
//! health checks and a selection policy. Mirrors plugin/forward/setup.go `parseForward`,
//! `parseStanza`, `parseBlock` and `splitZone`, and plugin/forward/resolve.go
//! `classifyToAddrs`/`expandAndDedup`: every `forward` line is its own stanza; TO addresses are
//! checked after the block; the 15-upstream limit is checked once all stanzas are read.
//! Upstreams that are files or host names are read or resolved by CoreDNS at setup; they are
//! only noted here.

use std::collections::HashSet;

use corefile_model::{Diagnostic, Group, RuleMeta, ServerBlock, Severity, Token, Transport};

use super::shared::skip_placeholder_option;
use crate::values::net::{self, Upstream};
use crate::values::{dns, duration, known, number, tls, zone};
use crate::{codes, Controller, OptionDef, PluginDef, PluginError, SetupResult};

const OPTIONS: &[&str] = &[
    "except",
    "force_tcp",
    "prefer_udp",
    "expire",
    "max_age",
    "max_idle_conns",
    "read_timeout",
    "max_fails",
    "max_connect_attempts",
    "doh_method",
    "tls",
    "tls_servername",
    "policy",
    "health_check",
    "max_concurrent",
    "next",
    "next_on_nodata",
    "failfast_all_unhealthy_upstreams",
    "failover",
    "source_address",
    "resolver",
];

/// Most TO entries one stanza may have.
const MAX_UPSTREAMS: usize = 15;
const DEFAULT_EXPIRE: i64 = 10 * duration::SECOND;

pub static DUPLICATE_UPSTREAM: RuleMeta = RuleMeta {
    code: "PLG109",
    name: "forward-duplicate-upstream",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "The same upstream address listed twice in one `forward`",
    doc: "## What it does\nCompares the upstreams of a `forward` line after CoreDNS's normalization (default port \
added, scheme and `%servername` ignored).\n\n## Why is this bad?\nCoreDNS silently keeps only the first copy, so the \
line has fewer upstreams than it seems (often a typo for a different address).\n\n\
## Example\n```corefile\n. {\n    forward . 1.1.1.1 1.1.1.1:53\n}\n```\n\n## Fix\nRemove the duplicate or correct the address.",
};

pub static UNREACHABLE_STANZA: RuleMeta = RuleMeta {
    code: "PLG110",
    name: "forward-unreachable-stanza",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `forward` whose FROM is covered by an earlier `forward` in the same block",
    doc: "## What it does\nFinds a `forward` line whose FROM zone equals, or lies below, the FROM of an earlier `forward` \
line of the same server block that has no `except` for it and no `next`/`next_on_nodata`.\n\n## Why is this bad?\n\
Stanzas are tried in the order they are written; the earlier one takes every query of the later one, which never \
sees a query.\n\n## Example\n```corefile\n. {\n    forward . 8.8.8.8\n    forward example.org 10.0.0.1\n}\n```\n\n\
## Fix\nWrite the most specific FROM first, or add `except` to the earlier stanza.",
};

pub static HTTPS3_WITHOUT_PORT: RuleMeta = RuleMeta {
    code: "PLG111",
    name: "forward-https3-without-port",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`https3://IP` without a port gives an upstream with an empty address",
    doc: "## What it does\nFinds `https3://` upstreams written without a port.\n\n## Why is this bad?\nCoreDNS has no \
default port for this scheme: it accepts the line but the upstream's address is empty, so every query to it fails. \
With a port, `https3://` is refused because forward does not speak DNS over HTTP/3.\n\n\
## Example\n```corefile\n. {\n    forward . https3://1.1.1.1\n}\n```\n\n## Fix\nUse `https://1.1.1.1` (DNS over HTTPS) or `tls://1.1.1.1`.",
};

pub static SERVERNAME_IGNORED: RuleMeta = RuleMeta {
    code: "PLG112",
    name: "forward-servername-ignored",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `%servername` suffix on an upstream that is not `tls://`",
    doc: "## What it does\nFinds `IP%NAME` upstreams whose scheme is not `tls://`.\n\n## Why is this bad?\nOnly DNS-over-TLS \
upstreams use the name; elsewhere CoreDNS drops it silently. On a bare IPv6 address the suffix looks like an \
interface zone (`fe80::1%eth0`) but is dropped as a server name, so the link-local upstream has no interface.\n\n\
## Example\n```corefile\n. {\n    forward . 9.9.9.9%dns.quad9.net\n}\n```\n\n## Fix\nUse `tls://9.9.9.9%dns.quad9.net`, or remove the suffix.",
};

pub static TLS_OPTION_UNUSED: RuleMeta = RuleMeta {
    code: "PLG113",
    name: "forward-tls-option-unused",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`tls`, `tls_servername` or `doh_method` in a `forward` without TLS or HTTPS upstreams",
    doc: "## What it does\nFinds TLS options in a `forward` whose upstreams are all plain DNS (and `doh_method` without \
an `https://` upstream).\n\n## Why is this bad?\nThe options only apply to `tls://` and `https://` upstreams; here \
queries go out unencrypted although the block suggests otherwise.\n\n\
## Example\n```corefile\n. {\n    forward . 9.9.9.9 {\n        tls_servername dns.quad9.net\n    }\n}\n```\n\n\
## Fix\nWrite the upstreams as `tls://9.9.9.9` (or `https://`), or remove the options.",
};

pub static OPTIONS_ON_ONE_LINE: RuleMeta = RuleMeta {
    code: "PLG114",
    name: "forward-options-on-one-line",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "Two `forward` options on one line, read as separate options",
    doc: "## What it does\nFinds an option name on the same line as the previous option's value, e.g. \
`max_fails 3 force_tcp`.\n\n## Why is this bad?\nforward reads options token by token, so the extra word silently \
becomes another option. This is usually a leftover or a misplaced line.\n\n\
## Example\n```corefile\n. {\n    forward . 1.1.1.1 {\n        max_fails 3 force_tcp\n    }\n}\n```\n\n## Fix\nPut each option on its own line.",
};

pub static NEXT_WITHOUT_NEXT_STANZA: RuleMeta = RuleMeta {
    code: "PLG115",
    name: "forward-next-without-next-stanza",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`next` or `next_on_nodata` in the last `forward` of a block",
    doc: "## What it does\nFinds `next`/`next_on_nodata` in a `forward` line that no other `forward` line follows.\n\n\
## Why is this bad?\nThe options hand the query to the next `forward` stanza only; in the last stanza they do \
nothing.\n\n## Example\n```corefile\n. {\n    forward . 1.1.1.1 {\n        next NXDOMAIN\n    }\n}\n```\n\n\
## Fix\nAdd the `forward` line that should get those queries after this one, or remove the option.",
};

pub static FROM_CIDR_SPLIT: RuleMeta = RuleMeta {
    code: "PLG116",
    name: "forward-from-cidr-split",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `forward` FROM CIDR that expands to several reverse zones; only the first is used",
    doc: "## What it does\nFinds FROM CIDRs whose prefix is not on a label boundary (a multiple of 8 bits for IPv4, 4 \
for IPv6).\n\n## Why is this bad?\nSuch a prefix becomes several reverse zones, and forward keeps only the first one \
(CoreDNS only logs it), so most of the range is not forwarded.\n\n\
## Example\n```corefile\n. {\n    forward 10.0.0.0/15 10.0.0.1\n}\n```\nOnly `0.10.in-addr.arpa.` is forwarded, not `1.10.in-addr.arpa.`.\n\n\
## Fix\nUse one `forward` line per reverse zone, or a prefix on a label boundary.",
};

pub static FROM_OUTSIDE_BLOCK: RuleMeta = RuleMeta {
    code: "PLG117",
    name: "forward-from-outside-block",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `forward` FROM zone that the server block does not serve",
    doc: "## What it does\nCompares the FROM zone with the zones of the server block.\n\n## Why is this bad?\nThe server \
block only receives queries for its own zones; if FROM neither contains nor lies inside one of them, the stanza \
never matches.\n\n## Example\n```corefile\nexample.org {\n    forward other.org 10.0.0.1\n}\n```\n\n\
## Fix\nUse a FROM inside the block's zones (often `.`), or move the line to a block serving that zone.",
};

pub static EXCEPT_OUTSIDE_FROM: RuleMeta = RuleMeta {
    code: "PLG119",
    name: "forward-except-outside-from",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `forward` `except` zone that is not inside the stanza's FROM zone",
    doc: "## What it does\nCompares each `except` zone with the FROM zone of its `forward` line.\n\n## Why is this bad?\n\
An `except` zone outside FROM excludes nothing, because those names are never forwarded by this stanza anyway. An \
`except` zone that contains FROM excludes every name except FROM itself, so the stanza forwards almost nothing.\n\n\
## Example\n```corefile\n. {\n    forward example.org 10.0.0.1 {\n        except example.net\n    }\n}\n```\n\n\
## Fix\nList zones below FROM in `except` (`except internal.example.org`), or remove the line.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "forward",
    summary: "Forwards queries to upstream resolvers (DNS, DNS over TLS, DNS over HTTPS) with health checking.",
    syntax: "forward FROM TO... {\n    except IGNORED_NAMES...\n    force_tcp\n    prefer_udp\n    expire DURATION\n    \
max_age DURATION\n    max_idle_conns INTEGER\n    read_timeout DURATION\n    max_fails INTEGER\n    max_connect_attempts INTEGER\n    \
doh_method GET|POST\n    tls [CERT KEY] [CA]\n    tls_servername NAME\n    policy random|round_robin|sequential\n    \
health_check DURATION [no_rec] [domain FQDN]\n    max_concurrent MAX\n    next RCODE...\n    next_on_nodata\n    \
failfast_all_unhealthy_upstreams\n    failover RCODE...\n    source_address IP\n    resolver IP[:PORT]...\n}",
    snippet: "forward ${1:.} ${2:/etc/resolv.conf}",
    options: &[
        OptionDef { name: "except", args: "IGNORED_NAMES...", doc: "Do not forward names in these zones; they go to the next plugin.", values: &[] },
        OptionDef { name: "force_tcp", args: "", doc: "Always use TCP to the upstreams.", values: &[] },
        OptionDef { name: "prefer_udp", args: "", doc: "Use UDP to the upstreams even for queries that came over TCP.", values: &[] },
        OptionDef { name: "expire", args: "DURATION", doc: "Close idle cached upstream connections after DURATION (default 10s).", values: &[] },
        OptionDef { name: "max_age", args: "DURATION", doc: "Close upstream connections older than DURATION, at least `expire` (default 0: no limit).", values: &[] },
        OptionDef { name: "max_idle_conns", args: "INTEGER", doc: "Idle connections kept per upstream (default 0: unlimited).", values: &[] },
        OptionDef { name: "read_timeout", args: "DURATION", doc: "How long to wait for an upstream's answer (default 2s).", values: &[] },
        OptionDef { name: "max_fails", args: "INTEGER", doc: "Consecutive failed health checks before an upstream is down (default 2; 0 never marks it down).", values: &[] },
        OptionDef { name: "max_connect_attempts", args: "INTEGER", doc: "Cap on upstream attempts per query (default twice the number of upstreams; 0: no cap).", values: &[] },
        OptionDef { name: "doh_method", args: "GET|POST", doc: "HTTP method for `https://` upstreams (default POST).", values: &["GET", "POST"] },
        OptionDef { name: "tls", args: "[CERT KEY] [CA]", doc: "TLS client settings for `tls://` and `https://` upstreams: a CA, a client certificate and key, or both.", values: &[] },
        OptionDef { name: "tls_servername", args: "NAME", doc: "Name the upstreams' TLS certificates are verified against.", values: &[] },
        OptionDef { name: "policy", args: "random|round_robin|sequential", doc: "Order in which upstreams are tried (default random).", values: &["random", "round_robin", "sequential"] },
        OptionDef { name: "health_check", args: "DURATION [no_rec] [domain FQDN]", doc: "Health-check interval (default 0.5s), without the RD bit (`no_rec`), for a given name (default `.`).", values: &[] },
        OptionDef { name: "max_concurrent", args: "MAX", doc: "Most concurrent queries before answering REFUSED (default 0: unlimited).", values: &[] },
        OptionDef { name: "next", args: "RCODE...", doc: "Try the next `forward` stanza when an upstream answers with one of these rcodes.", values: &["NXDOMAIN", "SERVFAIL", "REFUSED"] },
        OptionDef { name: "next_on_nodata", args: "", doc: "Try the next `forward` stanza when the answer is NODATA.", values: &[] },
        OptionDef { name: "failfast_all_unhealthy_upstreams", args: "", doc: "Answer SERVFAIL at once when every upstream is down, instead of trying one anyway.", values: &[] },
        OptionDef { name: "failover", args: "RCODE...", doc: "Try another upstream of this stanza when one answers with these rcodes (not NOERROR).", values: &["SERVFAIL", "REFUSED"] },
        OptionDef { name: "source_address", args: "IP", doc: "Local address to send upstream queries from.", values: &[] },
        OptionDef { name: "resolver", args: "IP[:PORT]...", doc: "Resolvers used at startup to look up upstreams written as host names.", values: &[] },
    ],
    history: "In-tree since 1.0.6; `policy sequential` and 0–3 `tls` arguments 1.1.2; `prefer_udp` 1.2.0; `max_concurrent`, \
`health_check no_rec` 1.6.8; several `forward` per block 1.9.4 (`health_check domain` 1.9.2); `next` 1.11.4; \
`failfast_all_unhealthy_upstreams` 1.12.1; `failover` 1.13.0; `max_connect_attempts` and `tls://IP%NAME` 1.13.2; \
`max_idle_conns` 1.14.1; `max_age` 1.14.3; host-name upstreams with `resolver`, `next_on_nodata` 1.14.4; DNS over \
HTTPS (`https://`, `doh_method`) and `read_timeout` 1.14.5; `source_address` 1.14.6.",
    setup,
    rules: &[
        &DUPLICATE_UPSTREAM,
        &UNREACHABLE_STANZA,
        &HTTPS3_WITHOUT_PORT,
        &SERVERNAME_IGNORED,
        &TLS_OPTION_UNUSED,
        &OPTIONS_ON_ONE_LINE,
        &NEXT_WITHOUT_NEXT_STANZA,
        &FROM_CIDR_SPLIT,
        &FROM_OUTSIDE_BLOCK,
        &EXCEPT_OUTSIDE_FROM,
    ],
};

/// One `forward` line as CoreDNS reads it, for cross-plugin rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardStanza {
    /// The directive name token of the line.
    pub at: Token,
    /// The normalized FROM zone (`None` when it holds a placeholder).
    pub from: Option<String>,
    /// The TO tokens with what `parse.HostPortOrFile` makes of them (`None` for placeholders).
    pub to: Vec<(Token, Option<Upstream>)>,
    /// Normalized `except` zones.
    pub except: Vec<String>,
    /// `next` or `next_on_nodata` is set.
    pub passes_on: bool,
}

/// Reads the block's `forward` lines as [`PLUGIN`]'s setup does; `None` when the block has no
/// `forward` or its setup fails. `zones` are the block's zones.
pub fn stanzas(block: &ServerBlock, zones: &[String]) -> Option<Vec<ForwardStanza>> {
    crate::read_config(PLUGIN.name, block, zones, parse)
}

fn setup(c: &mut Controller<'_>) -> SetupResult {
    parse(c).map(|_| ())
}

fn parse(c: &mut Controller<'_>) -> Result<Vec<ForwardStanza>, PluginError> {
    let mut stanzas = Vec::new();
    while c.next() {
        stanzas.push(parse_stanza(c)?);
    }
    for stanza in &stanzas {
        // Entries that are files or host names may expand to nothing, so only IP entries count
        // for certain.
        let certain: Vec<&Token> = stanza
            .to
            .iter()
            .filter(|(_, u)| matches!(u, Some(Upstream::Ip { .. } | Upstream::Unix(_))))
            .map(|(t, _)| t)
            .collect();
        if certain.len() > MAX_UPSTREAMS {
            return Err(c
                .err_at(
                    &codes::SETUP_FAILS,
                    certain[MAX_UPSTREAMS],
                    format!(
                        "`forward` accepts at most {MAX_UPSTREAMS} upstreams, got {}",
                        certain.len()
                    ),
                )
                .with_help("split the upstreams over several server blocks or use fewer"));
        }
    }
    report_stanza_order(c, &stanzas);
    Ok(stanzas)
}

fn invalid(c: &Controller<'_>, token: &Token, message: String) -> PluginError {
    c.err_at(&codes::INVALID_VALUE, token, message)
}

/// What the block of one stanza set, for the checks after the block.
#[derive(Default)]
struct BlockSettings {
    /// The `expire` value and its token (`None` token: the default 10s).
    expire: (Option<Token>, Option<i64>),
    max_age: Option<(Token, i64)>,
    tls_servername: Option<String>,
    tls_options: Vec<Token>,
    doh_method: Option<Token>,
    passes_on: Option<Token>,
    /// Each `except` line with the zones it added.
    except_tokens: Vec<(Token, Vec<String>)>,
}

fn parse_stanza(c: &mut Controller<'_>) -> Result<ForwardStanza, PluginError> {
    let at = c.token().expect("the loop stands on a token").clone();
    let Some(from_token) = c.args(1).map(|a| a[0].clone()) else {
        return Err(c
            .arg_err()
            .with_help("write `forward FROM TO...`, e.g. `forward . 8.8.8.8`"));
    };
    let from = read_from(c, &from_token)?;
    let to = c.remaining_args();
    if to.is_empty() {
        return Err(c
            .arg_err()
            .with_help("name at least one upstream, e.g. `forward . 8.8.8.8`"));
    }
    let to: Vec<Token> = to.into_iter().cloned().collect();

    let mut settings = BlockSettings {
        expire: (None, Some(DEFAULT_EXPIRE)),
        ..BlockSettings::default()
    };
    let mut last_consumed: Option<Token> = None;
    while c.next_block() {
        let option = c.token().expect("next_block stands on a token").clone();
        if skip_placeholder_option(c) {
            continue;
        }
        if let Some(previous) = &last_consumed {
            if previous.same_line_as_next(&option) && OPTIONS.contains(&option.text.as_str()) {
                let message = format!(
                    "`{}` is on the same line as the previous option and is read as another option",
                    option.text
                );
                c.report(
                    Diagnostic::new(&OPTIONS_ON_ONE_LINE, option.loc, message)
                        .with_help("put each option on its own line"),
                );
            }
        }
        parse_option(c, &option, &mut settings)?;
        last_consumed = c.token().cloned();
    }

    if let (Some((token, max_age)), (expire_token, Some(expire))) =
        (&settings.max_age, &settings.expire)
    {
        if *max_age > 0 && max_age < expire {
            let expire_text = expire_token
                .as_ref()
                .map_or("10s, the default".to_string(), |t| format!("`{}`", t.text));
            return Err(c
                .err_at(
                    &codes::SETUP_FAILS,
                    token,
                    format!(
                        "`max_age` `{}` must not be less than `expire` ({expire_text})",
                        token.text
                    ),
                )
                .with_help("raise `max_age`, lower `expire`, or set `max_age 0`"));
        }
    }
    let upstreams = check_upstreams(c, &to, &settings)?;
    report_tls_options(c, &upstreams, &settings);
    if let Some(from) = &from {
        report_from_outside(c, &from_token, from);
        report_except_outside(c, from, &settings.except_tokens);
    }
    Ok(ForwardStanza {
        at,
        from,
        to: upstreams,
        except: settings
            .except_tokens
            .into_iter()
            .flat_map(|(_, zones)| zones)
            .collect(),
        passes_on: settings.passes_on.is_some(),
    })
}

fn read_from(c: &mut Controller<'_>, from: &Token) -> Result<Option<String>, PluginError> {
    if from.has_placeholder() {
        return Ok(None);
    }
    let zones = zone::normalize_zone(&from.text).map_err(|e| {
        c.err_at(
            &codes::INVALID_VALUE,
            from,
            format!("`forward` FROM `{}` is not a valid zone: {e}", from.text),
        )
        .with_help("write a domain name (`.` for everything) or a CIDR")
    })?;
    if zones.len() > 1 {
        let message = format!(
            "`{}` expands to {} reverse zones; `forward` only uses the first, `{}`",
            from.text,
            zones.len(),
            zones[0]
        );
        c.report(
            Diagnostic::new(&FROM_CIDR_SPLIT, from.loc, message)
                .with_help("use a prefix on a label boundary, or one `forward` per reverse zone"),
        );
    }
    Ok(zones.into_iter().next())
}

fn parse_duration_option(
    c: &Controller<'_>,
    option: &Token,
    value: &Token,
) -> Result<Option<i64>, PluginError> {
    known(value, duration::parse_duration).map_err(|e| {
        invalid(
            c,
            value,
            format!("`{}` must be a duration: {e}", option.text),
        )
    })
}

fn non_negative(
    c: &Controller<'_>,
    option: &Token,
    value: &Token,
    parsed: Option<i64>,
) -> SetupResult {
    if parsed.is_some_and(|v| v < 0) {
        return Err(invalid(
            c,
            value,
            format!(
                "`{}` must not be negative, got `{}`",
                option.text, value.text
            ),
        ));
    }
    Ok(())
}

/// Reads one value with `NextArg`; the value may not be a line break away.
fn one_value<'t>(c: &mut Controller<'t>) -> Result<&'t Token, PluginError> {
    if !c.next_arg() {
        return Err(c.arg_err());
    }
    Ok(c.token().expect("next_arg moved onto a token"))
}

fn parse_rcodes(c: &Controller<'_>, option: &Token, args: &[&Token]) -> SetupResult {
    for rcode in args.iter().filter(|t| !t.has_placeholder()) {
        match dns::rcode(&rcode.text.to_uppercase()) {
            None => {
                return Err(
                    invalid(c, rcode, format!("`{}` is not a valid rcode", rcode.text))
                        .with_help("use a name such as NXDOMAIN, SERVFAIL or REFUSED"),
                )
            }
            Some(0) if option.text == "failover" => {
                return Err(invalid(
                    c,
                    rcode,
                    "`failover` cannot use NOERROR".to_string(),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn parse_option(
    c: &mut Controller<'_>,
    option: &Token,
    settings: &mut BlockSettings,
) -> SetupResult {
    match option.text.as_str() {
        "except" => {
            let args = c.remaining_args();
            if args.is_empty() {
                return Err(c.arg_err());
            }
            let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
            let list = zone::ZoneList::from_args(&texts);
            zone::report_dropped_zones(c, &args, &list);
            settings.except_tokens.push((option.clone(), list.zones));
        }
        "max_fails" | "max_connect_attempts" => {
            let value = one_value(c)?;
            known(value, |s| number::parse_uint(s, 32)).map_err(|e| {
                invalid(
                    c,
                    value,
                    format!("`{}` must be a whole number: {e}", option.text),
                )
            })?;
        }
        "health_check" => parse_health_check(c)?,
        "force_tcp" | "prefer_udp" | "next_on_nodata" => {
            if c.next_arg() {
                return Err(c.arg_err());
            }
            if option.text == "next_on_nodata" {
                settings.passes_on = Some(option.clone());
            }
        }
        "tls" => {
            let args = c.remaining_args();
            let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
            if let Err(e) = tls::parse_tls_args(&texts) {
                return Err(c.arg_err().with_help(e));
            }
            settings.tls_options.push(option.clone());
        }
        "tls_servername" => {
            let name = one_value(c)?;
            settings.tls_servername = Some(name.text.to_string());
            settings.tls_options.push(option.clone());
        }
        "expire" | "max_age" => {
            let value = one_value(c)?;
            let parsed = parse_duration_option(c, option, value)?;
            non_negative(c, option, value, parsed)?;
            if option.text == "expire" {
                settings.expire = (Some(value.clone()), parsed);
            } else {
                // Unknown (a placeholder) clears it: the last `max_age` wins.
                settings.max_age = parsed.map(|d| (value.clone(), d));
            }
        }
        "read_timeout" => {
            let value = one_value(c)?;
            if parse_duration_option(c, option, value)?.is_some_and(|d| d <= 0) {
                return Err(invalid(
                    c,
                    value,
                    format!("`read_timeout` must be positive, got `{}`", value.text),
                ));
            }
        }
        "max_idle_conns" | "max_concurrent" => {
            let value = one_value(c)?;
            let parsed = known(value, number::parse_atoi).map_err(|e| {
                invalid(
                    c,
                    value,
                    format!("`{}` must be an integer: {e}", option.text),
                )
            })?;
            non_negative(c, option, value, parsed)?;
        }
        "doh_method" => {
            let value = one_value(c)?;
            if !value.has_placeholder() && value.text != "GET" && value.text != "POST" {
                return Err(invalid(
                    c,
                    value,
                    format!("`doh_method` must be `GET` or `POST`, got `{}`", value.text),
                ));
            }
            settings.doh_method = Some(option.clone());
        }
        "policy" => {
            let value = one_value(c)?;
            if !value.has_placeholder()
                && !["random", "round_robin", "sequential"].contains(&value.text.as_str())
            {
                return Err(
                    invalid(c, value, format!("unknown `policy` `{}`", value.text))
                        .with_help("use `random`, `round_robin` or `sequential`"),
                );
            }
        }
        "next" | "failover" => {
            let args = c.remaining_args();
            if args.is_empty() {
                return Err(c.arg_err());
            }
            parse_rcodes(c, option, &args)?;
            if option.text == "next" {
                settings.passes_on = Some(option.clone());
            }
        }
        "failfast_all_unhealthy_upstreams" => {
            if !c.remaining_args().is_empty() {
                return Err(c.arg_err());
            }
        }
        "resolver" => {
            let args = c.remaining_args();
            if args.is_empty() {
                return Err(c.arg_err());
            }
            for arg in args.iter().filter(|t| !t.has_placeholder()) {
                let host = net::split_host_port(&arg.text).map_or(arg.text.as_str(), |(h, _)| h);
                if net::parse_ip(host).is_err() {
                    return Err(invalid(
                        c,
                        arg,
                        format!(
                            "`resolver` must be an IP address or IP:PORT, got `{}`",
                            arg.text
                        ),
                    ));
                }
            }
        }
        "source_address" => {
            let value = one_value(c)?;
            if known(value, net::parse_ip).is_err() {
                return Err(invalid(
                    c,
                    value,
                    format!(
                        "`source_address` must be an IP address, got `{}`",
                        value.text
                    ),
                ));
            }
        }
        _ => return Err(c.unknown_option(OPTIONS)),
    }
    Ok(())
}

/// `health_check DURATION [no_rec] [domain NAME]...`
fn parse_health_check(c: &mut Controller<'_>) -> SetupResult {
    let interval = one_value(c)?;
    let parsed = known(interval, duration::parse_duration).map_err(|e| {
        invalid(
            c,
            interval,
            format!("`health_check` needs a duration first: {e}"),
        )
    })?;
    if parsed.is_some_and(|d| d < 0) {
        return Err(invalid(
            c,
            interval,
            format!(
                "`health_check` interval must not be negative, got `{}`",
                interval.text
            ),
        ));
    }
    while c.next_arg() {
        let word = c.token().expect("next_arg moved onto a token");
        match word.text.as_str() {
            "no_rec" => {}
            "domain" => {
                let name = one_value(c)?;
                if !name.has_placeholder() && !zone::is_domain_name(&name.text) {
                    return Err(invalid(
                        c,
                        name,
                        format!(
                            "`health_check domain` needs a valid domain name, got `{}`",
                            name.text
                        ),
                    ));
                }
            }
            _ if word.has_placeholder() => {}
            other => {
                return Err(
                    invalid(c, word, format!("unknown `health_check` option `{other}`"))
                        .with_help("use `no_rec` or `domain NAME`"),
                );
            }
        }
    }
    Ok(())
}

/// The transport and `%servername` of an address as forward's `splitZone` splits them.
fn split_server_name(addr: &str) -> (String, Option<String>) {
    let (scheme, host) = match addr.split_once("://") {
        Some((scheme, host)) => (Some(scheme), host),
        None => (None, addr),
    };
    let (mut bare, mut name) = (host.to_string(), None);
    if let Some(percent) = host.rfind('%') {
        bare = host[..percent].to_string();
        if bare.starts_with('[') {
            bare.push(']');
        }
        let mut zone_part = &host[percent + 1..];
        if let Some(colon) = zone_part.rfind(':') {
            bare.push_str(&zone_part[colon..]);
            zone_part = zone_part[..colon].trim_end_matches(']');
        }
        name = Some(zone_part.to_string());
    }
    let bare = match scheme {
        Some(s) => format!("{s}://{bare}"),
        None => bare,
    };
    (bare, name)
}

/// The TO checks CoreDNS runs after the block, in its order; returns each TO's classification.
fn check_upstreams(
    c: &mut Controller<'_>,
    to: &[Token],
    settings: &BlockSettings,
) -> Result<Vec<(Token, Option<Upstream>)>, PluginError> {
    for addr in to.iter().filter(|t| !t.has_placeholder()) {
        if let (Transport::Https, rest) = net::split_transport(&addr.text) {
            if rest.contains('/') {
                return Err(invalid(c, addr, format!("`{}`: paths are not allowed in HTTPS upstreams (`/dns-query` is always used)", addr.text))
                    .with_help("remove the path"));
            }
        }
    }
    let mut classified = Vec::new();
    for addr in to {
        if addr.has_placeholder() {
            classified.push((addr.clone(), None));
            continue;
        }
        let upstream = net::host_port_or_file(&addr.text)
            .map_err(|e| invalid(c, addr, format!("`forward` upstream {e}")))?;
        // A path is plainly a resolv.conf file (`/etc/resolv.conf` is the most common upstream of
        // all); only bare names, which may be meant as host names, deserve a note.
        let note = matches!(&upstream, Upstream::File { transport, path } if !path.contains('/') || !matches!(transport, Transport::Dns | Transport::Tls | Transport::Https));
        if let (true, Upstream::File { transport, path }) = (note, &upstream) {
            let refused = !matches!(
                transport,
                Transport::Dns | Transport::Tls | Transport::Https
            );
            let message = if refused {
                format!("`{}` is not an IP address: CoreDNS reads it as a resolv.conf file and fails if `{path}` does not exist (a `{}://` host name is not accepted)", addr.text, transport.scheme())
            } else {
                format!("`{}` is not an IP address: CoreDNS reads it as a resolv.conf file, or else resolves it as a host name at startup", addr.text)
            };
            let severity = if refused {
                Severity::Warning
            } else {
                Severity::Hint
            };
            c.report(
                Diagnostic::new(&codes::NEEDS_OUTSIDE_WORLD, addr.loc, message)
                    .with_severity(severity),
            );
        }
        classified.push((addr.clone(), Some(upstream)));
    }
    let mut seen = HashSet::new();
    for (addr, upstream) in &classified {
        let (transport, normalized) = match upstream {
            Some(Upstream::Ip { transport, addr }) => (*transport, addr),
            Some(Upstream::Unix(path)) => (Transport::Unix, path),
            _ => continue,
        };
        let (bare, server_name) = split_server_name(normalized);
        let (scheme, host_port) = net::split_transport(&bare);
        if !seen.insert(host_port.to_string()) {
            let message = format!("upstream `{}` repeats an earlier one (`{host_port}`); CoreDNS keeps only the first", addr.text);
            c.report(
                Diagnostic::new(&DUPLICATE_UPSTREAM, addr.loc, message)
                    .with_help("remove it or correct the address"),
            );
            continue;
        }
        if transport == Transport::Https3 && normalized.is_empty() {
            let message = format!("`{}` has no port, which gives an upstream with an empty address; queries to it fail", addr.text);
            c.report(
                Diagnostic::new(&HTTPS3_WITHOUT_PORT, addr.loc, message)
                    .with_help("use `https://` (DNS over HTTPS) or `tls://`"),
            );
            continue;
        }
        if !matches!(scheme, Transport::Dns | Transport::Tls | Transport::Https) {
            return Err(unsupported_scheme(c, addr, scheme));
        }
        match (&server_name, scheme) {
            (Some(name), Transport::Tls) => {
                if let Some(global) = &settings.tls_servername {
                    return Err(c
                        .err_at(&codes::SETUP_FAILS, addr, format!("`{}` names TLS server `{name}` while `tls_servername` is `{global}`", addr.text))
                        .with_help("keep only one of the two server names"));
                }
            }
            (Some(name), _) => {
                let message =
                    format!("`%{name}` is ignored: only `tls://` upstreams use a server name");
                c.report(
                    Diagnostic::new(&SERVERNAME_IGNORED, addr.loc, message).with_help(format!(
                        "use a `tls://` upstream for a server name, or drop `%{name}`"
                    )),
                );
            }
            (None, _) => {}
        }
    }
    Ok(classified)
}

fn unsupported_scheme(c: &Controller<'_>, addr: &Token, scheme: Transport) -> PluginError {
    c.err_at(
        &codes::INVALID_VALUE,
        addr,
        format!(
            "`forward` cannot send queries over `{}://` (`{}`)",
            scheme.scheme(),
            addr.text
        ),
    )
    .with_help("use a plain IP address, `tls://` or `https://`")
}

fn report_tls_options(
    c: &mut Controller<'_>,
    upstreams: &[(Token, Option<Upstream>)],
    settings: &BlockSettings,
) {
    let transports: Vec<Option<Transport>> = upstreams
        .iter()
        .map(|(_, u)| match u {
            Some(Upstream::Ip { transport, .. } | Upstream::File { transport, .. }) => {
                Some(*transport)
            }
            Some(Upstream::Unix(_)) => Some(Transport::Unix),
            None => None,
        })
        .collect();
    if transports.contains(&None) {
        return;
    }
    let any = |wanted: &[Transport]| transports.iter().flatten().any(|t| wanted.contains(t));
    if !any(&[Transport::Tls, Transport::Https]) {
        for option in &settings.tls_options {
            let message = format!(
                "`{}` has no effect: no upstream of this `forward` uses `tls://` or `https://`",
                option.text
            );
            c.report(
                Diagnostic::new(&TLS_OPTION_UNUSED, option.loc, message)
                    .with_help("write the upstreams as `tls://IP`, or remove the option"),
            );
        }
    }
    if let (Some(option), false) = (&settings.doh_method, any(&[Transport::Https])) {
        let message = "`doh_method` has no effect: no upstream of this `forward` uses `https://`";
        c.report(Diagnostic::new(&TLS_OPTION_UNUSED, option.loc, message).with_help("remove it"));
    }
}

fn report_from_outside(c: &mut Controller<'_>, from_token: &Token, from: &str) {
    let zones = c.ctx.zones;
    if zones.is_empty()
        || zones
            .iter()
            .any(|z| zone::is_subdomain(z, from) || zone::is_subdomain(from, z))
    {
        return;
    }
    let message = format!(
        "`forward {from}` never matches: the server block serves only {}",
        zones.join(", ")
    );
    c.report(
        Diagnostic::new(&FROM_OUTSIDE_BLOCK, from_token.loc, message)
            .with_help("use a FROM inside the block's zones, e.g. `.`"),
    );
}

fn report_except_outside(c: &mut Controller<'_>, from: &str, excepts: &[(Token, Vec<String>)]) {
    for (line, zones) in excepts {
        for except in zones {
            let message = if zone::is_subdomain(except, from) {
                format!("`except {except}` contains the FROM zone `{from}`: only `{from}` itself is still forwarded")
            } else if !zone::is_subdomain(from, except) {
                format!("`except {except}` is outside the FROM zone `{from}` and excludes nothing")
            } else {
                continue;
            };
            c.report(
                Diagnostic::new(&EXCEPT_OUTSIDE_FROM, line.loc, message).with_help(format!(
                    "list zones below `{from}` in `except`, or remove it"
                )),
            );
        }
    }
}

/// Warnings that need all stanzas of the block: shadowed stanzas and a pointless `next`.
fn report_stanza_order(c: &mut Controller<'_>, stanzas: &[ForwardStanza]) {
    for (i, later) in stanzas.iter().enumerate() {
        let Some(later_from) = &later.from else {
            continue;
        };
        let shadow = stanzas[..i].iter().find(|earlier| {
            earlier
                .from
                .as_ref()
                .is_some_and(|f| zone::is_subdomain(f, later_from))
                && !earlier.passes_on
                && !earlier
                    .except
                    .iter()
                    .any(|e| zone::is_subdomain(e, later_from) || zone::is_subdomain(later_from, e))
        });
        if let Some(earlier) = shadow {
            let message = format!(
                "this `forward {later_from}` never gets a query: the earlier `forward {}` takes all of them",
                earlier.from.as_deref().unwrap_or_default()
            );
            let d = Diagnostic::new(&UNREACHABLE_STANZA, later.at.loc, message)
                .with_label(earlier.at.loc, "earlier `forward`")
                .with_help(
                    "move the more specific `forward` first, or add `except` to the earlier one",
                );
            c.report(d);
        }
    }
    if let Some(last) = stanzas.last().filter(|s| s.passes_on) {
        let message = "`next`/`next_on_nodata` have no effect in the last `forward` of the block";
        c.report(
            Diagnostic::new(&NEXT_WITHOUT_NEXT_STANZA, last.at.loc, message)
                .with_help("add the `forward` that should get those queries after this one"),
        );
    }
}
