//! Pieces several plugin validators share: warnings for ignored later occurrences and for a
//! block's `{` written on the next line; the integer limits of the listener-tuning plugins
//! (`quic`, `grpc_server`, `https`, `https3`) and which listeners their settings reach; the HTTP
//! side-listener addresses of `ready`, `health`, `pprof` and `prometheus`; the zone arguments and
//! `fallthrough`/`upstream` options of the zone-serving plugins; and small Dispenser idioms (the
//! unknown-option default branch, placeholder option names, the one-line-block hint).

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token, Transport};

use crate::values::{fall, net, number};
use crate::{codes, Controller, PluginError, SetupResult};

pub static IGNORED_OCCURRENCE: RuleMeta = RuleMeta {
    code: "PLG305",
    name: "plugin-occurrence-ignored",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A repeated directive that CoreDNS never reads, because the plugin only looks at its first occurrence",
    doc: "## What it does\nFinds a second (or later) occurrence of a directive whose setup reads only the first one in \
a server block: `bufsize`, `grpc_server`, `https`, `https3`, `quic`, `reload` and `whoami`.\n\n\
## Why is this bad?\nCoreDNS neither applies nor validates the later lines, so their values (even invalid ones) \
are silently dropped.\n\n## Example\n```corefile\n. {\n    bufsize 1232\n    bufsize 512\n}\n```\n\
The block advertises 1232; `bufsize 512` does nothing.\n\n## Fix\nKeep a single occurrence with the value you mean.",
};

/// Warns at every occurrence of the directive after the first one in the block.
pub fn report_ignored_occurrences(c: &mut Controller<'_>) {
    let later: Vec<Token> = c
        .ctx
        .block
        .directives_named(c.name)
        .skip(1)
        .map(|d| d.name_token().clone())
        .collect();
    for name in later {
        let message = format!(
            "only the first `{0}` of a server block is read; this `{0}` is ignored",
            c.name
        );
        let d = Diagnostic::new(&IGNORED_OCCURRENCE, name.loc, message)
            .with_help(format!("merge it into the first `{}` or remove it", c.name));
        c.report(d);
    }
}

pub static BRACE_ON_NEXT_LINE: RuleMeta = RuleMeta {
    code: "PLG319",
    name: "block-brace-on-next-line",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A directive's `{` written on the next line, where the plugin does not read it as its block",
    doc: "## What it does\nFinds a `{` that starts the line after a directive instead of ending the directive's line.\n\n\
## Why is this bad?\nPlugins open their block only when `{` is the last token of the directive line. A `{` on the next \
line is read as another occurrence of the directive, and the options inside become occurrences too: depending on the \
plugin the block is silently ignored (`log` loses its `class` filter, `quic` and `https` keep their defaults, `cancel` \
falls back to its default timeout) or setup fails with a confusing message.\n\n\
## Example\n```corefile\n. {\n    log\n    {\n        class denial\n    }\n}\n```\n\n\
## Fix\nMove the `{` to the end of the directive's line: `log {`.",
};

/// Warns at each occurrence of the directive whose line is followed by a line starting with `{`.
pub fn report_brace_on_next_line(c: &mut Controller<'_>) {
    let braces: Vec<Token> = c
        .ctx
        .block
        .directives_named(c.name)
        .filter_map(|d| {
            let line_end = d
                .tokens
                .windows(2)
                .position(|w| !w[0].same_line_as_next(&w[1]))?;
            let next = &d.tokens[line_end + 1];
            (next.text == "{" && !next.quoted).then(|| next.clone())
        })
        .collect();
    for brace in braces {
        let message = format!(
            "this `{{` is on its own line, so `{}` does not read it as its block",
            c.name
        );
        let d = Diagnostic::new(&BRACE_ON_NEXT_LINE, brace.loc, message)
            .with_help(format!("move the `{{` to the end of the `{}` line", c.name));
        c.report(d);
    }
}

