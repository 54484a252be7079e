//! `debug`: turns off panic recovery and enables debug logging for the server block. Mirrors
//! plugin/debug/debug.go `setup`: every token reached by the loop must be the last on its line.

use super::shared::{report_brace_on_next_line, BRACE_ON_NEXT_LINE};
use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "debug",
    summary: "Disables crash recovery (panics stop CoreDNS) and shows plugins' debug log messages.",
    syntax: "debug",
    snippet: "debug",
    options: &[],
    history: "Since CoreDNS 008; debug log output since 1.1.2; enabled globally when any block enables it since 1.7.1.",
    setup,
    rules: &[&BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    // The loop visits every token and only asks whether another one follows on its line, so a
    // block glued on from later lines passes as long as no two of its tokens share a line.
    while c.next() {
        if c.next_arg() {
            return Err(c.arg_err());
        }
    }
    Ok(())
}
