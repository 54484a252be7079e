//! `erratic`: a test plugin that drops, delays or truncates answers. Mirrors
//! plugin/erratic/setup.go `parseErratic`: arguments are never read, block options take
//! non-negative 32-bit integers and a Go duration; all occurrences merge into one configuration.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::shared::{arg_err, report_brace_on_next_line, unknown_option, BRACE_ON_NEXT_LINE};
use crate::values::{duration, number};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

const OPTIONS: &[&str] = &["drop", "truncate", "delay", "large"];

pub static DROP_DISABLED: RuleMeta = RuleMeta {
    code: "PLG307",
    name: "erratic-drop-disabled",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "`erratic` with a bare `drop` next to `delay` or `truncate`: nothing is dropped",
    doc: "## What it does\nFinds an `erratic` block with `drop` written without an AMOUNT together with `delay` or `truncate`.\n\n\
## Why is this bad?\nWhen `delay` or `truncate` is active and no `drop AMOUNT` was given, erratic turns dropping off; a \
bare `drop` does not count, so the line suggests drops that never happen.\n\n\
## Example\n```corefile\n. {\n    erratic {\n        drop\n        delay\n    }\n}\n```\n\n## Fix\nGive the amount explicitly: `drop 2`.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "erratic",
    summary: "Test plugin: answers A/AAAA/AXFR with fixed data and drops, delays or truncates some replies on purpose.",
    syntax: "erratic {\n    drop [AMOUNT]\n    truncate [AMOUNT]\n    delay [AMOUNT [DURATION]]\n    large\n}",
    snippet: "erratic {\n\tdrop ${1:2}\n}",
    options: &[
        OptionDef {
            name: "drop",
            args: "[AMOUNT]",
            doc: "Drop one of every AMOUNT queries (default 2; 0 never drops).",
            values: &[],
        },
        OptionDef {
            name: "truncate",
            args: "[AMOUNT]",
            doc: "Truncate one of every AMOUNT replies (default 2; 0 never). Applied with a bit mask, so powers of two work best.",
            values: &[],
        },
        OptionDef {
            name: "delay",
            args: "[AMOUNT [DURATION]]",
            doc: "Delay one of every AMOUNT replies by DURATION (defaults 2 and 100ms).",
            values: &[],
        },
        OptionDef { name: "large", args: "", doc: "Answer A queries with 30 records, to test large responses.", values: &[] },
    ],
    history: "Since CoreDNS 005 (drop); `delay` and `truncate` since 007; `large` since 1.2.5; a bare `truncate` means 2 \
since 1.14.5.",
    setup,
    rules: &[&DROP_DISABLED, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    let mut bare_drop: Option<&Token> = None;
    let mut explicit_drop = false;
    let mut delays_or_truncates = false;
    while c.next() {
        while c.next_block() {
            let option = c.token().expect("next_block stops on a token");
            match option.text.as_str() {
                "large" => continue,
                "drop" | "truncate" | "delay" => {}
                _ => {
                    unknown_option(c, OPTIONS)?;
                    continue;
                }
            }
            let args = c.remaining_args();
            let max = if option.text == "delay" { 2 } else { 1 };
            if args.len() > max {
                return Err(arg_err(c));
            }
            let amount = match args.first() {
                Some(&amount) => check_amount(c, amount)?,
                None => None,
            };
            if let Some(&interval) = args.get(1) {
                if !interval.has_placeholder() {
                    duration::parse_duration(&interval.text).map_err(|e| {
                        c.err_at(
                            &codes::INVALID_VALUE,
                            interval,
                            format!("invalid `delay` duration: {e}"),
                        )
                    })?;
                }
            }
            match option.text.as_str() {
                "drop" if args.is_empty() => bare_drop = Some(option),
                "drop" => explicit_drop = true,
                // A bare `delay`/`truncate` means 2; an unknown (placeholder) amount may be non-zero.
                _ => delays_or_truncates |= amount != Some(0),
            }
        }
    }
    if let (Some(drop), true, false) = (bare_drop, delays_or_truncates, explicit_drop) {
        let d = Diagnostic::new(
            &DROP_DISABLED,
            drop.loc,
            "a bare `drop` with `delay` or `truncate` drops nothing",
        )
        .with_help("write the amount explicitly, e.g. `drop 2`");
        c.report(d);
    }
    Ok(())
}

/// Go `strconv.ParseInt(v, 10, 32)`, not negative; `None` when the value is a placeholder.
fn check_amount(c: &Controller<'_>, amount: &Token) -> Result<Option<i64>, crate::PluginError> {
    if amount.has_placeholder() {
        return Ok(None);
    }
    let n = number::parse_int(&amount.text, 32).map_err(|e| {
        c.err_at(
            &codes::INVALID_VALUE,
            amount,
            format!("invalid amount: {e}"),
        )
    })?;
    if n < 0 {
        return Err(c.err_at(
            &codes::INVALID_VALUE,
            amount,
            format!("amount must not be negative, got `{}`", amount.text),
        ));
    }
    Ok(Some(n))
}
