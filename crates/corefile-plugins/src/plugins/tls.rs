//! `tls`: the server certificate of the block's TLS-based listeners (`tls://`, `https://`,
//! `grpc://`, `quic://`, `https3://`), either from files or obtained with ACME (DNS-01). Mirrors
//! plugin/tls/tls.go `parseTLS`, `parseManualTLS`, `parseACMETLS` and plugin/tls/acme.go
//! `validateACMEOptions`, `normalizeACMEDomain`.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token, Transport};

use super::shared::{arg_err, report_brace_on_next_line, unknown_option, BRACE_ON_NEXT_LINE};
use crate::values::{net, number, tls as tls_args, url, zone};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

const MANUAL_OPTIONS: &[&str] = &["client_auth", "keylog"];
const ACME_OPTIONS: &[&str] = &["acme", "email", "ca", "storage", "ca_root", "resolver"];
const CLIENT_AUTH: &[&str] = &[
    "nocert",
    "request",
    "require",
    "verify_if_given",
    "require_and_verify",
];

pub static CLIENT_AUTH_CA: RuleMeta = RuleMeta {
    code: "PLG309",
    name: "tls-client-auth-ca-mismatch",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`tls` CA argument and `client_auth` do not fit together",
    doc: "## What it does\nCompares the CA argument of `tls CERT KEY [CA]` with its `client_auth` mode.\n\n\
## Why is this bad?\nThe CA only verifies client certificates with `verify_if_given` or `require_and_verify`. With the \
default `nocert`, or `request`/`require`, a CA argument has no effect. The other way round, verifying modes without a CA \
check client certificates against the system's public roots.\n\n\
## Example\n```corefile\ntls://.:853 {\n    tls cert.pem key.pem ca.pem\n    forward . 1.1.1.1\n}\n```\n`ca.pem` is not used.\n\n\
## Fix\nAdd `client_auth require_and_verify` (or `verify_if_given`) to verify clients against the CA, or drop the CA argument.",
};

