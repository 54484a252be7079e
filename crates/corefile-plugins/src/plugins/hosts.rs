//! `hosts`: answers from a hosts file (default `/etc/hosts`) and inline entries, with PTR records
//! generated from them. Mirrors plugin/hosts/setup.go `hostsParse`: once per block; FILE then
//! zones on the directive line; any unknown first word of a block line is an inline hosts entry
//! until a `fallthrough` with zones has been read. The file is read at startup, not here.

use corefile_model::{Diagnostic, Group, RuleMeta, ServerBlock, Severity, Token};

use super::shared::skip_placeholder_option;
use crate::values::{duration, fall, known, net, number, zone};
use crate::{codes, execution_index, Controller, OptionDef, PluginDef, PluginError, SetupResult};

const OPTIONS: &[&str] = &[
    "fallthrough",
    "fallthrough_unsupported",
    "no_reverse",
    "ttl",
    "reload",
];
const MAX_TTL: i64 = 65535;

pub static INVALID_INLINE_ENTRY: RuleMeta = RuleMeta {
    code: "PLG120",
    name: "hosts-invalid-inline-entry",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A line in a `hosts` block that is neither an option nor a usable `IP NAME...` entry",
    doc: "## What it does\nChecks lines of a `hosts` block that are not options: they are inline hosts entries and need an \
IP address followed by at least one name.\n\n## Why is this bad?\nCoreDNS takes any unknown word as the start of an \
inline entry and silently skips entries that do not start with an IP address, so a misspelt option (`tll 60`, \
`no-reverse`) or a half-written entry does nothing.\n\n## Example\n```corefile\n. {\n    hosts {\n        tll 60\n        \
10.0.0.1\n    }\n}\n```\n\n## Fix\nCorrect the option name, or write the entry as `IP-ADDRESS HOSTNAME...`.",
};

pub static NO_FALLTHROUGH: RuleMeta = RuleMeta {
    code: "PLG121",
    name: "hosts-without-fallthrough",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`hosts` for a zone that later plugins also answer, without `fallthrough`",
    doc: "## What it does\nFinds a `hosts` without `fallthrough` in a server block that also has plugins running after \
it (such as `forward`), when hosts covers the root zone.\n\n## Why is this bad?\nhosts has no SOA: for a name of its \
zones that is not in the hosts data it answers SERVFAIL itself instead of passing the query on, so with the root zone \
nothing reaches `forward`.\n\n## Example\n```corefile\n. {\n    hosts {\n        10.0.0.1 db.internal\n    }\n    \
forward . 8.8.8.8\n}\n```\n\n## Fix\nAdd `fallthrough` to the hosts block, or give hosts only the zones it fully serves.",
};

pub static ENTRY_OUTSIDE_ZONES: RuleMeta = RuleMeta {
    code: "PLG126",
    name: "hosts-entry-outside-zones",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "An inline `hosts` name outside the zones the plugin serves",
    doc: "## What it does\nChecks each host name of the inline entries of a `hosts` block against the plugin's zones \
(its zone arguments, or the server block's zones).\n\n## Why is this bad?\nCoreDNS silently drops names outside those \
zones when it reads the entries, so the name never resolves.\n\n\
## Example\n```corefile\nexample.org {\n    hosts {\n        10.0.0.1 db.example.net\n    }\n}\n```\n\n\
## Fix\nAdd the zone (`hosts /etc/hosts example.org example.net` and a matching server block key), or move the entry \
to a block that serves the name.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "hosts",
    summary: "Answers A, AAAA and PTR queries from a hosts file and inline entries.",
    syntax: "hosts [FILE [ZONES...]] {\n    [INLINE]\n    ttl SECONDS\n    no_reverse\n    reload DURATION\n    \
fallthrough [ZONES...]\n    fallthrough_unsupported\n}",
    snippet: "hosts ${1:/etc/hosts} {\n    fallthrough\n}",
    options: &[
        OptionDef { name: "ttl", args: "SECONDS", doc: "TTL of answers, 1 to 65535 (default 3600).", values: &[] },
        OptionDef { name: "no_reverse", args: "", doc: "Do not generate PTR records from the entries.", values: &[] },
        OptionDef { name: "reload", args: "DURATION", doc: "How often to re-read the file (default 5s; 0 turns reloading off).", values: &[] },
        OptionDef { name: "fallthrough", args: "[ZONES...]", doc: "Pass queries for names without an address here (in these zones, or all) to the next plugin. Inline entries must come before it.", values: &[] },
        OptionDef { name: "fallthrough_unsupported", args: "", doc: "With `fallthrough`: also pass on query types other than A, AAAA and PTR for names that exist here.", values: &[] },
    ],
    history: "Since 008; `fallthrough` zones 1.0.3; once per block since 1.1.0; `ttl`, `no_reverse`, `reload` 1.4.0; wildcard \
entries 1.14.5; `fallthrough_unsupported` 1.14.7 (in 1.14.5–1.14.6 other types fell through with plain `fallthrough`).",
    setup,
    rules: &[&INVALID_INLINE_ENTRY, &NO_FALLTHROUGH, &ENTRY_OUTSIDE_ZONES],
};

