//! `whoami`: answers every query with the client's address, port and transport. Mirrors
//! plugin/whoami/setup.go `setup`: only the first occurrence is looked at, and it must have no
//! argument.

use super::shared::{
    report_brace_on_next_line, report_ignored_occurrences, BRACE_ON_NEXT_LINE, IGNORED_OCCURRENCE,
};
use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "whoami",
    summary: "Answers every query with the client's IP address, port and transport (terminal: later plugins never run).",
    syntax: "whoami",
    snippet: "whoami",
    options: &[],
    history: "Since CoreDNS 001; no syntax changes.",
    setup,
    rules: &[&IGNORED_OCCURRENCE, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    c.next();
    if c.next_arg() {
        return Err(c.arg_err());
    }
    report_ignored_occurrences(c);
    Ok(())
}