/// One integer option of a listener-tuning block.
pub struct LimitOption {
    pub name: &'static str,
    /// Smallest accepted value: 1 for "positive", 0 for "non-negative".
    pub min: i64,
}

/// `max_streams` of `grpc_server` and `https3`: 0 means unlimited.
pub const MAX_STREAMS: LimitOption = LimitOption {
    name: "max_streams",
    min: 0,
};

/// `max_connections` of `grpc_server`, `https` and `https3`: 0 means unlimited.
pub const MAX_CONNECTIONS: LimitOption = LimitOption {
    name: "max_connections",
    min: 0,
};

pub static FIRST_KEY_ONLY: RuleMeta = RuleMeta {
    code: "PLG317",
    name: "listener-settings-first-key-only",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "Listener settings (`quic`, `grpc_server`, `https`, `https3`, `proxyproto`) that only the block's first key gets",
    doc: "## What it does\nChecks the keys of blocks with `quic`, `grpc_server`, `https`, `https3` or `proxyproto`. \
These plugins store their settings on the configuration of the block's **first key** only, so only that key's \
listener uses them.\n\n## Why is this bad?\nIf the first key has another transport than the plugin tunes \
(`quic://`, `grpc://`, `https://`, `https3://`), the settings are never used; in a block without such a key they \
have no effect at all. Other keys on other ports or transports keep the defaults (for `proxyproto`: they do not \
speak PROXY protocol).\n\n\
## Example\n```corefile\n. quic://.:853 {\n    tls cert.pem key.pem\n    quic {\n        max_streams 64\n    }\n}\n```\n\
The first key `.` is plain DNS, so the QUIC listener keeps its defaults.\n\n\
## Fix\nGive each listener its own server block, or put the tuned listener's key first.",
};

/// The block's listeners as (transport, port), first key first, without repeats.
fn listeners(c: &Controller<'_>) -> Vec<(Transport, String)> {
    let mut out: Vec<(Transport, String)> = Vec::new();
    for addr in c
        .ctx
        .block
        .keys
        .iter()
        .filter_map(|k| k.addrs.as_ref().ok())
        .flatten()
    {
        let listener = (addr.transport, addr.port.clone());
        if !out.contains(&listener) {
            out.push(listener);
        }
    }
    out
}

/// Warns when settings stored on the first key's configuration miss listeners of the block:
/// `transport` is the one the plugin tunes, `None` for settings every transport uses.
pub fn check_first_key_only(c: &mut Controller<'_>, head: &Token, transport: Option<Transport>) {
    let all = listeners(c);
    let Some((first_transport, first_port)) = all.first().cloned() else {
        return;
    };
    let name = c.name;
    let message = match transport {
        Some(t) if first_transport != t => {
            let scheme = t.scheme();
            if all.iter().any(|(tr, _)| *tr == t) {
                format!("`{name}` settings only reach the block's first key, which is not a `{scheme}://` key")
            } else {
                format!("`{name}` has no effect: this block has no `{scheme}://` key")
            }
        }
        _ => {
            let missed: Vec<String> = all[1..]
                .iter()
                .filter(|(tr, _)| transport.is_none_or(|t| *tr == t))
                .map(|(tr, port)| format!("`{}://:{port}`", tr.scheme()))
                .collect();
            if missed.is_empty() {
                return;
            }
            format!(
                "`{name}` only applies to the listener of the block's first key (`{}://:{first_port}`), not to {}",
                first_transport.scheme(),
                missed.join(", ")
            )
        }
    };
    let d = Diagnostic::new(&FIRST_KEY_ONLY, head.loc, message).with_help(
        "give each listener its own server block, or put the tuned listener's key first",
    );
    c.report(d);
}

