//! `bufsize`: caps the EDNS0 UDP buffer size advertised in queries. Mirrors
//! plugin/bufsize/setup.go `parse`: only the first occurrence is read, with at most one argument,
//! an integer between 512 and 4096.

use super::shared::{
    report_brace_on_next_line, report_ignored_occurrences, BRACE_ON_NEXT_LINE, IGNORED_OCCURRENCE,
};
use crate::values::number;
use crate::{codes, Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "bufsize",
    summary:
        "Lowers the EDNS0 UDP payload size advertised by clients' queries to SIZE (default 1232).",
    syntax: "bufsize [SIZE]",
    snippet: "bufsize ${1:1232}",
    options: &[],
    history: "Added in CoreDNS 1.6.6; default 1232 (was 512) since 1.11.0.",
    setup,
    rules: &[&IGNORED_OCCURRENCE, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    c.next();
    let args = c.remaining_args();
    match args.as_slice() {
        [] => {}
        [value] if value.has_placeholder() => {}
        [value] => {
            let in_range = number::parse_atoi(&value.text).is_ok_and(|n| (512..=4096).contains(&n));
            if !in_range {
                return Err(c.err_at(
                    &codes::INVALID_VALUE,
                    value,
                    format!(
                        "`bufsize` must be an integer between 512 and 4096, got `{}`",
                        value.text
                    ),
                ));
            }
        }
        _ => return Err(c.arg_err().with_help("write one SIZE: `bufsize 1232`")),
    }
    report_ignored_occurrences(c);
    Ok(())
}
