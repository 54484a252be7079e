//! `nomad`: answers SRV and address queries for services registered in HashiCorp Nomad. Mirrors
//! plugin/nomad/setup.go `parse` and the address check of the Nomad API client's `NewClient`
//! (Go `url.Parse`): only the first occurrence of a block is read; option names are not
//! case-sensitive. Contacting the Nomad agents happens after startup.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::{report_ignored_occurrences, unknown_option};
use crate::values::{number, url, zone};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static EXTRA_ZONES: RuleMeta = RuleMeta {
    code: "PLG408",
    name: "nomad-extra-zones",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`nomad` uses only its first zone argument",
    doc: "## What it does\nFinds `nomad` directives with more than one ZONE argument.\n\n\
## Why is this bad?\nThe plugin serves exactly one zone; the setup code takes the first argument and drops \
the others without a word, so queries for the other zones are never answered by Nomad.\n\n\
## Example\n```corefile\n. {\n    nomad service.nomad service.consul\n}\n```\n\n\
## Fix\nKeep one zone per `nomad`, and use a separate server block for each further zone.",
};

pub static ZONE_OUTSIDE_BLOCK: RuleMeta = RuleMeta {
    code: "PLG409",
    name: "nomad-zone-outside-block",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "The `nomad` zone (by default `service.nomad`) is not served by its server block",
    doc: "## What it does\nChecks that the zone `nomad` answers for lies inside one of the zones of its server block.\n\n\
## Why is this bad?\n`nomad` does not take its zone from the server block: without an argument it answers for \
`service.nomad`. A server block only receives queries for its own zones, so in a block for `example.org` the plugin \
never sees a query it could answer.\n\n## Example\n```corefile\nexample.org {\n    nomad\n}\n```\n\n\
## Fix\nPut `nomad` in a server block for its zone (`service.nomad { nomad }`), or name a zone inside the block.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "address",
        args: "URL...",
        doc: "Nomad HTTP API addresses with their scheme, e.g. `http://127.0.0.1:4646` (default `NOMAD_ADDR` or that \
address); later ones are tried when earlier ones fail.",
        values: &[],
    },
    OptionDef {
        name: "filter",
        args: "FILTER",
        doc: "Nomad filter expression applied to service registrations (quote it).",
        values: &[],
    },
    OptionDef { name: "token", args: "TOKEN", doc: "Nomad ACL token (default `NOMAD_TOKEN`).", values: &[] },
    OptionDef {
        name: "ttl",
        args: "SECONDS",
        doc: "TTL of the answers, from 0 to 3600 seconds (default 30).",
        values: &[],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "nomad",
    summary: "Answer DNS queries for services registered in HashiCorp Nomad.",
    syntax:
        "nomad [ZONE] {\n    address URL...\n    filter FILTER\n    token TOKEN\n    ttl SECONDS\n}",
    snippet: "nomad ${1:service.nomad} {\n\taddress ${2:http://127.0.0.1:4646}\n}",
    options: OPTIONS,
    history: "Added in 1.13.0; `filter` since 1.13.2.",
    setup,
    rules: &[&EXTRA_ZONES, &ZONE_OUTSIDE_BLOCK],
};

const KNOWN: &[&str] = &["address", "filter", "token", "ttl"];

/// The zone `nomad` serves without an argument.
const DEFAULT_ZONE: &str = "service.nomad";

fn setup(c: &mut Controller<'_>) -> SetupResult {
    if !c.next() {
        return Ok(());
    }
    let directive = c.token().expect("positioned on the directive");
    let zones = c.remaining_args();
    check_zone_in_block(
        c,
        zones.first().copied().unwrap_or(directive),
        zones.is_empty(),
    );
    if let Some(extra) = zones.get(1) {
        let message = format!(
            "only the first zone `{}` is used; `{}` and later are ignored",
            zones[0].text, extra.text
        );
        c.report(
            Diagnostic::new(&EXTRA_ZONES, extra.loc, message).with_help(
                "use a separate server block with its own `nomad` for each further zone",
            ),
        );
    }
    while c.next_block() {
        let option = c.token().expect("positioned on the option");
        let name = option.text.to_lowercase();
        if !KNOWN.contains(&name.as_str()) {
            unknown_option(c, KNOWN)?;
            continue;
        }
        let args = c.remaining_args();
        match name.as_str() {
            "address" => {
                if args.is_empty() {
                    return Err(c
                        .err_at(
                            &codes::ARGUMENT_COUNT,
                            option,
                            "`address` needs at least one URL",
                        )
                        .with_help("write e.g. `address http://127.0.0.1:4646`"));
                }
                for address in args.iter().filter(|a| !a.has_placeholder()) {
                    if let Err(e) = url::parse(&address.text) {
                        return Err(c
                            .err_at(&codes::INVALID_VALUE, address, format!("invalid Nomad address `{}`: {e}", address.text))
                            .with_help("write the address as a URL with its scheme, e.g. `http://127.0.0.1:4646`"));
                    }
                }
            }
            _ => {
                if args.len() != 1 {
                    let at = args.get(1).copied().unwrap_or(option);
                    return Err(c
                        .err_at(
                            &codes::ARGUMENT_COUNT,
                            at,
                            format!("`{name}` takes exactly one value, got {}", args.len()),
                        )
                        .with_help("quote a value that contains spaces"));
                }
                if name == "ttl" && !args[0].has_placeholder() {
                    check_ttl(c, args[0])?;
                }
            }
        }
    }
    report_ignored_occurrences(c);
    Ok(())
}

/// The plugin's zone (the first argument, else `service.nomad`) must be inside a block zone.
fn check_zone_in_block(c: &mut Controller<'_>, at: &Token, default: bool) {
    if at.has_placeholder() && !default {
        return;
    }
    let zone = zone::normalize_name(if default { DEFAULT_ZONE } else { &at.text });
    if c.ctx.zones.is_empty() || c.ctx.zones.iter().any(|z| zone::is_subdomain(z, &zone)) {
        return;
    }
    let message = format!("`nomad` answers for `{zone}`, which this server block does not serve");
    let help = if default {
        "without an argument `nomad` serves `service.nomad`: put it in a `service.nomad` server block"
    } else {
        "put `nomad` in a server block for its zone"
    };
    c.report(Diagnostic::new(&ZONE_OUTSIDE_BLOCK, at.loc, message).with_help(help));
}

fn check_ttl(c: &Controller<'_>, value: &Token) -> SetupResult {
    let ttl = number::parse_atoi(&value.text).map_err(|e| {
        c.err_at(
            &codes::INVALID_VALUE,
            value,
            format!("`ttl` must be an integer: {e}"),
        )
    })?;
    if !(0..=3600).contains(&ttl) {
        return Err(c.err_at(
            &codes::INVALID_VALUE,
            value,
            format!("`ttl` must be from 0 to 3600 seconds, got {ttl}"),
        ));
    }
    Ok(())
}