pub static NO_TLS_LISTENER: RuleMeta = RuleMeta {
    code: "PLG322",
    name: "tls-without-tls-listener",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`tls` in a server block whose keys are all plain DNS: no listener uses the certificate",
    doc: "## What it does\nChecks that a block with `tls` has at least one key with a TLS-based transport: \
`tls://` (DoT), `https://` (DoH), `https3://` (DoH3), `quic://` (DoQ) or `grpc://`.\n\n## Why is this bad?\nOnly those \
listeners use the block's TLS configuration; with plain `dns://` keys the certificate is loaded (or, with ACME, \
requested) and never served.\n\n\
## Example\n```corefile\n.:53 {\n    tls cert.pem key.pem\n    forward . 1.1.1.1\n}\n```\n\n\
## Fix\nUse a TLS transport in the key, e.g. `tls://.:853`, or remove `tls`.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "tls",
    summary: "Configures the certificate of TLS-based listeners (DoT, DoH, DoH3, DoQ, gRPC) from files or via ACME.",
    syntax: "tls CERT KEY [CA] {\n    client_auth nocert|request|require|verify_if_given|require_and_verify\n    keylog FILE\n}\n\
tls {\n    acme DOMAIN...\n    email EMAIL\n    ca URL\n    storage DIRECTORY\n    ca_root FILE\n    resolver HOST:PORT\n}",
    snippet: "tls ${1:cert.pem} ${2:key.pem}",
    options: &[
        OptionDef {
            name: "client_auth",
            args: "nocert|request|require|verify_if_given|require_and_verify",
            doc: "Whether clients must present a certificate and whether it is verified against CA (default nocert). File form only.",
            values: CLIENT_AUTH,
        },
        OptionDef {
            name: "keylog",
            args: "FILE",
            doc: "Append TLS session secrets to FILE (for debugging with Wireshark; never in production). File form only.",
            values: &[],
        },
        OptionDef {
            name: "acme",
            args: "DOMAIN...",
            doc: "Obtain the certificate for these domains with ACME DNS-01 (`*.` wildcards allowed). Required in the ACME form.",
            values: &[],
        },
        OptionDef { name: "email", args: "EMAIL", doc: "Contact address of the ACME account.", values: &[] },
        OptionDef {
            name: "ca",
            args: "URL",
            doc: "ACME directory URL, http or https (default: Let's Encrypt production).",
            values: &[],
        },
        OptionDef {
            name: "storage",
            args: "DIRECTORY",
            doc: "Where certificates and the account are stored (default `.coredns/acme` under `root` or the working directory).",
            values: &[],
        },
        OptionDef {
            name: "ca_root",
            args: "FILE",
            doc: "PEM bundle to trust for the ACME server (read when CoreDNS starts).",
            values: &[],
        },
        OptionDef {
            name: "resolver",
            args: "HOST:PORT",
            doc: "DNS server used to check DNS-01 challenges, e.g. `1.1.1.1:53`.",
            values: &[],
        },
    ],
    history: "Since CoreDNS 007; the CA argument optional since 1.1.3; `client_auth` since 1.5.1; relative \
paths honour `root` since 1.11.3; `keylog` since 1.14.3; the ACME form (`tls { acme … }`) since 1.14.7.",
    setup,
    rules: &[&CLIENT_AUTH_CA, &NO_TLS_LISTENER, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    let head = c
        .ctx
        .block
        .directives_named("tls")
        .next()
        .map(|d| d.name_token().clone());
    while c.next() {
        let args = c.remaining_args();
        if args.is_empty() {
            parse_acme(c)?;
        } else {
            parse_manual(c, &args)?;
        }
    }
    let keys = &c.ctx.block.keys;
    let tls_listener = keys
        .iter()
        .filter_map(|k| k.addrs.as_ref().ok())
        .flatten()
        .any(|a| {
            matches!(
                a.transport,
                Transport::Tls
                    | Transport::Https
                    | Transport::Https3
                    | Transport::Quic
                    | Transport::Grpc
            )
        });
    if let (Some(head), false, false) = (head, tls_listener, keys.is_empty()) {
        let d = Diagnostic::new(
            &NO_TLS_LISTENER,
            head.loc,
            "no key of this block uses TLS, so `tls` is never served",
        )
        .with_help("use a TLS transport in the block's key, e.g. `tls://.:853`, or remove `tls`");
        c.report(d);
    }
    Ok(())
}

fn parse_manual(c: &mut Controller<'_>, args: &[&Token]) -> SetupResult {
    if args.len() < 2 || args.len() > 3 {
        return Err(c
            .arg_err()
            .with_help("write `tls CERT KEY [CA]`, or `tls {` with an `acme` block"));
    }
    let mut client_auth: Option<&Token> = None;
    while c.next_block() {
        match c.val() {
            "client_auth" => {
                let values = c.remaining_args();
                if values.len() != 1 {
                    return Err(arg_err(c));
                }
                let mode = values[0];
                if !mode.has_placeholder() && !CLIENT_AUTH.contains(&mode.text.as_str()) {
                    return Err(c.err_at(
                        &codes::INVALID_VALUE,
                        mode,
                        format!(
                            "unknown `client_auth` type `{}`: expected {}",
                            mode.text,
                            CLIENT_AUTH.join(", ")
                        ),
                    ));
                }
                client_auth = Some(mode);
            }
            "keylog" => {
                if c.remaining_args().len() != 1 {
                    return Err(c.arg_err().with_help("write one path: `keylog FILE`"));
                }
            }
            _ => unknown_option(c, MANUAL_OPTIONS)?,
        }
    }
    let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
    if let Ok(form) = tls_args::parse_tls_args(&texts) {
        let files = form
            .files()
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let d = Diagnostic::new(
            &codes::NEEDS_OUTSIDE_WORLD,
            args[0].loc,
            format!("{files} are read when CoreDNS starts (relative to `root` if set); make sure they exist there"),
        );
        c.report(d);
    }
    check_client_auth_ca(c, args, client_auth);
    Ok(())
}

fn check_client_auth_ca(c: &mut Controller<'_>, args: &[&Token], client_auth: Option<&Token>) {
    if client_auth.is_some_and(|m| m.has_placeholder()) {
        return;
    }
    let verifies =
        client_auth.is_some_and(|m| m.text == "verify_if_given" || m.text == "require_and_verify");
    let (location, message) = match (args.get(2), client_auth) {
        (Some(ca), _) if !verifies => (
            ca.loc,
            format!("CA `{}` is not used to verify clients with `client_auth {}`", ca.text, client_auth.map_or("nocert", |m| &m.text)),
        ),
        (None, Some(mode)) if verifies => {
            (mode.loc, format!("`client_auth {}` without a CA argument verifies clients against the system's roots", mode.text))
        }
        _ => return,
    };
    let d = Diagnostic::new(&CLIENT_AUTH_CA, location, message).with_help(
        "use `tls CERT KEY CA` together with `client_auth require_and_verify` or `verify_if_given`",
    );
    c.report(d);
}

fn parse_acme(c: &mut Controller<'_>) -> SetupResult {
    let head = c.token().expect("setup loops on a token");
    let mut seen: Vec<&str> = Vec::new();
    let mut domains: Vec<&Token> = Vec::new();
    let mut ca: Option<&Token> = None;
    let mut resolver: Option<&Token> = None;
    let mut ca_root: Option<&Token> = None;
    while c.next_block() {
        let option = c.token().expect("next_block stops on a token");
        let values = c.remaining_args();
        if seen.contains(&option.text.as_str()) {
            return Err(c.err_at(
                &codes::SETUP_FAILS,
                option,
                format!("ACME option `{}` can only be given once", option.text),
            ));
        }
        seen.push(&option.text);
        let needed = match option.text.as_str() {
            "acme" => {
                domains = values.clone();
                1..=usize::MAX
            }
            "email" | "storage" => 1..=1,
            "ca_root" => {
                ca_root = values.first().copied();
                1..=1
            }
            "ca" => {
                ca = values.first().copied();
                1..=1
            }
            "resolver" => {
                resolver = values.first().copied();
                1..=1
            }
            _ if option.has_placeholder() => continue,
            _ => {
                let mut e = c.err_at(
                    &codes::UNKNOWN_OPTION,
                    option,
                    format!("unknown ACME option `{}`", option.text),
                );
                if let Some(s) =
                    corefile_model::did_you_mean(&option.text, ACME_OPTIONS.iter().copied())
                {
                    e = e.with_help(format!("did you mean `{s}`?"));
                } else {
                    e = e.with_help(format!(
                        "the ACME form accepts: {}",
                        ACME_OPTIONS.join(", ")
                    ));
                }
                return Err(e);
            }
        };
        if !needed.contains(&values.len()) {
            return Err(arg_err(c));
        }
    }
    if domains.is_empty() {
        return Err(c
            .err_at(
                &codes::SETUP_FAILS,
                head,
                "`tls` without certificate files needs an `acme` line with at least one domain",
            )
            .with_help(
                "write `tls CERT KEY`, or open a block on the `tls` line with `acme DOMAIN`",
            ));
    }
    for domain in domains {
        if domain.has_placeholder() {
            continue;
        }
        check_acme_domain(&domain.text).map_err(|e| {
            c.err_at(
                &codes::INVALID_VALUE,
                domain,
                format!("invalid ACME domain `{}`: {e}", domain.text),
            )
        })?;
    }
    if let Some(ca) = ca.filter(|t| !t.has_placeholder()) {
        let valid = url::parse(&ca.text)
            .is_ok_and(|u| (u.scheme == "https" || u.scheme == "http") && !u.host.is_empty());
        if !valid {
            return Err(c.err_at(
                &codes::INVALID_VALUE,
                ca,
                format!(
                    "invalid ACME CA URL `{}`: expected an http or https URL with a host",
                    ca.text
                ),
            ));
        }
    }
    if let Some(resolver) = resolver.filter(|t| !t.has_placeholder()) {
        check_resolver(&resolver.text).map_err(|e| {
            c.err_at(
                &codes::INVALID_VALUE,
                resolver,
                format!("invalid ACME resolver: {e}"),
            )
        })?;
    }
    if let Some(ca_root) = ca_root {
        let d = Diagnostic::new(
            &codes::NEEDS_OUTSIDE_WORLD,
            ca_root.loc,
            format!(
                "`{}` is read while CoreDNS sets up `tls` and must hold PEM certificates",
                ca_root.text
            ),
        );
        c.report(d);
    }
    Ok(())
}

fn check_resolver(resolver: &str) -> Result<(), String> {
    let (host, port) = net::split_host_port(resolver)?;
    if host.is_empty() {
        return Err(format!("`{resolver}` has an empty host"));
    }
    if !number::parse_atoi(port).is_ok_and(|p| (1..=65535).contains(&p)) {
        return Err(format!("port `{port}` is not a number between 1 and 65535"));
    }
    Ok(())
}

/// `normalizeACMEDomain`: one trailing dot and a leading `*.` allowed, no other `*`, not an IP,
/// a valid IDNA (UTS #46 lookup, STD3) name. Labels with characters outside ASCII are not
/// judged: mapping them needs Unicode tables.
fn check_acme_domain(domain: &str) -> Result<(), String> {
    let lowered = domain.to_lowercase();
    let name = lowered.strip_suffix('.').unwrap_or(&lowered);
    let check = name.strip_prefix("*.").unwrap_or(name);
    if name.is_empty() || check.is_empty() {
        return Err("the name is empty".into());
    }
    if check.contains('*') {
        return Err("only one leading `*.` wildcard label is allowed".into());
    }
    if net::parse_ip(check).is_ok() {
        return Err("ACME certificates are for names, not IP addresses".into());
    }
    if !check.is_ascii() {
        return Ok(());
    }
    for label in check.split('.').filter(|l| !l.is_empty()) {
        check_idna_label(label)?;
    }
    if !zone::is_domain_name(check) {
        return Err(
            "not a valid domain name (empty label, or a label over 63 or the name over 255 bytes)"
                .into(),
        );
    }
    Ok(())
}

fn check_idna_label(label: &str) -> Result<(), String> {
    if let Some(bad) = label
        .chars()
        .find(|&ch| !(ch.is_ascii_alphanumeric() || ch == '-'))
    {
        return Err(format!(
            "character `{bad}` is not allowed (only letters, digits and `-`)"
        ));
    }
    let Some(encoded) = label.strip_prefix("xn--") else {
        return check_label_hyphens(label);
    };
    let decoded =
        decode_punycode(encoded).ok_or_else(|| format!("`{label}` is not valid punycode"))?;
    // Decoded ASCII must already be in its final form; other characters need Unicode tables.
    if decoded
        .chars()
        .any(|ch| ch.is_ascii() && !(ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'))
    {
        return Err(format!(
            "`{label}` decodes to characters a domain cannot hold"
        ));
    }
    check_label_hyphens(&decoded)
}

/// UTS #46 hyphen rules of x/net/idna's `validateLabel`.
fn check_label_hyphens(label: &str) -> Result<(), String> {
    if label.is_empty() {
        return Ok(());
    }
    if label.len() > 4 && &label.as_bytes()[2..4] == b"--" {
        return Err(format!(
            "label `{label}` has `--` in the third and fourth position"
        ));
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(format!("label `{label}` starts or ends with `-`"));
    }
    Ok(())
}

/// RFC 3492 decoding (lower-case input); `None` when the text is not valid punycode.
fn decode_punycode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    let (basic, encoded) = match input.rfind('-') {
        Some(0) => return None,
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = encoded.bytes().peekable();
    while digits.peek().is_some() {
        let old_i = i;
        let mut weight = 1u32;
        let mut k = BASE;
        loop {
            let digit = match digits.next()? {
                b @ b'a'..=b'z' => u32::from(b - b'a'),
                b @ b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = if k <= bias {
                1
            } else if k >= bias + 26 {
                26
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let length = output.len() as u32 + 1;
        bias = adapt(i - old_i, length, old_i == 0);
        n = n.checked_add(i / length)?;
        i %= length;
        output.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(output.into_iter().collect())
}

fn adapt(delta: u32, length: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / length;
    let mut k = 0;
    while delta > 455 {
        delta /= 35;
        k += 36;
    }
    k + 36 * delta / (delta + 38)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acme_domains() {
        assert!(check_acme_domain("dns.example.").is_ok());
        assert!(check_acme_domain("*.Example.org").is_ok());
        assert!(check_acme_domain("xn--bcher-kva.example").is_ok());
        assert!(check_acme_domain("*.*.example").is_err());
        assert!(check_acme_domain("192.0.2.1").is_err());
        assert!(check_acme_domain("}").is_err());
        assert!(check_acme_domain("a_b.example").is_err());
        assert!(check_acme_domain("-a.example").is_err());
        assert!(check_acme_domain("ab--cd.example").is_err());
        assert!(check_acme_domain("ab--.example").is_err());
        assert!(check_acme_domain("xn--.example").is_ok());
        assert!(check_acme_domain("xn---abc.example").is_err());
        assert!(check_acme_domain("xn--!!.example").is_err());
        assert!(check_acme_domain("a..b").is_err());
        assert_eq!(decode_punycode("bcher-kva").as_deref(), Some("bücher"));
    }
}
