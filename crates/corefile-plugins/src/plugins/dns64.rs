//! `dns64`: synthesizes AAAA answers from A records for IPv6-only clients (RFC 6147). Mirrors
//! plugin/dns64/setup.go `dns64Parse` and `parsePrefix`: a PREFIX argument or a block with
//! `prefix`, `translate_all` and `allow_ipv4`, but never both (a PREFIX skips the block).

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::unknown_option;
use crate::values::net;
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static BLOCK_IGNORED: RuleMeta = RuleMeta {
    code: "PLG416",
    name: "dns64-block-ignored",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`dns64 PREFIX { ... }`: the block after a PREFIX argument is not read as options",
    doc: "## What it does\nFinds `dns64` with a PREFIX argument followed by a `{` block.\n\n\
## Why is this bad?\nWhen the directive has a PREFIX, the setup code does not enter the block. Its lines are read \
as if they were further `dns64` directives: `translate_all` and `allow_ipv4` are silently ignored, and a \
`prefix X` line replaces the PREFIX.\n\n## Example\n```corefile\n. {\n    dns64 64:ff9b::/96 {\n        translate_all\n    }\n    forward . 2001:db8::53\n}\n```\n\n\
## Fix\nMove the prefix into the block: `dns64 { prefix 64:ff9b::/96 ... }`.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "prefix",
        args: "PREFIX",
        doc: "IPv6 prefix for the synthesized addresses: /32, /40, /48, /56, /64, /72, /80, /88 or /96 (default `64:ff9b::/96`).",
        values: &[],
    },
    OptionDef {
        name: "translate_all",
        args: "",
        doc: "Synthesize AAAA records even when the name has real AAAA records.",
        values: &[],
    },
    OptionDef {
        name: "allow_ipv4",
        args: "",
        doc: "Also translate for clients that ask over IPv4 (by default only IPv6 clients get synthesized answers).",
        values: &[],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "dns64",
    summary: "Synthesize AAAA records from A records (DNS64) for IPv6-only clients.",
    syntax: "dns64 [PREFIX]\ndns64 {\n    prefix PREFIX\n    translate_all\n    allow_ipv4\n}",
    snippet: "dns64 ${1:64:ff9b::/96}",
    options: OPTIONS,
    history: "Added in 1.7.0; `allow_ipv4` since 1.8.7.",
    setup,
    rules: &[&BLOCK_IGNORED],
};

const KNOWN: &[&str] = &["prefix", "translate_all", "allow_ipv4"];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next() {
        let args = c.remaining_args();
        if args.len() == 1 {
            check_prefix(c, args[0])?;
            report_skipped_block(c, args[0]);
            continue;
        }
        if let Some(extra) = args.get(1) {
            return Err(c
                .err_at(
                    &codes::ARGUMENT_COUNT,
                    extra,
                    "`dns64` takes at most one PREFIX",
                )
                .with_help("write `dns64 PREFIX` or put the options in a block"));
        }
        while c.next_block() {
            match c.val() {
                "prefix" => {
                    if !c.next_arg() {
                        return Err(c
                            .arg_err()
                            .with_help("write `prefix PREFIX`, e.g. `prefix 64:ff9b::/96`"));
                    }
                    let prefix = c.token().expect("positioned on PREFIX");
                    check_prefix(c, prefix)?;
                }
                "translate_all" | "allow_ipv4" => {}
                _ => unknown_option(c, KNOWN)?,
            }
        }
    }
    Ok(())
}

/// `parsePrefix`: an IPv6 CIDR whose length is a multiple of 8 from 32 to 96.
fn check_prefix(c: &Controller<'_>, prefix: &Token) -> SetupResult {
    if prefix.has_placeholder() {
        return Ok(());
    }
    let cidr = net::parse_cidr(&prefix.text).map_err(|e| {
        c.err_at(
            &codes::INVALID_VALUE,
            prefix,
            format!("invalid DNS64 prefix: {e}"),
        )
    })?;
    if cidr.bits() != 128 {
        return Err(c
            .err_at(
                &codes::INVALID_VALUE,
                prefix,
                format!("DNS64 prefix `{}` is not an IPv6 prefix", prefix.text),
            )
            .with_help("use an IPv6 prefix such as `64:ff9b::/96`"));
    }
    let length = cidr.prefix;
    if length % 8 != 0 || !(32..=96).contains(&length) {
        return Err(c
            .err_at(&codes::INVALID_VALUE, prefix, format!("DNS64 prefix length must be 32, 40, 48, 56, 64, 72, 80, 88 or 96, got /{length}"))
            .with_help("RFC 6052 allows only these lengths"));
    }
    Ok(())
}

/// A `{` right after the PREFIX is not entered: the Go loop reads its lines as new occurrences.
fn report_skipped_block(c: &mut Controller<'_>, prefix: &Token) {
    if !c.next_arg() {
        return;
    }
    let brace = c.token().expect("positioned on the next token");
    c.back();
    if brace.text != "{" {
        return;
    }
    let message = format!(
        "the block after `dns64 {}` is not read: its options are ignored",
        prefix.text
    );
    c.report(
        Diagnostic::new(&BLOCK_IGNORED, brace.loc, message).with_help(format!(
            "drop the argument and write `prefix {}` inside the block",
            prefix.text
        )),
    );
}
