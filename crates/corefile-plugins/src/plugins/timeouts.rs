//! `timeouts`: read, write and idle timeouts and the per-connection query limit of the block's
//! TCP-based listeners. Mirrors plugin/timeouts/timeouts.go `parseTimeouts` with
//! plugin/pkg/durations `NewDurationFromArg` (a bare integer means seconds).

use super::shared::{arg_err, report_brace_on_next_line, BRACE_ON_NEXT_LINE};
use crate::values::{duration, number};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

use crate::values::duration::SECOND;
const DURATION_OPTIONS: &[&str] = &["read", "write", "idle"];
const OPTIONS: &[&str] = &["read", "write", "idle", "maxtcpqueries"];

pub static PLUGIN: PluginDef = PluginDef {
    name: "timeouts",
    summary: "Sets the listeners' read, write and idle timeouts and how many queries one TCP connection may carry.",
    syntax: "timeouts {\n    read DURATION\n    write DURATION\n    idle DURATION\n    maxtcpqueries MAXIMUM\n}",
    snippet: "timeouts {\n\tread ${1:10s}\n\twrite ${2:20s}\n\tidle ${3:60s}\n}",
    options: &[
        OptionDef {
            name: "read",
            args: "DURATION",
            doc: "Time to read a query (default 3s), 1s to 24h; a bare number is seconds. Used by TCP, DoT, DoH and DoQ.",
            values: &[],
        },
        OptionDef {
            name: "write",
            args: "DURATION",
            doc: "Time to write a response (default 5s), 1s to 24h. Used by TCP, DoT and DoH.",
            values: &[],
        },
        OptionDef {
            name: "idle",
            args: "DURATION",
            doc: "How long an idle connection is kept (default 10s), 1s to 24h. Used by TCP, DoT, DoH, DoQ and DoH3.",
            values: &[],
        },
        OptionDef {
            name: "maxtcpqueries",
            args: "MAXIMUM",
            doc: "Queries allowed on one TCP or DoT connection before it is closed: -1 for unlimited (default) or a positive integer.",
            values: &[],
        },
    ],
    history: "Added in CoreDNS 1.10.1; `maxtcpqueries` since 1.14.7.",
    setup,
    rules: &[&BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next() {
        if !c.remaining_args().is_empty() {
            return Err(c
                .arg_err()
                .with_help("`timeouts` takes no arguments, only a block of options"));
        }
        let mut accepted = 0;
        while c.next_block() {
            let option = c.token().expect("next_block stops on a token");
            let args = c.remaining_args();
            if args.len() != 1 {
                return Err(arg_err(c));
            }
            let value = args[0];
            accepted += 1;
            if option.text == "maxtcpqueries" {
                if value.has_placeholder() {
                    continue;
                }
                let n = number::parse_atoi(&value.text).map_err(|e| {
                    c.err_at(
                        &codes::INVALID_VALUE,
                        value,
                        format!("invalid `maxtcpqueries` value: {e}"),
                    )
                })?;
                if n == 0 || n < -1 {
                    return Err(c.err_at(
                        &codes::INVALID_VALUE,
                        value,
                        format!("`maxtcpqueries` must be -1 (unlimited) or a positive integer, got `{n}`"),
                    ));
                }
                continue;
            }
            // The value is checked as a duration before the option name is looked at.
            if !value.has_placeholder() {
                let d = duration::parse_duration_or_seconds(&value.text).map_err(|e| {
                    c.err_at(
                        &codes::INVALID_VALUE,
                        value,
                        format!("invalid `{}` timeout: {e}", option.text),
                    )
                    .with_help(
                        "write a duration such as `30s` or `1m`; a bare number means seconds",
                    )
                })?;
                if !(SECOND..=24 * 3600 * SECOND).contains(&d) {
                    return Err(c.err_at(
                        &codes::INVALID_VALUE,
                        value,
                        format!(
                            "timeout `{}` must be between 1 second and 24 hours",
                            value.text
                        ),
                    ));
                }
            }
            if !option.has_placeholder() && !DURATION_OPTIONS.contains(&option.text.as_str()) {
                return Err(c
                    .err_at(
                        &codes::UNKNOWN_OPTION,
                        option,
                        format!("unknown option `{}` for `timeouts`", option.text),
                    )
                    .with_help(
                        match corefile_model::did_you_mean(&option.text, OPTIONS.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("`timeouts` accepts: {}", OPTIONS.join(", ")),
                        },
                    ));
            }
        }
        if accepted == 0 {
            return Err(c
                .err(
                    &codes::SETUP_FAILS,
                    "`timeouts` needs a block with at least one timeout",
                )
                .with_help(
                    "open the block on the `timeouts` line: `timeouts {` then `read 10s` ...",
                ));
        }
    }
    Ok(())
}
