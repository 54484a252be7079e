//! `file`: serves zones from RFC 1035 zone files. Mirrors plugin/file/setup.go `fileParse`: one
//! DBFILE and optional zones per occurrence, then a block with `reload`, `reload_by_mtime`,
//! `fallthrough` and the ignored `upstream`. Opening and parsing the zone file is left to
//! CoreDNS (a missing file is only fatal with `reload 0`, and is a machine-specific fact).

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::{fallthrough_line, ignore_upstream, unknown_option};
use crate::values::{duration, zone};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static NEGATIVE_RELOAD: RuleMeta = RuleMeta {
    code: "PLG400",
    name: "file-negative-reload",
    group: Group::Plugin,
    default_severity: Severity::Error,
    summary: "A negative `reload` interval in `file` makes CoreDNS crash at startup",
    doc: "## What it does\nFlags a `reload` duration below zero inside a `file` block.\n\n\
## Why is this bad?\nThe setup code accepts any duration, but when the server starts it creates a \
ticker with the interval and Go panics on a non-positive ticker interval: CoreDNS exits right after \
loading the configuration.\n\n## Example\n```corefile\nexample.org {\n    file db.example.org {\n        reload -1m\n    }\n}\n```\n\n\
## Fix\nUse a positive interval such as `1m`, or `0` to turn reloading off.",
};

pub static ROOT_ORIGIN: RuleMeta = RuleMeta {
    code: "PLG401",
    name: "file-root-origin",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`file` without a zone argument in a `.` server block loads the file with the root as origin",
    doc: "## What it does\nFinds `file DBFILE` with no ZONE argument in a server block for the root zone `.`.\n\n\
## Why is this bad?\nWithout zone arguments the zone file is loaded once per server block zone, here with \
origin `.`. Relative names and `@` in the file then mean the root, and the SOA the file declares for its own \
zone does not match the origin, so the file serves nothing useful or fails to load.\n\n## Example\n```corefile\n. {\n    file db.example.org\n}\n```\n\n\
## Fix\nName the zone the file is for: `file db.example.org example.org`.",
};

pub static ZONE_LOADED_TWICE: RuleMeta = RuleMeta {
    code: "PLG406",
    name: "zone-loaded-twice",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "Two `file` (or two `secondary`) directives of one server block load the same zone",
    doc: "## What it does\nFinds a zone that a `file` directive loads when an earlier `file` of the same server \
block already loads it (and the same for `secondary`).\n\n## Why is this bad?\nThe plugin keeps one copy per zone \
name: the later directive silently replaces the earlier one, so the first zone file (or the first list of \
primaries) is never used.\n\n## Example\n```corefile\n. {\n    file db.example.org example.org\n    file db.example.org.new example.org\n}\n```\n\n\
## Fix\nKeep one directive per zone.",
};

static OPTIONS: &[OptionDef] = &[
    OptionDef {
        name: "reload",
        args: "DURATION",
        doc: "How often to check the zone file for a changed SOA serial (default `1m`); `0` turns reloading off.",
        values: &[],
    },
    OptionDef {
        name: "reload_by_mtime",
        args: "",
        doc: "Reload when the file's modification time changes instead of when its SOA serial grows.",
        values: &[],
    },
    OptionDef {
        name: "fallthrough",
        args: "[ZONES...]",
        doc: "Pass queries for names that do not exist in the zone on to the next plugin (optionally only for ZONES).",
        values: &[],
    },
    OptionDef {
        name: "upstream",
        args: "[ADDRESS...]",
        doc: "Obsolete and ignored: CNAME targets outside the zone are always resolved through CoreDNS itself.",
        values: &[],
    },
];

pub static PLUGIN: PluginDef = PluginDef {
    name: "file",
    summary: "Serve authoritative zones from RFC 1035 zone files.",
    syntax: "file DBFILE [ZONES...] {\n    reload DURATION\n    reload_by_mtime\n    fallthrough [ZONES...]\n}",
    snippet: "file ${1:db.example.org} ${2:example.org}",
    options: OPTIONS,
    history: "Zone transfers out (`transfer to`) moved to the `transfer` plugin in 1.8.0; `no_reload` became an \
error in 1.5.0 (use `reload 0`); a missing zone file is not fatal since 1.6.0 unless reloading is off; \
`fallthrough` since 1.12.2; `reload_by_mtime` since 1.14.4.",
    setup,
    rules: &[&NEGATIVE_RELOAD, &ROOT_ORIGIN, &ZONE_LOADED_TWICE],
};

const KNOWN: &[&str] = &["reload", "reload_by_mtime", "fallthrough", "upstream"];

fn setup(c: &mut Controller<'_>) -> SetupResult {
    let mut loaded = Vec::new();
    while c.next() {
        if !c.next_arg() {
            return Err(c
                .arg_err()
                .with_help("give the zone file: `file DBFILE [ZONES...]`"));
        }
        let db = c.token().expect("positioned on DBFILE");
        let zones = origins(c);
        report_zones_loaded_twice(c, db, zones.zones.as_deref(), &mut loaded);
        if !zones.explicit && c.ctx.zones.iter().any(|z| z == ".") {
            let message = format!(
                "`file {}` has no zone argument, so it is loaded with origin `.`",
                db.text
            );
            c.report(
                Diagnostic::new(&ROOT_ORIGIN, db.loc, message).with_help(
                    "add the zone the file is for, e.g. `file db.example.org example.org`",
                ),
            );
        }
        while c.next_block() {
            match c.val() {
                "fallthrough" => fallthrough_line(c),
                "reload" => check_reload(c)?,
                "reload_by_mtime" => {}
                "upstream" => ignore_upstream(c),
                "transfer" => return Err(removed_transfer(c)),
                "no_reload" => return Err(removed_no_reload(c)),
                _ => unknown_option(c, KNOWN)?,
            }
        }
    }
    Ok(())
}

