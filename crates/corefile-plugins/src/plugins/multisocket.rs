//! `multisocket`: opens several sockets (SO_REUSEPORT) per listen address. Mirrors
//! plugin/multisocket/multisocket.go `parseNumSockets`: one occurrence with at most one argument,
//! and nothing may follow it in the directive's tokens (no block, no second line).

use super::shared::{report_brace_on_next_line, BRACE_ON_NEXT_LINE};
use crate::values::number;
use crate::{codes, Controller, PluginDef, SetupResult};

const MAX_SOCKETS: i64 = 1024;

pub static PLUGIN: PluginDef = PluginDef {
    name: "multisocket",
    summary:
        "Serves each listen address with several sockets (SO_REUSEPORT), spreading load over CPUs.",
    syntax: "multisocket [NUM_SOCKETS]",
    snippet: "multisocket ${1:4}",
    options: &[],
    history: "Added in CoreDNS 1.12.0; at most 1024 sockets since 1.13.2.",
    setup,
    rules: &[&BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    c.next();
    let args = c.remaining_args();
    if args.len() > 1 || c.next() {
        return Err(c
            .arg_err()
            .with_help("write one `multisocket [NUM_SOCKETS]` line without a block"));
    }
    let Some(&value) = args.first() else {
        return Ok(());
    };
    if value.has_placeholder() {
        return Ok(());
    }
    let n = number::parse_atoi(&value.text).map_err(|e| {
        c.err_at(
            &codes::INVALID_VALUE,
            value,
            format!("invalid number of sockets: {e}"),
        )
    })?;
    if !(1..=MAX_SOCKETS).contains(&n) {
        return Err(c.err_at(
            &codes::INVALID_VALUE,
            value,
            format!("number of sockets must be between 1 and {MAX_SOCKETS}, got `{n}`"),
        ));
    }
    Ok(())
}
