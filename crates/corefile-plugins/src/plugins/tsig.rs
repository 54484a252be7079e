//! `tsig`: verifies TSIG signatures on requests and signs responses. Mirrors plugin/tsig/setup.go
//! `parse`: once per server block, optional zones, then `secret`, `secrets`, `require` and
//! `require_opcode`. CoreDNS reports every failure as a wrong argument count at the last token
//! read; we name the actual cause. The `secrets` file is read by CoreDNS at startup.

use std::collections::HashSet;

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::file::origins;
use super::shared::unknown_option;
use crate::values::{base64, dns, zone};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static SECRET_NOT_BASE64: RuleMeta = RuleMeta {
    code: "PLG415",
    name: "tsig-secret-not-base64",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `tsig` secret that is not valid base64 can never verify a request",
    doc: "## What it does\nChecks that the KEY of each `secret NAME KEY` line is standard base64 with padding, the \
form TSIG secrets are exchanged in (e.g. the output of `tsig-keygen`).\n\n## Why is this bad?\nSetup stores the text \
without looking at it. When a signed request arrives the secret cannot be decoded, so every request using that key \
fails verification (BADSIG) and transfers or updates are refused.\n\n\
## Example\n```corefile\nexample.org {\n    tsig {\n        secret example.org.key. my-password\n    }\n}\n```\n\n\
## Fix\nPaste the base64 secret of the key, as in `secret \"...\";` of the BIND key file.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "secret",
        args: "NAME KEY",
        doc: "A TSIG key: its NAME and its base64 secret. Each NAME may be defined once.",
        values: &[],
    },
    OptionDef {
        name: "secrets",
        args: "FILE",
        doc: "Read keys from a BIND-style file of `key \"NAME\" { algorithm ...; secret \"...\"; };` entries.",
        values: &[],
    },
    OptionDef {
        name: "require",
        args: "[QTYPES...]",
        doc: "Query types that must be signed: `all`, `none` (the default) or type names such as `AXFR IXFR`.",
        values: &["all", "none"],
    },
    OptionDef {
        name: "require_opcode",
        args: "[OPCODES...]",
        doc: "Opcodes that must be signed: `all`, `none` (the default) or `QUERY`, `IQUERY`, `STATUS`, `NOTIFY`, `UPDATE`.",
        values: &["all", "none", "QUERY", "IQUERY", "STATUS", "NOTIFY", "UPDATE"],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "tsig",
    summary: "Verify TSIG-signed requests and sign the responses.",
    syntax: "tsig [ZONES...] {\n    secret NAME KEY\n    secrets FILE\n    require [QTYPES...]\n    require_opcode [OPCODES...]\n}",
    snippet: "tsig {\n\tsecret ${1:example.org.key.} ${2:BASE64_SECRET}\n\trequire ${3:AXFR IXFR}\n}",
    options: OPTIONS,
    history: "Added in 1.9.4; `require_opcode` since 1.14.3.",
    setup,
    rules: &[&SECRET_NOT_BASE64],
};

const KNOWN: &[&str] = &["secret", "secrets", "require", "require_opcode"];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    // Normalized key names defined so far.
    let mut names: HashSet<String> = HashSet::new();
    while c.next_once()? {
        origins(c);
        while c.next_block() {
            let option = c.token().expect("positioned on the option");
            match c.val() {
                "secret" => {
                    let args = c.remaining_args();
                    if args.len() != 2 {
                        return Err(c
                            .err_at(
                                &codes::ARGUMENT_COUNT,
                                option,
                                format!(
                                    "`secret` takes NAME and KEY, got {} argument(s)",
                                    args.len()
                                ),
                            )
                            .with_help("write `secret NAME BASE64_KEY`"));
                    }
                    let (name, key) = (args[0], args[1]);
                    if !name.has_placeholder() {
                        let normalized = zone::normalize_name(&name.text);
                        if names.contains(&normalized) {
                            return Err(c
                                .err_at(&codes::SETUP_FAILS, name, format!("key `{normalized}` is defined twice"))
                                .with_help("key names are compared lower-case with a trailing dot; give each key one `secret` line"));
                        }
                        names.insert(normalized);
                    }
                    if !key.has_placeholder() {
                        if let Err(e) = base64::check_std(&key.text) {
                            let message = format!(
                                "the secret of key `{}` is not valid base64: {e}",
                                name.text
                            );
                            c.report(
                                Diagnostic::new(&SECRET_NOT_BASE64, key.loc, message).with_help(
                                    "use the base64 secret of the key, e.g. from `tsig-keygen`",
                                ),
                            );
                        }
                    }
                }
                "secrets" => {
                    let args = c.remaining_args();
                    if args.len() != 1 {
                        return Err(c
                            .err_at(
                                &codes::ARGUMENT_COUNT,
                                option,
                                format!("`secrets` takes one file, got {} argument(s)", args.len()),
                            )
                            .with_help("write `secrets FILE`"));
                    }
                }
                "require" => required_list(c, option, "query type", dns::is_qtype)?,
                "require_opcode" => required_list(c, option, "opcode", is_opcode)?,
                _ => unknown_option(c, KNOWN)?,
            }
        }
    }
    Ok(())
}

/// The keys of miekg/dns `StringToOpcode` (exact spelling).
const OPCODES: &[&str] = &["QUERY", "IQUERY", "STATUS", "NOTIFY", "UPDATE"];

fn is_opcode(name: &str) -> bool {
    OPCODES.contains(&name)
}

/// `require` and `require_opcode`: at least one word; `all`/`none` first ends the list;
/// otherwise every word must be a mnemonic of miekg/dns.
fn required_list(
    c: &mut Controller<'_>,
    option: &Token,
    kind: &str,
    known: fn(&str) -> bool,
) -> SetupResult {
    let args = c.remaining_args();
    let Some(first) = args.first() else {
        return Err(c
            .err_at(
                &codes::ARGUMENT_COUNT,
                option,
                format!(
                    "`{}` needs `all`, `none` or at least one {kind}",
                    option.text
                ),
            )
            .with_help(format!("write e.g. `{} all`", option.text)));
    };
    if first.text == "all" || first.text == "none" {
        return Ok(());
    }
    for word in args.iter().filter(|w| !w.has_placeholder()) {
        if !known(&word.text) {
            let upper = word.text.to_uppercase();
            let mut e = c.err_at(
                &codes::INVALID_VALUE,
                word,
                format!("unknown {kind} `{}`", word.text),
            );
            if known(&upper) {
                e = e.with_help(format!("names are case-sensitive: write `{upper}`"));
            }
            return Err(e);
        }
    }
    Ok(())
}
