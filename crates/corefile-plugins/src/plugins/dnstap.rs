//! `dnstap`: sends dnstap messages of queries and responses to a collector, or serves them to
//! connecting clients (`listen`). Mirrors plugin/dnstap/setup.go `parseConfig`: every occurrence
//! gives SOCKET, the `full` flag, WRITEBUFFER and QUEUE, then a block of options.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::log::{report_unknown_placeholders, UNKNOWN_PLACEHOLDER};
use super::shared::{arg_err, report_brace_on_next_line, unknown_option, BRACE_ON_NEXT_LINE};
use crate::values::url;
use crate::values::{net, number};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

const OPTIONS: &[&str] = &["identity", "version", "extra", "skipverify", "tls"];

pub static FULL_FLAG: RuleMeta = RuleMeta {
    code: "PLG302",
    name: "dnstap-full-flag-ignored",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "The second `dnstap` argument is not `full`, so it is ignored",
    doc: "## What it does\nChecks the argument after the dnstap SOCKET, which is only ever compared with the exact word `full`.\n\n\
## Why is this bad?\nAny other word (`FULL`, `ful`, a number) is silently accepted and means \"no wire-format messages\". \
A number there is usually a WRITEBUFFER written without `full`, which shifts every later argument by one.\n\n\
## Example\n```corefile\n. {\n    dnstap /tmp/dnstap.sock 16 8\n}\n```\n`16` is ignored and `8` becomes WRITEBUFFER.\n\n\
## Fix\nWrite `full` (lower case) in that position, or leave the position out.",
};

pub static SOCKET_PATH: RuleMeta = RuleMeta {
    code: "PLG303",
    name: "dnstap-address-as-socket-path",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A dnstap endpoint that looks like a network address is used as a Unix socket path",
    doc: "## What it does\nFinds dnstap endpoints without `tcp://` or `tls://` that look like `HOST:PORT` or carry another \
scheme (`udp://`, `http://`).\n\n## Why is this bad?\nOnly `tcp://` and `tls://` select a network connection; everything \
else is a Unix socket path, so `dnstap 127.0.0.1:6000` tries to connect to a file named `127.0.0.1:6000`. The failure is \
only logged.\n\n## Example\n```corefile\n. {\n    dnstap 127.0.0.1:6000 full\n}\n```\n\n## Fix\nWrite `tcp://127.0.0.1:6000`.",
};

