//! `chaos`: answers CH-class TXT queries for `version.bind`, `version.server`, `authors.bind`,
//! `hostname.bind` and `id.server`. Mirrors plugin/chaos/setup.go `parse`: any arguments (VERSION
//! then AUTHORS), no block options; only the first occurrence in a block is read.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity};

use crate::codes::UNKNOWN_OPTION;
use crate::plugins::any::{warn_ignored_repeats, IGNORED_REPEAT};
use crate::values::zone;
use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "chaos",
    summary: "Answers CH TXT queries such as version.bind and authors.bind",
    syntax: "chaos [VERSION] [AUTHORS...]",
    snippet: "chaos ${1:VERSION}",
    options: &[],
    history: "008: answers version.bind. 1.5.0: authors.bind lists the maintainers. \
1.14.4: a non-empty block is refused.",
    setup,
    rules: &[&IGNORED_REPEAT, &NAMES_OUTSIDE_ZONES],
};

/// The names chaos answers (CH TXT).
const CHAOS_NAMES: &[&str] = &[
    "version.bind.",
    "version.server.",
    "authors.bind.",
    "hostname.bind.",
    "id.server.",
];

pub static NAMES_OUTSIDE_ZONES: RuleMeta = RuleMeta {
    code: "PLG212",
    name: "chaos-names-outside-zones",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`chaos` in a server block whose zones contain none of the names it answers",
    doc: "## What it does\nChecks that a zone of the server block contains `version.bind`, `version.server`, \
`authors.bind`, `hostname.bind` or `id.server`.\n\n## Why is this bad?\nQueries reach a block only for its zones, so \
`chaos` in `example.org { }` never sees a `version.bind` query and answers nothing.\n\n## Example\n```corefile\n\
example.org {\n    chaos CoreDNS-001\n}\n```\n\n## Fix\nMove `chaos` to the `.` block, or add the names as keys: \
`version.bind version.server authors.bind hostname.bind id.server { chaos }`.",
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    if !c.next() {
        return Ok(());
    }
    let reachable = CHAOS_NAMES
        .iter()
        .any(|name| c.ctx.zones.iter().any(|z| zone::is_subdomain(z, name)));
    if !reachable && !c.ctx.zones.is_empty() {
        let at = c.token().expect("positioned");
        let shown: Vec<&str> = c.ctx.zones.iter().take(3).map(String::as_str).collect();
        let more = c.ctx.zones.len().saturating_sub(shown.len());
        let zones = if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        };
        let d = Diagnostic::new(
            &NAMES_OUTSIDE_ZONES,
            at.loc,
            format!("`chaos` answers version.bind and friends, but this block serves only {zones}"),
        )
        .with_help("move `chaos` to the `.` server block or add `version.bind` (and the other names) as keys");
        c.report(d);
    }
    c.remaining_args();
    if c.next_block() {
        return Err(c
            .err(
                &UNKNOWN_OPTION,
                format!("`chaos` has no block options, got `{}`", c.val()),
            )
            .with_help(
                "put VERSION and AUTHORS on the directive line: `chaos VERSION AUTHOR...`",
            ));
    }
    // Skip an empty block so its `}` is not mistaken for another occurrence.
    warn_ignored_repeats(c);
    Ok(())
}
