//! `cancel`: puts a deadline on every request's context so that slow lookups are abandoned.
//! Mirrors plugin/cancel/cancel.go `setup`: every occurrence (and every token the loop lands on)
//! takes at most one argument, a positive Go duration; blocks are never read.

use super::shared::{report_brace_on_next_line, BRACE_ON_NEXT_LINE};
use crate::values::duration;
use crate::{codes, Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "cancel",
    summary: "Cancels a request's context after TIMEOUT (default 5001ms), so plugins stop waiting for slow upstreams.",
    syntax: "cancel [TIMEOUT]",
    snippet: "cancel ${1:5s}",
    options: &[],
    history: "Added in CoreDNS 1.5.0.",
    setup,
    rules: &[&BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next() {
        let args = c.remaining_args();
        match args.as_slice() {
            [] => {}
            [value] if value.has_placeholder() => {}
            [value] => {
                let d = duration::parse_duration(&value.text).map_err(|e| {
                    c.err_at(
                        &codes::INVALID_VALUE,
                        value,
                        format!("invalid `cancel` timeout: {e}"),
                    )
                    .with_help("write a duration with a unit, e.g. `5s` or `500ms`")
                })?;
                if d <= 0 {
                    return Err(c.err_at(
                        &codes::INVALID_VALUE,
                        value,
                        format!("`cancel` timeout must be positive, got `{}`", value.text),
                    ));
                }
            }
            _ => return Err(c.arg_err().with_help("write at most one TIMEOUT")),
        }
    }
    Ok(())
}