/// What a block's `hosts` configures, for cross-plugin rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostsConfig {
    /// The plugin's zones (the block's zones without zone arguments).
    pub zones: Vec<String>,
    /// `None` without `fallthrough`; otherwise the zones of the last one (empty: never).
    pub fallthrough: Option<Vec<String>>,
}

/// Reads the block's `hosts` directive as [`PLUGIN`]'s setup does; `None` when the block has none
/// or its setup fails. `zones` are the block's zones.
pub fn config(block: &ServerBlock, zones: &[String]) -> Option<HostsConfig> {
    crate::read_config(PLUGIN.name, block, zones, parse)
}

fn setup(c: &mut Controller<'_>) -> SetupResult {
    let config = parse(c)?;
    report_missing_fallthrough(c, &config);
    Ok(())
}

fn parse(c: &mut Controller<'_>) -> Result<HostsConfig, PluginError> {
    let mut config = HostsConfig {
        zones: c.ctx.zones.to_vec(),
        fallthrough: None,
    };
    let mut unsupported: Option<Token> = None;
    while c.next_once()? {
        let args = c.remaining_args();
        let zone_args = args.get(1..).unwrap_or_default();
        let texts: Vec<&str> = zone_args.iter().map(|t| t.text.as_str()).collect();
        let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
        zone::report_dropped_zones(c, zone_args, &list);
        config.zones = list.zones;
        while c.next_block() {
            let option = c.token().expect("next_block stands on a token").clone();
            if skip_placeholder_option(c) {
                continue;
            }
            if !OPTIONS.contains(&option.text.as_str()) {
                if config.fallthrough.as_ref().is_none_or(Vec::is_empty) {
                    let rest = c.remaining_args();
                    check_inline_entry(c, &config.zones, &option, &rest);
                    continue;
                }
                return Err(c
                    .unknown_option(OPTIONS)
                    .with_help("inline `IP NAME...` entries must come before `fallthrough`"));
            }
            if option.text == "no_reverse" {
                continue;
            }
            let args = c.remaining_args();
            match option.text.as_str() {
                "fallthrough" => {
                    config.fallthrough = Some(fall::fallthrough_option(c, &args));
                }
                "fallthrough_unsupported" => {
                    if !args.is_empty() {
                        return Err(c.arg_err());
                    }
                    unsupported = Some(option.clone());
                }
                "ttl" => {
                    let Some(ttl) = args.first() else {
                        return Err(
                            c.err(&codes::ARGUMENT_COUNT, "`ttl` needs a number of seconds")
                        );
                    };
                    let value = known(ttl, number::parse_atoi).map_err(|e| {
                        c.err_at(
                            &codes::INVALID_VALUE,
                            ttl,
                            format!("`ttl` must be a whole number of seconds: {e}"),
                        )
                    })?;
                    if value.is_some_and(|t| !(1..=MAX_TTL).contains(&t)) {
                        return Err(c.err_at(
                            &codes::INVALID_VALUE,
                            ttl,
                            format!("`ttl` must be between 1 and {MAX_TTL}, got `{}`", ttl.text),
                        ));
                    }
                }
                // The remaining option: `reload`.
                _ => {
                    let [interval] = args.as_slice() else {
                        return Err(c.err(
                            &codes::ARGUMENT_COUNT,
                            "`reload` needs one duration (`0` turns reloading off)",
                        ));
                    };
                    let value = known(interval, duration::parse_duration).map_err(|e| {
                        c.err_at(
                            &codes::INVALID_VALUE,
                            interval,
                            format!("`reload` must be a duration: {e}"),
                        )
                    })?;
                    if value.is_some_and(|d| d < 0) {
                        return Err(c.err_at(
                            &codes::INVALID_VALUE,
                            interval,
                            format!("`reload` must not be negative, got `{}`", interval.text),
                        ));
                    }
                }
            }
        }
    }
    if let (Some(option), true) = (
        &unsupported,
        config.fallthrough.as_ref().is_none_or(Vec::is_empty),
    ) {
        return Err(c
            .err_at(&codes::SETUP_FAILS, option, "`fallthrough_unsupported` needs a `fallthrough` line (with at least one valid zone)")
            .with_help("add `fallthrough` to the block"));
    }
    Ok(config)
}

