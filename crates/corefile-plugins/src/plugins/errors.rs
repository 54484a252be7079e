//! `errors`: logs the errors plugins return, optionally consolidating repeated messages. Mirrors
//! plugin/errors/setup.go `errorsParse`, `parseConsolidate` and `parseOptionalParams`: once per
//! block, an optional `stdout`, and a block with `stacktrace` and `consolidate` lines.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::{report_brace_on_next_line, unknown_option, BRACE_ON_NEXT_LINE};
use crate::values::{duration, regex};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

const OPTIONS: &[&str] = &["stacktrace", "consolidate"];
const LEVELS: &[&str] = &["warning", "error", "info", "debug"];
const MAX_REGEXP_LEN: usize = 10000;

pub static CONSOLIDATE_NOT_POSITIVE: RuleMeta = RuleMeta {
    code: "PLG310",
    name: "errors-consolidate-not-positive",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`consolidate` with a zero or negative period consolidates nothing",
    doc: "## What it does\nFinds `consolidate DURATION REGEXP` lines in `errors` whose DURATION is zero or negative.\n\n\
## Why is this bad?\nCoreDNS accepts the value, but the consolidation period ends immediately, so every matching error \
is still logged on its own.\n\n## Example\n```corefile\n. {\n    errors {\n        consolidate 0s \".* i/o timeout$\"\n    }\n}\n```\n\n\
## Fix\nWrite a positive period such as `5m`.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "errors",
    summary: "Logs the errors returned by plugins of the block (to standard output), optionally consolidated.",
    syntax: "errors [stdout] {\n    stacktrace\n    consolidate DURATION REGEXP [LEVEL] [show_first]\n}",
    snippet: "errors",
    options: &[
        OptionDef {
            name: "stacktrace",
            args: "",
            doc: "Log a stack trace when a plugin panics (applies to the whole server).",
            values: &[],
        },
        OptionDef {
            name: "consolidate",
            args: "DURATION REGEXP [LEVEL] [show_first]",
            doc: "Count errors matching the Go REGEXP and log one summary per DURATION, at LEVEL \
(warning, error (default), info or debug); `show_first` also logs the first occurrence in full.",
            values: &[],
        },
    ],
    history: "`consolidate` since CoreDNS 1.2.6; its LEVEL since 1.8.5; `stacktrace` since 1.9.3; `show_first` and the \
10000-byte REGEXP limit since 1.14.0.",
    setup,
    rules: &[&CONSOLIDATE_NOT_POSITIVE, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next_once()? {
        let args = c.remaining_args();
        match args.as_slice() {
            [] => {}
            [target] if target.has_placeholder() || target.text == "stdout" => {}
            [target] => {
                return Err(c
                    .err_at(
                        &codes::INVALID_VALUE,
                        target,
                        format!("`errors` can only log to `stdout`, got `{}`", target.text),
                    )
                    .with_help("remove the argument: errors always go to standard output"));
            }
            _ => {
                return Err(c
                    .arg_err()
                    .with_help("`errors` takes at most the word `stdout`"))
            }
        }
        while c.next_block() {
            match c.val() {
                "stacktrace" => {}
                "consolidate" => parse_consolidate(c)?,
                _ => unknown_option(c, OPTIONS)?,
            }
        }
    }
    Ok(())
}

fn parse_consolidate(c: &mut Controller<'_>) -> SetupResult {
    let args = c.remaining_args();
    if args.len() < 2 || args.len() > 4 {
        return Err(c
            .arg_err()
            .with_help("write `consolidate DURATION REGEXP [LEVEL] [show_first]`"));
    }
    let (period, pattern) = (args[0], args[1]);
    if !period.has_placeholder() {
        let d = duration::parse_duration(&period.text).map_err(|e| {
            c.err_at(
                &codes::INVALID_VALUE,
                period,
                format!("invalid `consolidate` duration: {e}"),
            )
            .with_help("write a duration with a unit, e.g. `5m`")
        })?;
        if d <= 0 {
            let diag = Diagnostic::new(
                &CONSOLIDATE_NOT_POSITIVE,
                period.loc,
                format!(
                    "`consolidate {}` has no positive period, so nothing is consolidated",
                    period.text
                ),
            )
            .with_help("write a positive period such as `5m`");
            c.report(diag);
        }
    }
    if pattern.text.len() > MAX_REGEXP_LEN {
        return Err(c.err_at(
            &codes::INVALID_VALUE,
            pattern,
            format!(
                "`consolidate` pattern is {} bytes long, more than the limit of {MAX_REGEXP_LEN}",
                pattern.text.len()
            ),
        ));
    }
    if !pattern.has_placeholder() {
        regex::compile(&pattern.text).map_err(|e| {
            c.err_at(
                &codes::INVALID_VALUE,
                pattern,
                format!("invalid `consolidate` regular expression: {e}"),
            )
            .with_help("quote the pattern if it contains spaces or `#`")
        })?;
    }
    check_optional_params(c, &args[2..])
}

fn check_optional_params(c: &Controller<'_>, args: &[&Token]) -> SetupResult {
    let mut level_seen = false;
    let mut show_first = false;
    for &arg in args {
        if arg.has_placeholder() {
            continue;
        }
        if LEVELS.contains(&arg.text.as_str()) {
            if level_seen {
                return Err(c.err_at(
                    &codes::SETUP_FAILS,
                    arg,
                    "`consolidate` takes only one log level",
                ));
            }
            if show_first {
                return Err(c.err_at(
                    &codes::SETUP_FAILS,
                    arg,
                    "the log level must come before `show_first` in `consolidate`",
                ));
            }
            level_seen = true;
        } else if arg.text == "show_first" {
            show_first = true;
        } else {
            return Err(c
                .err_at(&codes::INVALID_VALUE, arg, format!("unknown `consolidate` option `{}`", arg.text))
                .with_help("after REGEXP only a level (warning, error, info, debug) and `show_first` may follow"));
        }
    }
    Ok(())
}