/// The shape shared by `quic`, `grpc_server`, `https` and `https3`: only the first occurrence is
/// read, no arguments, then a block of integer options each allowed once.
pub fn parse_listener_limits(
    c: &mut Controller<'_>,
    transport: Transport,
    options: &[LimitOption],
) -> SetupResult {
    c.next();
    let head = c.token().expect("a directive has its name token");
    if !c.remaining_args().is_empty() {
        return Err(arg_err(c));
    }
    let mut seen: Vec<&str> = Vec::new();
    while c.next_block() {
        let Some(option) = options.iter().find(|o| o.name == c.val()) else {
            let known: Vec<&str> = options.iter().map(|o| o.name).collect();
            unknown_option(c, &known)?;
            continue;
        };
        let option_token = c.token().expect("next_block stops on a token");
        let args = c.remaining_args();
        if args.len() != 1 {
            return Err(arg_err(c));
        }
        let value = args[0];
        if !value.has_placeholder() {
            let n = number::parse_atoi(&value.text).map_err(|e| {
                c.err_at(
                    &codes::INVALID_VALUE,
                    value,
                    format!("invalid `{}` value: {e}", option.name),
                )
            })?;
            if n < option.min {
                let wanted = if option.min > 0 {
                    "a positive integer"
                } else {
                    "a non-negative integer"
                };
                return Err(c.err_at(
                    &codes::INVALID_VALUE,
                    value,
                    format!("`{}` must be {wanted}, got `{n}`", option.name),
                ));
            }
        }
        if seen.contains(&option.name) {
            return Err(c
                .err_at(
                    &codes::SETUP_FAILS,
                    option_token,
                    format!("`{}` is already defined in this block", option.name),
                )
                .with_help("keep one line per option"));
        }
        seen.push(option.name);
    }
    report_ignored_occurrences(c);
    check_first_key_only(c, head, Some(transport));
    Ok(())
}

pub static LISTEN_PORT: RuleMeta = RuleMeta {
    code: "PLG304",
    name: "http-listen-port-invalid",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "The address of health, ready, prometheus or pprof has a port no listener can open",
    doc: "## What it does\nChecks the port of the HTTP endpoint address of `health`, `ready`, `prometheus` and \
`pprof`: setup only splits `host:port`, the port is used when the listener is opened.\n\n\
## Why is this bad?\nA port above 65535, a negative port or a word that is not a service name cannot be opened. \
`health` and `pprof` then abort CoreDNS's startup; `ready` and `prometheus` swallow the error and silently serve no \
endpoint. An empty port (`host:`) listens on a random port nobody knows.\n\n\
## Example\n```corefile\n. {\n    prometheus :91530\n}\n```\n\n## Fix\nWrite a decimal port between 1 and 65535, e.g. `:9153`.",
};

/// The arguments of an HTTP endpoint line (`health`, `ready`, `pprof`, `prometheus`): nothing,
/// or one ADDRESS checked by [`check_http_address`]. `example` is a typical address for the help.
pub fn optional_http_address(c: &mut Controller<'_>, example: &str) -> SetupResult {
    let args = c.remaining_args();
    match args.as_slice() {
        [] => Ok(()),
        [addr] => check_http_address(c, addr),
        _ => Err(c.arg_err().with_help(format!(
            "write at most one ADDRESS, e.g. `{} {example}`",
            c.name
        ))),
    }
}