/// Warns (at `at`) about each of `zones` already in `loaded`, then records them: file and
/// secondary keep one zone per name, the later occurrence winning.
pub(crate) fn report_zones_loaded_twice(
    c: &mut Controller<'_>,
    at: &Token,
    zones: Option<&[String]>,
    loaded: &mut Vec<String>,
) {
    for zone in zones.unwrap_or_default() {
        if loaded.contains(zone) {
            let message = format!(
                "zone `{zone}` is already loaded by an earlier `{}`; this one replaces it",
                c.name
            );
            c.report(
                Diagnostic::new(&ZONE_LOADED_TWICE, at.loc, message)
                    .with_help("keep one directive per zone"),
            );
        } else {
            loaded.push(zone.clone());
        }
    }
}

/// A directive's zones as `plugin.OriginsFromArgsOrServerBlock` computes them.
pub(crate) struct Origins {
    /// Zone arguments were written (otherwise the server block's zones apply).
    pub explicit: bool,
    /// The zones; `None` when a placeholder makes them unknown.
    pub zones: Option<Vec<String>>,
}

/// Reads the directive's zone arguments (`RemainingArgs`), warning about arguments CoreDNS drops.
pub(crate) fn origins(c: &mut Controller<'_>) -> Origins {
    let args = c.remaining_args();
    let explicit = !args.is_empty();
    if args.iter().any(|a| a.has_placeholder()) {
        return Origins {
            explicit,
            zones: None,
        };
    }
    let texts: Vec<&str> = args.iter().map(|a| a.text.as_str()).collect();
    let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
    zone::report_dropped_zones(c, &args, &list);
    Origins {
        explicit,
        zones: Some(list.zones),
    }
}

/// The `reload DURATION` option shared by `file` and `auto` (both report it as `plugin/file`).
/// Reads the rest of the line; only the first argument counts. Returns the token and its value
/// in nanoseconds when it could be judged.
pub(crate) fn parse_reload<'t>(
    c: &mut Controller<'t>,
) -> Result<Option<(&'t Token, i64)>, crate::PluginError> {
    let option = c.token().expect("positioned on the option");
    let args = c.remaining_args();
    let Some(value) = args.first().copied() else {
        return Err(c
            .err_at(&codes::ARGUMENT_COUNT, option, "`reload` needs a duration")
            .with_help("write e.g. `reload 1m`, or `reload 0` to turn reloading off"));
    };
    if value.has_placeholder() {
        return Ok(None);
    }
    match duration::parse_duration(&value.text) {
        Ok(nanos) => Ok(Some((value, nanos))),
        Err(e) => Err(c
            .err_at(
                &codes::INVALID_VALUE,
                value,
                format!("`reload` must be a duration: {e}"),
            )
            .with_help("write a Go duration such as `30s`, `5m` or `1h`")),
    }
}

fn check_reload(c: &mut Controller<'_>) -> SetupResult {
    if let Some((value, nanos)) = parse_reload(c)? {
        if nanos < 0 {
            let message = format!(
                "`reload {}` is negative: CoreDNS crashes at startup",
                value.text
            );
            c.report(
                Diagnostic::new(&NEGATIVE_RELOAD, value.loc, message)
                    .with_help("use a positive interval, or `0` to turn reloading off"),
            );
        }
    }
    Ok(())
}

/// `transfer ...` inside file/auto, with the cursor on `transfer`. `transfer to` was removed in
/// 1.8.0; `transfer from` never existed there (zones come in through `secondary`).
pub(crate) fn removed_transfer(c: &mut Controller<'_>) -> crate::PluginError {
    let option = c.token().expect("positioned on the option");
    if c.next_arg() && c.val() == "from" {
        return c
            .err_at(
                &codes::UNKNOWN_OPTION,
                option,
                format!("`{}` cannot transfer a zone in", c.name),
            )
            .with_help("use the `secondary` plugin: `secondary ZONES { transfer from PRIMARY }`");
    }
    c.err_at(
        &codes::REMOVED_OPTION,
        option,
        format!("`transfer` inside `{}` was removed in CoreDNS 1.8.0", c.name),
    )
    .with_help("move it to the `transfer` plugin: `transfer ZONES { to ADDRESS... }` in the same server block")
}

/// `no_reload` inside file/auto: removed in 1.5.0.
pub(crate) fn removed_no_reload(c: &Controller<'_>) -> crate::PluginError {
    c.err(
        &codes::REMOVED_OPTION,
        format!(
            "`no_reload` inside `{}` was removed in CoreDNS 1.5.0",
            c.name
        ),
    )
    .with_help("write `reload 0` instead")
}