/// An inline line: CoreDNS keeps it only if it is `IP NAME...`, and only the names inside the
/// plugin's zones.
fn check_inline_entry(c: &mut Controller<'_>, zones: &[String], first: &Token, rest: &[&Token]) {
    if first.has_placeholder() {
        return;
    }
    let is_ip = net::is_ip_allowing_zone(&first.text);
    if is_ip && !rest.is_empty() {
        report_names_outside(c, zones, rest);
        return;
    }
    // Only a rejected line needs the (costly) nearest-option search.
    let suggestion = corefile_model::did_you_mean(&first.text, OPTIONS.iter().copied());
    let problem = if !is_ip {
        match suggestion {
            Some(_) => format!(
                "`{}` is not a `hosts` option; as an inline entry it is ignored",
                first.text
            ),
            None => format!(
                "inline entry `{}` does not start with an IP address and is ignored",
                first.text
            ),
        }
    } else {
        format!(
            "inline entry `{}` has no host name and is ignored",
            first.text
        )
    };
    let help = suggestion.map_or("write `IP-ADDRESS HOSTNAME...`".to_string(), |o| {
        format!("did you mean `{o}`?")
    });
    c.report(Diagnostic::new(&INVALID_INLINE_ENTRY, first.loc, problem).with_help(help));
}

fn report_names_outside(c: &mut Controller<'_>, zones: &[String], names: &[&Token]) {
    for name in names.iter().filter(|t| !t.has_placeholder()) {
        let normalized = zone::normalize_name(&name.text);
        if zones.iter().any(|z| zone::is_subdomain(z, &normalized)) {
            continue;
        }
        let message = format!(
            "`{}` is outside the `hosts` zones ({}), so CoreDNS drops it (no address and no PTR record)",
            name.text,
            zones.join(", ")
        );
        c.report(
            Diagnostic::new(&ENTRY_OUTSIDE_ZONES, name.loc, message).with_help(
                "add its zone to the `hosts` line, or move the entry to a block serving it",
            ),
        );
    }
}

fn report_missing_fallthrough(c: &mut Controller<'_>, config: &HostsConfig) {
    if config.fallthrough.is_some() || !config.zones.iter().any(|z| z == ".") {
        return;
    }
    let own = execution_index(PLUGIN.name);
    let block = c.ctx.block;
    let (Some(hosts), Some(later)) = (
        block.directives_named(PLUGIN.name).next(),
        block
            .directives
            .iter()
            .find(|d| execution_index(d.name()) > own),
    ) else {
        return;
    };
    let message =
        format!("`hosts` serves `.` without `fallthrough`: names it does not know get SERVFAIL and never reach `{}`", later.name());
    let d = Diagnostic::new(&NO_FALLTHROUGH, hosts.name_token().loc, message)
        .with_label(later.name_token().loc, "later plugin")
        .with_help("add `fallthrough` to the `hosts` block");
    c.report(d);
}