/// Go `net.SplitHostPort` on an HTTP endpoint address (an error when it fails), then a warning
/// when the port cannot be listened on.
fn check_http_address(c: &mut Controller<'_>, addr: &Token) -> SetupResult {
    if addr.has_placeholder() {
        return Ok(());
    }
    let (_, port) = net::split_host_port(&addr.text).map_err(|e| {
        c.err_at(&codes::INVALID_VALUE, addr, format!("invalid `{}` address: {e}", c.name))
            .with_help("write the port after a colon, e.g. `:8080`; put IPv6 addresses in brackets, e.g. `[::1]:8080`")
    })?;
    let problem = if port.is_empty() {
        Some("has an empty port, so a random port is used".to_string())
    } else if port.bytes().all(|b| b.is_ascii_digit()) {
        port.parse::<u32>()
            .map_or(true, |p| p > 65535)
            .then(|| format!("has port `{port}`, above 65535"))
    } else if port.starts_with(['-', '+'])
        || !port.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        Some(format!(
            "has port `{port}`, which is neither a number nor a service name"
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        let consequence = match c.name {
            "health" | "pprof" => "CoreDNS will fail to start",
            _ => "the endpoint will silently not be served",
        };
        let d = Diagnostic::new(
            &LISTEN_PORT,
            addr.loc,
            format!(
                "`{}` address `{}` {problem}; {consequence}",
                c.name, addr.text
            ),
        )
        .with_help("use a decimal port between 1 and 65535");
        c.report(d);
    }
    Ok(())
}

pub static SHARED_ENDPOINT: RuleMeta = RuleMeta {
    code: "PLG321",
    name: "http-endpoints-share-address",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`health`, `ready`, `pprof` or `prometheus` of one block listening on the same address",
    doc: "## What it does\nCompares the addresses (given or default: `health` `:8080`, `ready` `:8181`, `pprof` \
`localhost:6053`, `prometheus` `localhost:9153`) of the HTTP endpoints of a server block.\n\n## Why is this bad?\n\
All four open their listener with SO_REUSEPORT, so two of them on one address both start without error and the \
kernel spreads connections between them: each path (`/health`, `/ready`, `/metrics`, `/debug/pprof`) then randomly \
answers 404, and probes fail intermittently.\n\n\
## Example\n```corefile\n. {\n    health :8080\n    ready :8080\n}\n```\n\n## Fix\nGive each endpoint its own port.",
};

/// HTTP side listeners in plugin.cfg order, with their default addresses.
const HTTP_ENDPOINTS: &[(&str, &str)] = &[
    ("ready", ":8181"),
    ("health", ":8080"),
    ("pprof", "localhost:6053"),
    ("prometheus", "localhost:9153"),
];

/// The address a block's `name` endpoint listens on: the last address given, else the default;
/// `None` when the plugin is absent or the address cannot be judged.
fn endpoint_address(c: &Controller<'_>, name: &str, default: &str) -> Option<(String, Token)> {
    let mut found: Option<(String, Token)> = None;
    for d in c.ctx.block.directives_named(name) {
        let arg = d
            .tokens
            .get(1)
            .filter(|t| d.name_token().same_line_as_next(t) && t.text != "{");
        match arg {
            Some(t) if t.has_placeholder() => return None,
            Some(t) => found = Some((t.text.to_string(), t.clone())),
            None if found.is_none() => found = Some((default.to_string(), d.name_token().clone())),
            None => {}
        }
    }
    found
}

/// Warns when this endpoint listens where an endpoint earlier in plugin order of the same block does.
pub fn report_shared_endpoint(c: &mut Controller<'_>) {
    let Some(position) = HTTP_ENDPOINTS.iter().position(|(n, _)| *n == c.name) else {
        return;
    };
    let Some((mine, at)) = endpoint_address(c, c.name, HTTP_ENDPOINTS[position].1) else {
        return;
    };
    let Ok((my_host, my_port)) = net::split_host_port(&mine) else {
        return;
    };
    let wildcard = |h: &str| matches!(h, "" | "0.0.0.0" | "::");
    for (other, default) in &HTTP_ENDPOINTS[..position] {
        let Some((theirs, _)) = endpoint_address(c, other, default) else {
            continue;
        };
        let Ok((host, port)) = net::split_host_port(&theirs) else {
            continue;
        };
        let overlaps = !port.is_empty()
            && port == my_port
            && (host == my_host || wildcard(host) || wildcard(my_host));
        if overlaps {
            let message = format!(
                "`{}` listens on `{mine}` like `{other}` (`{theirs}`); requests are spread between both and randomly answer 404",
                c.name
            );
            let d = Diagnostic::new(&SHARED_ENDPOINT, at.loc, message)
                .with_help("give each endpoint its own port");
            c.report(d);
        }
    }
}

const ONE_LINE_BLOCK: &str =
    "a one-line block puts `}` among the option's values; write the block over several lines";

/// `c.arg_err()`, explaining the usual cause when the extra value is a block's `}`.
pub fn arg_err(c: &Controller<'_>) -> PluginError {
    explain_brace(c.arg_err(), c.val())
}

/// Adds the one-line-block explanation to an error about the value `}`.
pub fn explain_brace(e: PluginError, value: &str) -> PluginError {
    if value == "}" {
        e.with_help(ONE_LINE_BLOCK)
    } else {
        e
    }
}

/// The default branch of an option switch: an unknown option fails, unless its name holds an
/// environment placeholder (unknown until run time), whose line is then skipped.
pub fn unknown_option(c: &mut Controller<'_>, known: &[&str]) -> SetupResult {
    if skip_placeholder_option(c) {
        return Ok(());
    }
    Err(c.unknown_option(known))
}

/// With the cursor on an option name that holds an environment placeholder, skips its line and
/// returns `true`: the name is only known at run time, so the line is not judged.
pub fn skip_placeholder_option(c: &mut Controller<'_>) -> bool {
    if !c.token().is_some_and(Token::has_placeholder) {
        return false;
    }
    c.remaining_args();
    true
}

/// A cloud plugin's zone argument (`route53`, `clouddns`, `azure`) split at its first colons
/// like Go's `strings.SplitN`, into as many parts as `form` names (`ZONE:HOSTED_ZONE_ID`), none
/// of them empty. `what` names the argument in the error, `example` is a valid one.
pub fn split_zone_argument<'t>(
    c: &Controller<'_>,
    arg: &'t Token,
    what: &str,
    form: &str,
    example: &str,
) -> Result<Vec<&'t str>, PluginError> {
    let parts = form.split(':').count();
    let split: Vec<&str> = arg.text.splitn(parts, ':').collect();
    if split.len() == parts && split.iter().all(|p| !p.is_empty()) {
        return Ok(split);
    }
    Err(c
        .err_at(
            &codes::INVALID_VALUE,
            arg,
            format!("invalid {what} `{}`, expected {form}", arg.text),
        )
        .with_help(format!("write e.g. `{example}`")))
}

