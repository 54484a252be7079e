//! `root`: the base directory for relative file names of other plugins. Mirrors
//! plugin/root/root.go `setup`: tokens are read as (head, value) pairs, the value on the head's
//! line; the last value wins. The path is only stat'ed at startup, and a missing one is logged.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity};

use super::shared::{report_brace_on_next_line, BRACE_ON_NEXT_LINE};
use crate::{Controller, PluginDef, SetupResult};

pub static EXTRA_PATHS: RuleMeta = RuleMeta {
    code: "PLG308",
    name: "root-extra-paths",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`root` with three or more paths: all but the last are ignored",
    doc: "## What it does\nFinds `root` lines with an odd number (three or more) of paths, which CoreDNS accepts.\n\n\
## Why is this bad?\n`root` reads its tokens in pairs, so `root /a /b /c` silently sets the root to `/c` and \
ignores the others (with an even number CoreDNS refuses to start).\n\n## Example\n```corefile\n. {\n    root /etc /coredns /zones\n}\n```\n\n\
## Fix\nGive exactly one path.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "root",
    summary: "Sets the directory that relative file names of other plugins (file, auto, hosts, tls, sign, ...) are joined to.",
    syntax: "root PATH",
    snippet: "root ${1:/etc/coredns/zones}",
    options: &[],
    history: "Since CoreDNS 002; `tls` honours it since 1.11.3.",
    setup,
    rules: &[&EXTRA_PATHS, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next() {
        if !c.next_arg() {
            return Err(c.arg_err().with_help("write exactly one path: `root PATH`"));
        }
    }
    // Setup succeeded, so every line has an odd number of paths; three or more means extras.
    let extra: Vec<_> = c
        .ctx
        .block
        .directives_named("root")
        .filter(|d| d.tokens.len() > 2)
        .map(|d| d.name_token().loc)
        .collect();
    for loc in extra {
        let d = Diagnostic::new(
            &EXTRA_PATHS,
            loc,
            "`root` takes one path; with several, only the last one is used",
        )
        .with_help("remove the extra paths");
        c.report(d);
    }
    Ok(())
}
