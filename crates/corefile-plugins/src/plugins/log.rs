//! `log`: logs every query (and its response) reaching it, to standard output. Mirrors
//! plugin/log/setup.go `logParse` and plugin/pkg/response `ClassFromString`: the directive line
//! gives NAMES and an optional FORMAT (only as the last of two or more arguments, and only if it
//! contains `{`), the block gives `class` filters; every occurrence adds rules.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::{explain_brace, report_brace_on_next_line, unknown_option, BRACE_ON_NEXT_LINE};
use crate::values::{replacer, zone};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

const CLASSES: &[&str] = &["all", "success", "denial", "error"];

pub static TAKEN_AS_NAME: RuleMeta = RuleMeta {
    code: "PLG300",
    name: "log-argument-taken-as-name",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `log` argument that looks like a format or an output but is taken as a name to log",
    doc: "## What it does\nFinds `log` NAMES that are `stdout`/`stderr` (the output argument of releases before 1.0.0) \
and a single argument that contains `{` (a format such as `{common}`).\n\n## Why is this bad?\nWith one argument, `log` \
always reads it as a NAME, and with several only a last argument containing `{` is a FORMAT: `log {common}` logs only \
queries under the name `{common}.`, `log stdout` only queries under `stdout.`, and in `log . stdout` the word adds a \
useless rule for `stdout.`.\n\n## Example\n```corefile\n. {\n    log {common}\n}\n```\n\n\
## Fix\nName the scope before the format: `log . {common}`; drop `stdout` (logs always go to standard output).",
};

pub static UNKNOWN_PLACEHOLDER: RuleMeta = RuleMeta {
    code: "PLG316",
    name: "unknown-log-placeholder",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `{placeholder}` in a `log` format or `dnstap` `extra` that CoreDNS does not know",
    doc: "## What it does\nChecks the `{…}` parts of `log` formats and `dnstap` `extra` text against the placeholders \
CoreDNS replaces: `{type} {name} {class} {proto} {size} {remote} {port} {local} {rcode} {rsize} {duration}`, \
`{>id} {>opcode} {>do} {>bufsize} {>rflags}`, metadata `{/LABEL}`, and in `log` also `{common}` and `{combined}`.\n\n\
## Why is this bad?\nAn unknown placeholder (usually a typo) is printed literally instead of being replaced.\n\n\
## Example\n```corefile\n. {\n    log . \"{remote} {nmae} {rcode}\"\n}\n```\n\n## Fix\nCorrect the placeholder's spelling.",
};