/// A cloud plugin's zone argument given a second time, which its setup refuses.
pub fn zone_listed_twice(c: &Controller<'_>, arg: &Token) -> PluginError {
    c.err_at(
        &codes::SETUP_FAILS,
        arg,
        format!("zone `{}` is listed twice", arg.text),
    )
}

/// `fallthrough [ZONES...]` (plugin/pkg/fall), with the cursor on the option: never an error,
/// but zones CoreDNS drops are worth a warning.
pub fn fallthrough_line(c: &mut Controller<'_>) {
    let args = c.remaining_args();
    if args.iter().any(|a| a.has_placeholder()) {
        return;
    }
    fall::fallthrough_option(c, &args);
}

/// `upstream [ADDRESS...]`, with the cursor on the option: accepted and ignored by the plugins
/// serving zones (a no-op since CoreDNS 1.5.2), so a warning.
pub fn ignore_upstream(c: &mut Controller<'_>) {
    let option = c.token().expect("positioned on the option");
    c.remaining_args();
    let message = format!(
        "`upstream` does nothing in `{}`: names outside the zones are always resolved through CoreDNS itself",
        c.name
    );
    c.report(Diagnostic::new(&codes::DEPRECATED, option.loc, message).with_help("delete the line"));
}

/// Warns (as `rule`) at the first of the `extra` arguments of `option`: its setup reads only
/// the first argument and ignores the rest of the line without a message.
pub fn report_ignored_arguments(
    c: &mut Controller<'_>,
    rule: &'static RuleMeta,
    option: &str,
    extra: &[&Token],
) {
    if let Some(first) = extra.first() {
        let message = format!(
            "`{option}` reads only its first argument; `{}` is ignored",
            first.text
        );
        c.report(Diagnostic::new(rule, first.loc, message).with_help("remove the extra arguments"));
    }
}
