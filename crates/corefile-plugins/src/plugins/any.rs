//! `any`: answers queries of type ANY with the short HINFO reply of RFC 8482 instead of the full
//! record set. Mirrors plugin/any/setup.go `setup`: no arguments and no block on the directive
//! line; only the first occurrence in a block is read.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity};

use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "any",
    summary: "Answers ANY queries with the RFC 8482 HINFO reply",
    syntax: "any",
    snippet: "any",
    options: &[],
    history: "1.5.1: added. 1.14.4: arguments and a block on the directive line are refused.",
    setup,
    rules: &[&IGNORED_REPEAT],
};

pub static IGNORED_REPEAT: RuleMeta = RuleMeta {
    code: "PLG207",
    name: "ignored-repeated-directive",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A second occurrence of `any`, `minimal` or `chaos` in a block, which CoreDNS never reads",
    doc: "## What it does\nFlags repeated occurrences of plugins whose setup only reads the first one \
(`any`, `minimal`, `chaos`).\n\n## Why is this bad?\nThe later lines are neither applied nor validated: \
a `chaos v2` after `chaos v1` still answers `v1`, and typos in the repeat go unnoticed.\n\n\
## Example\n```corefile\n. {\n    chaos v1\n    chaos v2 \"Jane Doe\"\n}\n```\n\n## Fix\nKeep one occurrence.",
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    c.next();
    if c.next_arg() {
        return Err(c
            .arg_err()
            .with_help("`any` takes no arguments and no block"));
    }
    warn_ignored_repeats(c);
    Ok(())
}

/// Reports every later occurrence of a plugin whose setup reads only the first one. Occurrences
/// are told apart by the token that starts a line with the directive's own name.
pub(crate) fn warn_ignored_repeats(c: &mut Controller<'_>) {
    let name = c.name;
    let mut line_start = c.token().map(|t| t.line);
    while c.next() {
        let Some(tok) = c.token() else { break };
        let starts_line = line_start != Some(tok.line);
        line_start = Some(tok.line + tok.lf);
        if starts_line && tok.text == name && !tok.quoted {
            let d = Diagnostic::new(
                &IGNORED_REPEAT,
                tok.loc,
                format!("only the first `{name}` of a server block is read; this one is ignored"),
            )
            .with_help("remove the repeated line");
            c.report(d);
        }
    }
}
