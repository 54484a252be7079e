//! `secondary`: serves zones transferred (AXFR) from primary servers. Mirrors
//! plugin/secondary/setup.go `secondaryParse` and plugin/pkg/parse `TransferIn`: optional zones,
//! then a block with the required `transfer from ADDRESS...`, `catalog` and `fallthrough`.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::file::{origins, report_zones_loaded_twice};
use super::shared::{fallthrough_line, unknown_option};
use crate::values::{net, zone};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static BAD_PRIMARY_PORT: RuleMeta = RuleMeta {
    code: "PLG405",
    name: "secondary-bad-primary-port",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `transfer from` address whose port is not a number from 1 to 65535",
    doc: "## What it does\nChecks the port part of each `transfer from` address of `secondary`.\n\n\
## Why is this bad?\nSetup only checks that the host part is an IP address; a port such as `abc` or `99999` \
is accepted and every transfer attempt fails later, so the zone is never loaded and answers SERVFAIL.\n\n\
## Example\n```corefile\nexample.org {\n    secondary {\n        transfer from 10.0.0.1:5300a\n    }\n}\n```\n\n\
## Fix\nWrite the primary's port as a number, or leave it out for port 53.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "transfer",
        args: "from ADDRESS...",
        doc: "Required: the primaries to transfer the zones from, as IP or IP:PORT (port 53 by default), tried in order.",
        values: &["from"],
    },
    OptionDef {
        name: "catalog",
        args: "[MEMBER-ZONES...]",
        doc: "Treat the zones as RFC 9432 catalog zones and also serve their member zones (only those under MEMBER-ZONES when given).",
        values: &[],
    },
    OptionDef {
        name: "fallthrough",
        args: "[ZONES...]",
        doc: "Pass queries for names that do not exist in the zone on to the next plugin (optionally only for ZONES).",
        values: &[],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "secondary",
    summary: "Serve zones retrieved from a primary server by zone transfer.",
    syntax: "secondary [ZONES...] {\n    transfer from ADDRESS...\n    catalog [MEMBER-ZONES...]\n    fallthrough [ZONES...]\n}",
    snippet: "secondary ${1:example.org} {\n\ttransfer from ${2:10.0.0.1}\n}",
    options: OPTIONS,
    history: "`transfer to` and `upstream` were removed in 1.8.0 (outgoing transfers moved to the `transfer` plugin); \
`transfer from` is required since 1.12.2; `fallthrough` since 1.14.4; `catalog` since 1.14.5.",
    setup,
    rules: &[&BAD_PRIMARY_PORT],
};

const KNOWN: &[&str] = &["transfer", "catalog", "fallthrough"];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    let mut loaded = Vec::new();
    while c.next() {
        // The Go loop only starts an occurrence at a token spelled `secondary` and skips others.
        if c.val() != "secondary" {
            continue;
        }
        let directive = c.token().expect("positioned on the directive");
        let zones = origins(c);
        report_zones_loaded_twice(c, directive, zones.zones.as_deref(), &mut loaded);
        let mut has_transfer = false;
        while c.next_block() {
            match c.val() {
                "transfer" => {
                    transfer_in(c)?;
                    has_transfer = true;
                }
                "catalog" => {
                    for member in c.remaining_args() {
                        if !member.has_placeholder() && !matches!(zone::normalize_zone(&member.text), Ok(z) if !z.is_empty()) {
                            return Err(c.err_at(
                                &codes::INVALID_VALUE,
                                member,
                                format!("`catalog` member zone `{}` is not a valid domain name", member.text),
                            ));
                        }
                    }
                }
                "fallthrough" => fallthrough_line(c),
                "upstream" => {
                    return Err(c
                        .err(&codes::REMOVED_OPTION, "`upstream` inside `secondary` was removed in CoreDNS 1.8.0")
                        .with_help("delete the line: names outside the zone are resolved through CoreDNS itself"))
                }
                _ => unknown_option(c, KNOWN)?,
            }
        }
        if !has_transfer {
            return Err(c
                .err(
                    &codes::SETUP_FAILS,
                    "`secondary` needs a `transfer from` option",
                )
                .with_help("add a block: `secondary ZONES { transfer from PRIMARY_IP }`"));
        }
    }
    Ok(())
}

/// `transfer from ADDRESS...` (plugin/pkg/parse `TransferIn`), with the cursor on `transfer`.
fn transfer_in(c: &mut Controller<'_>) -> SetupResult {
    if !c.next_arg() {
        return Err(c.arg_err().with_help("write `transfer from ADDRESS...`"));
    }
    let direction = c.token().expect("positioned on the direction");
    match direction.text.as_str() {
        "from" => {}
        "to" => {
            return Err(c
                .err_at(&codes::REMOVED_OPTION, direction, "`transfer to` inside `secondary` was removed in CoreDNS 1.8.0")
                .with_help("move it to the `transfer` plugin: `transfer ZONES { to ADDRESS... }` in the same server block"))
        }
        other => {
            return Err(c
                .err_at(&codes::INVALID_VALUE, direction, format!("`transfer` expects `from`, got `{other}`"))
                .with_help("write `transfer from ADDRESS...`"))
        }
    }
    let primaries = c.remaining_args();
    if primaries.is_empty() {
        return Err(c
            .arg_err()
            .with_help("name at least one primary: `transfer from 10.0.0.1`"));
    }
    for primary in primaries {
        if primary.has_placeholder() {
            continue;
        }
        if primary.text == "*" {
            return Err(c
                .err_at(
                    &codes::INVALID_VALUE,
                    primary,
                    "`transfer from` cannot use `*`",
                )
                .with_help("name the primary's IP address"));
        }
        let address = net::host_port(&primary.text, "53").map_err(|e| {
            c.err_at(
                &codes::INVALID_VALUE,
                primary,
                format!("`transfer from` needs an IP address: {e}"),
            )
            .with_help("primaries are IP or IP:PORT; host names are not resolved here")
        })?;
        check_port(c, primary, &address);
    }
    Ok(())
}

fn check_port(c: &mut Controller<'_>, primary: &Token, address: &str) {
    let port = address.rsplit_once(':').map(|(_, p)| p).unwrap_or("");
    let valid = !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
    if !valid {
        let message = format!(
            "primary `{}` has port `{port}`, which is not a port number: transfers will fail",
            primary.text
        );
        c.report(
            Diagnostic::new(&BAD_PRIMARY_PORT, primary.loc, message)
                .with_help("write the port as a number from 1 to 65535, or leave it out for 53"),
        );
    }
}
