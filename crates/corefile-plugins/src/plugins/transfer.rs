//! `transfer`: answers zone transfer requests (AXFR/IXFR) and sends NOTIFY for the zones of the
//! block's transfer-capable plugins (file, auto, secondary, kubernetes, k8s_external). Mirrors
//! plugin/transfer/setup.go `parseTransfer`: every occurrence is its own rule set of zones, `to`
//! addresses and an optional `source`.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::unknown_option;
use crate::values::{known, net, zone};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

const OPTIONS: &[&str] = &["to", "source"];

pub static TO_ANYONE: RuleMeta = RuleMeta {
    code: "PLG122",
    name: "transfer-to-anyone",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`transfer` with `to *` lets every client download the zone",
    doc: "## What it does\nFinds `to *` in a `transfer` block.\n\n## Why is this bad?\nAny client that can reach the \
server may then fetch the whole zone with AXFR, which exposes every name in it. It is rarely meant outside tests.\n\n\
## Example\n```corefile\nexample.org {\n    file db.example.org\n    transfer {\n        to *\n    }\n}\n```\n\n\
## Fix\nList the secondary servers' addresses (`to 192.0.2.1`), or restrict AXFR with the `acl` plugin.",
};

pub static ZONE_REPEATED: RuleMeta = RuleMeta {
    code: "PLG123",
    name: "transfer-zone-repeated",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A zone named by two `transfer` lines of one block; the second never applies",
    doc: "## What it does\nFinds a zone that two `transfer` occurrences of the same server block both cover.\n\n\
## Why is this bad?\nFor a transfer request the first occurrence listing the zone wins, so the later one's `to` \
addresses are never allowed and never notified.\n\n## Example\n```corefile\nexample.org {\n    file db.example.org\n    \
transfer {\n        to 192.0.2.1\n    }\n    transfer {\n        to 192.0.2.2\n    }\n}\n```\n\n\
## Fix\nMerge the `to` lines into one `transfer` block.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "transfer",
    summary: "Allows zone transfers (AXFR/IXFR) of the block's zones to the listed addresses and sends them NOTIFY.",
    syntax: "transfer [ZONE...] {\n    to ADDRESS...\n    source ADDRESS\n}",
    snippet: "transfer {\n    to ${1:*}\n}",
    options: &[
        OptionDef { name: "to", args: "ADDRESS...", doc: "Who may transfer the zone: IP addresses (port 53 unless given) or `*` for anyone; listed addresses also get NOTIFY.", values: &["*"] },
        OptionDef { name: "source", args: "ADDRESS", doc: "Local IP address to send NOTIFY messages from (at most once per block).", values: &[] },
    ],
    history: "Since 1.6.5; honoured by file, auto, secondary and kubernetes only from 1.8.0, when their own `transfer to` \
options were removed; scoped IPv6 `to` addresses and `source` 1.14.5.",
    setup,
    rules: &[&TO_ANYONE, &ZONE_REPEATED],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    // Zones of earlier occurrences with the token that named them, for the repeat warning.
    let mut earlier: Vec<(String, Token)> = Vec::new();
    while c.next() {
        let at = c.token().expect("the loop stands on a token").clone();
        let args = c.remaining_args();
        let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
        let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
        zone::report_dropped_zones(c, &args, &list);
        let mut has_to = false;
        let mut source: Option<Token> = None;
        while c.next_block() {
            let option = c.token().expect("next_block stands on a token").clone();
            if !OPTIONS.contains(&option.text.as_str()) {
                unknown_option(c, OPTIONS)?;
                continue;
            }
            let args = c.remaining_args();
            if option.text == "to" {
                if args.is_empty() {
                    return Err(c.arg_err());
                }
                for addr in args {
                    if addr.text == "*" {
                        let d = Diagnostic::new(
                            &TO_ANYONE,
                            addr.loc,
                            "`to *` allows every client to transfer the zone",
                        )
                        .with_help(
                            "list the secondaries' addresses instead, or restrict AXFR with `acl`",
                        );
                        c.report(d);
                        continue;
                    }
                    known(addr, |s| net::host_port(s, "53")).map_err(|e| {
                        c.err_at(
                            &codes::INVALID_VALUE,
                            addr,
                            format!("`to` needs IP addresses or `*`: {e}"),
                        )
                        .with_help("write the secondary's IP address")
                    })?;
                }
                has_to = true;
                continue;
            }
            let [address] = args.as_slice() else {
                return Err(c.arg_err());
            };
            if let Some(first) = &source {
                return Err(c
                    .err_at(
                        &codes::SETUP_FAILS,
                        &option,
                        "`source` is already set in this `transfer` block",
                    )
                    .with_help(format!(
                        "keep one `source`; the first is on line {}",
                        first.line
                    )));
            }
            if known(address, net::parse_ip).is_err() {
                return Err(c.err_at(
                    &codes::INVALID_VALUE,
                    address,
                    format!("`source` must be an IP address, got `{}`", address.text),
                ));
            }
            source = Some(option);
        }
        if !has_to {
            return Err(c
                .err(&codes::SETUP_FAILS, "`transfer` needs a `to` line")
                .with_help("add `to ADDRESS...` inside a `transfer { }` block"));
        }
        for z in list.zones {
            if let Some((_, first)) = earlier.iter().find(|(seen, _)| *seen == z) {
                let message = format!("zone `{z}` is already covered by an earlier `transfer`, which wins; this one never applies to it");
                let d = Diagnostic::new(&ZONE_REPEATED, at.loc, message)
                    .with_label(first.loc, "earlier `transfer`")
                    .with_help("merge the `to` lines into one `transfer`");
                c.report(d);
            } else {
                earlier.push((z, at.clone()));
            }
        }
    }
    Ok(())
}