pub static SHADOWED_RULE: RuleMeta = RuleMeta {
    code: "PLG323",
    name: "log-rule-shadowed",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A `log` rule that an earlier, broader `log` rule of the block always takes precedence over",
    doc: "## What it does\nCompares the NAMES of all `log` lines of a server block in order.\n\n## Why is this bad?\n\
For each query only the first rule whose name matches is used (its format and classes decide), so a rule for a name \
at or below an earlier rule's name is never consulted: its format and `class` filter have no effect.\n\n\
## Example\n```corefile\n. {\n    log\n    log example.org {\n        class denial\n    }\n}\n```\n\
The bare `log` covers `.`, so the `example.org` rule never applies.\n\n\
## Fix\nWrite the more specific rule first, or merge the lines.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "log",
    summary: "Logs queries and responses to standard output, per name scope, with a configurable format.",
    syntax: "log [NAMES...] [FORMAT] {\n    class all|success|denial|error...\n}",
    snippet: "log",
    options: &[OptionDef {
        name: "class",
        args: "all|success|denial|error...",
        doc: "Log only responses of these classes (default all); several classes and lines add up.",
        values: CLASSES,
    }],
    history: "Output argument removed in CoreDNS 1.0.0 (always stdout); several classes since 1.1.2; metadata placeholders \
since 1.3.0; several NAMES since 1.3.1; `{common}`/`{combined}` inside a format since 1.9.1; unknown block options \
reported as such since 1.14.4.",
    setup,
    rules: &[&TAKEN_AS_NAME, &UNKNOWN_PLACEHOLDER, &SHADOWED_RULE, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    // Name scopes of the rules so far, in order: the first matching rule handles a query.
    let mut scopes: Vec<(String, &Token)> = Vec::new();
    while c.next() {
        let head = c.token().expect("setup loops on a token");
        let args = c.remaining_args();
        // Like `logParse`: FORMAT only as the last of two or more arguments containing `{`.
        let names = match args.as_slice() {
            [.., format] if args.len() > 1 && format.text.contains('{') => {
                report_unknown_placeholders(c, format, &["{common}", "{combined}"]);
                &args[..args.len() - 1]
            }
            _ => &args[..],
        };
        for name in names {
            check_name(c, name, names.len() == 1);
        }
        let rules: Vec<(String, &Token)> = if names.is_empty() {
            vec![(".".to_string(), head)]
        } else {
            names
                .iter()
                .filter(|t| !t.has_placeholder())
                .map(|t| (zone::fqdn(&t.text), *t))
                .collect()
        };
        for (scope, at) in rules {
            let shadowed = scopes
                .iter()
                .find(|(earlier, _)| zone::is_subdomain(earlier, &scope));
            // Lines of a block glued on from the next line are occurrences too; PLG319 covers them.
            if let (Some((earlier, _)), true) = (shadowed, head.text == c.name) {
                let message = format!(
                    "this `log` rule for `{scope}` is never used: the earlier rule for `{earlier}` matches its queries first"
                );
                let d = Diagnostic::new(&SHADOWED_RULE, at.loc, message)
                    .with_help("put the more specific `log` line first, or merge the two");
                c.report(d);
            }
            scopes.push((scope, at));
        }
        while c.next_block() {
            if c.val() != "class" {
                unknown_option(c, &["class"])?;
                continue;
            }
            let classes = c.remaining_args();
            if classes.is_empty() {
                return Err(c
                    .arg_err()
                    .with_help("name at least one class: all, success, denial or error"));
            }
            if let Some(bad) = classes
                .iter()
                .find(|t| !t.has_placeholder() && !CLASSES.contains(&t.text.as_str()))
            {
                let message = format!(
                    "invalid `class` `{}`: expected all, success, denial or error",
                    bad.text
                );
                return Err(explain_brace(
                    c.err_at(&codes::INVALID_VALUE, bad, message),
                    &bad.text,
                ));
            }
        }
    }
    Ok(())
}

/// A NAME that is really an old output argument (`stdout`) or, when alone, a format.
fn check_name(c: &mut Controller<'_>, name: &Token, alone: bool) {
    if name.has_placeholder() {
        return;
    }
    let (why, help) = if alone && name.text.contains('{') {
        (
            "looks like a format",
            format!(
                "write `log . {}` to use it as the format for all names",
                name.text
            ),
        )
    } else if name.text == "stdout" || name.text == "stderr" {
        (
            "looks like an output",
            "remove it: `log` always writes to standard output".to_string(),
        )
    } else {
        return;
    };
    let message = format!(
        "`{}` {why}, but `log` takes it as a name: it only adds a rule for queries under `{}.`",
        name.text, name.text
    );
    c.report(Diagnostic::new(&TAKEN_AS_NAME, name.loc, message).with_help(help));
}

/// Warns about `{…}` parts of `format` that CoreDNS prints literally (`extra_known` lists
/// placeholders the calling plugin expands itself).
pub fn report_unknown_placeholders(c: &mut Controller<'_>, format: &Token, extra_known: &[&str]) {
    if format.has_placeholder() {
        return;
    }
    let mut expanded = format.text.clone();
    for known in extra_known {
        expanded = expanded.replace(known, "").into();
    }
    for label in replacer::unknown_placeholders(&expanded) {
        let mut d = Diagnostic::new(
            &UNKNOWN_PLACEHOLDER,
            format.loc,
            format!("`{label}` is not a placeholder CoreDNS knows; it is printed literally"),
        );
        let known = replacer::LABELS.iter().chain(extra_known.iter()).copied();
        if let Some(s) = corefile_model::did_you_mean(label, known) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        c.report(d);
    }
}