pub static TLS_UNUSED: RuleMeta = RuleMeta {
    code: "PLG320",
    name: "dnstap-tls-settings-unused",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "dnstap TLS settings that the endpoint never uses, or a TLS listener without certificates",
    doc: "## What it does\nChecks `tls` and `skipverify` lines of `dnstap` against the endpoint's kind.\n\n\
## Why is this bad?\nOnly a `dnstap listen tls://` endpoint loads the `tls CERT KEY [CA]` files; under `listen tcp://` \
or a Unix socket the line is ignored. Without that line a `listen tls://` endpoint logs an error at startup and never \
listens. `skipverify` only matters for `tls://` endpoints.\n\n\
## Example\n```corefile\n. {\n    dnstap listen tls://127.0.0.1:6000 full\n}\n```\n\n\
## Fix\nGive a `tls://` listener its certificate and key; remove TLS lines from plain endpoints.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "dnstap",
    summary: "Logs queries and responses in dnstap format to a Unix or TCP/TLS collector, or serves them on a listener.",
    syntax: "dnstap [listen] SOCKET [full] [WRITEBUFFER] [QUEUE] {\n    identity IDENTITY\n    version VERSION\n    \
extra EXTRA\n    skipverify\n    tls CERT KEY [CA]\n}",
    snippet: "dnstap ${1:/tmp/dnstap.sock} full",
    options: &[
        OptionDef { name: "identity", args: "IDENTITY", doc: "Identity sent in messages (default: the host name).", values: &[] },
        OptionDef { name: "version", args: "VERSION", doc: "Version sent in messages (default `CoreDNS-<version>`).", values: &[] },
        OptionDef {
            name: "extra",
            args: "EXTRA",
            doc: "Extra text sent in each message; `{…}` placeholders and `{/metadata}` labels are replaced.",
            values: &[],
        },
        OptionDef {
            name: "skipverify",
            args: "",
            doc: "Do not verify the collector's TLS certificate (only meaningful for `tls://` endpoints).",
            values: &[],
        },
        OptionDef {
            name: "tls",
            args: "CERT KEY [CA]",
            doc: "Certificate, key and optional client CA of a `listen tls://` listener (refused for sending endpoints).",
            values: &[],
        },
    ],
    history: "Since CoreDNS 010; `tcp://` since 011; `identity`/`version` since 1.9.4; `tls://` and `skipverify` since \
1.11.0; `extra` since 1.11.1; WRITEBUFFER/QUEUE since 1.11.4, range-checked since 1.13.0; `listen` and its `tls` option, \
and refusal of unknown options, since 1.14.4.",
    setup,
    rules: &[&FULL_FLAG, &SOCKET_PATH, &TLS_UNUSED, &UNKNOWN_PLACEHOLDER, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next() {
        let mut args = c.remaining_args();
        if args.is_empty() {
            return Err(c.arg_err().with_help(
                "give the endpoint: `dnstap /tmp/dnstap.sock` or `dnstap tcp://HOST:PORT`",
            ));
        }
        let listen = args[0].text == "listen";
        if listen {
            if args.len() < 2 {
                return Err(c.err_at(
                    &codes::ARGUMENT_COUNT,
                    args[0],
                    "`dnstap listen` needs an endpoint argument",
                ));
            }
            args.remove(0);
        }
        check_multiplier(c, args.get(2).copied(), "WRITEBUFFER", 1024, "MiB")?;
        check_multiplier(c, args.get(3).copied(), "QUEUE", 4096, "x10k messages")?;
        let endpoint = args[0];
        let network = endpoint.text.starts_with("tls://") || endpoint.text.starts_with("tcp://");
        if network && !endpoint.has_placeholder() {
            if let Err(e) = url::parse(&endpoint.text) {
                let last = args[args.len() - 1];
                return Err(c
                    .err_at(
                        &codes::INVALID_VALUE,
                        endpoint,
                        format!("invalid dnstap endpoint `{}`: {e}", endpoint.text),
                    )
                    .with_help(format!(
                        "CoreDNS reports this as a wrong argument count after `{}`",
                        last.text
                    )));
            }
        } else if !network {
            check_socket_path(c, endpoint);
        }
        if let Some(&flag) = args.get(1) {
            check_full_flag(c, flag);
        }
        let mut tls_line = None;
        let mut skipverify = None;
        while c.next_block() {
            match c.val() {
                "skipverify" => skipverify = c.token(),
                "tls" => {
                    tls_line = c.token();
                    if !listen {
                        return Err(c
                            .err(
                                &codes::SETUP_FAILS,
                                "`tls` is only valid in a `dnstap listen` block",
                            )
                            .with_help(
                                "remove it; a sending endpoint uses `tls://` with the system's CAs",
                            ));
                    }
                    if c.remaining_args().len() < 2 {
                        return Err(c.err(
                            &codes::ARGUMENT_COUNT,
                            "`tls` needs the certificate and key file paths",
                        ));
                    }
                }
                "identity" | "version" | "extra" => {
                    let option = c.val();
                    if !c.next_arg() {
                        return Err(arg_err(c));
                    }
                    if option == "extra" {
                        let extra = c.token().expect("next_arg stops on a token");
                        report_unknown_placeholders(c, extra, &[]);
                    }
                }
                _ => unknown_option(c, OPTIONS)?,
            }
        }
        check_tls_settings(c, listen, endpoint, tls_line, skipverify);
    }
    Ok(())
}

/// TLS settings the endpoint's kind never uses.
fn check_tls_settings(
    c: &mut Controller<'_>,
    listen: bool,
    endpoint: &Token,
    tls_line: Option<&Token>,
    skipverify: Option<&Token>,
) {
    if endpoint.has_placeholder() {
        return;
    }
    let tls_endpoint = endpoint.text.starts_with("tls://");
    let mut findings = Vec::new();
    match tls_line {
        None if listen && tls_endpoint => findings.push((
            endpoint.loc,
            "a `dnstap listen tls://` endpoint without a `tls CERT KEY` line never starts listening",
            "add `tls CERT KEY [CA]` inside the block",
        )),
        Some(line) if listen && !tls_endpoint => findings.push((
            line.loc,
            "`tls` is ignored: only a `listen tls://` endpoint uses certificates",
            "use a `tls://` endpoint, or remove the line",
        )),
        _ => {}
    }
    if let (Some(option), false) = (skipverify, tls_endpoint) {
        findings.push((
            option.loc,
            "`skipverify` has no effect on an endpoint without `tls://`",
            "remove it, or use a `tls://` endpoint",
        ));
    }
    for (loc, message, help) in findings {
        c.report(Diagnostic::new(&TLS_UNUSED, loc, message).with_help(help));
    }
}

/// WRITEBUFFER and QUEUE: `strconv.Atoi` within 1..=max.
fn check_multiplier(
    c: &Controller<'_>,
    value: Option<&Token>,
    what: &str,
    max: i64,
    unit: &str,
) -> SetupResult {
    let Some(value) = value.filter(|v| !v.has_placeholder()) else {
        return Ok(());
    };
    let n = number::parse_atoi(&value.text).map_err(|e| {
        c.err_at(
            &codes::INVALID_VALUE,
            value,
            format!("invalid dnstap {what}: {e}"),
        )
    })?;
    if !(1..=max).contains(&n) {
        return Err(c.err_at(
            &codes::INVALID_VALUE,
            value,
            format!("dnstap {what} must be between 1 and {max} ({unit}), got `{n}`"),
        ));
    }
    Ok(())
}

fn check_full_flag(c: &mut Controller<'_>, flag: &Token) {
    if flag.has_placeholder() || flag.text == "full" {
        return;
    }
    let help = if number::parse_atoi(&flag.text).is_ok() {
        format!(
            "write `full {}` if `{}` is meant as WRITEBUFFER",
            flag.text, flag.text
        )
    } else {
        "write `full` (lower case) to include wire-format messages, or remove the word".to_string()
    };
    let d = Diagnostic::new(
        &FULL_FLAG,
        flag.loc,
        format!(
            "`{}` is in the position of the `full` flag and is ignored",
            flag.text
        ),
    )
    .with_help(help);
    c.report(d);
}

fn check_socket_path(c: &mut Controller<'_>, endpoint: &Token) {
    if endpoint.has_placeholder() {
        return;
    }
    let path = endpoint
        .text
        .strip_prefix("unix://")
        .unwrap_or(&endpoint.text);
    let other_scheme = path
        .split_once("://")
        .map(|(scheme, _)| scheme)
        .filter(|s| !s.is_empty() && !s.contains('/'));
    let host_port = net::split_host_port(path).is_ok_and(|(host, port)| {
        !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !host.contains('/')
    });
    if other_scheme.is_none() && !host_port {
        return;
    }
    let d = Diagnostic::new(
        &SOCKET_PATH,
        endpoint.loc,
        format!("`{}` is used as a Unix socket path; only `tcp://` and `tls://` endpoints are network addresses", endpoint.text),
    )
    .with_help(format!("write `tcp://{}` for a TCP collector", other_scheme.map_or(path, |s| &path[s.len() + 3..])));
    c.report(d);
}
