//! `reload`: re-reads the Corefile periodically and reloads when it changed. Mirrors
//! plugin/reload/setup.go `setup`: only the first occurrence's line is read (INTERVAL ≥ 2s,
//! JITTER 0 or ≥ 1s); a block and later occurrences are ignored.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity};

use super::shared::{
    report_brace_on_next_line, report_ignored_occurrences, BRACE_ON_NEXT_LINE, IGNORED_OCCURRENCE,
};
use crate::values::duration;
use crate::{codes, Controller, PluginDef, SetupResult};

use crate::values::duration::SECOND;

pub static JITTER_CLAMPED: RuleMeta = RuleMeta {
    code: "PLG311",
    name: "reload-jitter-clamped",
    group: Group::Plugin,
    default_severity: Severity::Info,
    summary: "`reload` JITTER larger than half the INTERVAL is silently reduced",
    doc: "## What it does\nFinds a `reload` JITTER greater than half of its INTERVAL.\n\n## Why is this bad?\n\
CoreDNS silently lowers the jitter to INTERVAL/2, so the written value is not the one in effect.\n\n\
## Example\n```corefile\n. {\n    reload 10s 8s\n}\n```\nThe jitter used is 5s.\n\n## Fix\nWrite a jitter of at most half the interval.",
};

pub static PLUGIN: PluginDef = PluginDef {
    name: "reload",
    summary: "Checks the Corefile (and imported files) every INTERVAL and reloads CoreDNS when the content changed.",
    syntax: "reload [INTERVAL] [JITTER]",
    snippet: "reload ${1:30s}",
    options: &[],
    history: "Added in CoreDNS 1.1.0; configurable interval since 1.2.3; imported files watched since 1.6.1; \
JITTER `0` accepted since 1.14.2.",
    setup,
    rules: &[&IGNORED_OCCURRENCE, &JITTER_CLAMPED, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    c.next();
    let args = c.remaining_args();
    if args.len() > 2 {
        return Err(c.arg_err().with_help("write at most INTERVAL and JITTER"));
    }
    let mut parsed = Vec::with_capacity(2);
    for &arg in &args {
        if arg.has_placeholder() {
            parsed.push(None);
            continue;
        }
        let d = duration::parse_duration(&arg.text).map_err(|e| {
            c.err_at(
                &codes::INVALID_VALUE,
                arg,
                format!("invalid `reload` duration: {e}"),
            )
            .with_help("write a duration with a unit, e.g. `30s` or `1m`")
        })?;
        parsed.push(Some(d));
        // Go parses the interval and checks it before it parses the jitter.
        if parsed.len() == 1 && d < 2 * SECOND {
            return Err(c.err_at(
                &codes::INVALID_VALUE,
                arg,
                format!("`reload` interval must be at least 2s, got `{}`", arg.text),
            ));
        }
    }
    let interval = parsed.first().copied().unwrap_or(Some(30 * SECOND));
    if let (Some(Some(jitter)), Some(&jitter_token)) = (parsed.get(1), args.get(1)) {
        if *jitter != 0 && *jitter < SECOND {
            return Err(c.err_at(
                &codes::INVALID_VALUE,
                jitter_token,
                format!(
                    "`reload` jitter must be 0 or at least 1s, got `{}`",
                    jitter_token.text
                ),
            ));
        }
        if let Some(interval) = interval {
            if *jitter > interval / 2 {
                let d = Diagnostic::new(
                    &JITTER_CLAMPED,
                    jitter_token.loc,
                    format!("`reload` jitter `{}` is more than half the interval and is reduced to half of it", jitter_token.text),
                )
                .with_help("write a jitter of at most half the interval");
                c.report(d);
            }
        }
    }
    report_ignored_occurrences(c);
    Ok(())
}
