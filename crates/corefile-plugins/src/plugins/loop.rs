//! `loop`: sends a probe query to its own server at startup and stops CoreDNS if the probe comes
//! back (a forwarding loop). Mirrors plugin/loop/setup.go `parse`: no arguments, no block, once
//! per server block.

use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "loop",
    summary: "Detects forwarding loops at startup (a probe query that comes back) and stops CoreDNS with a clear message.",
    syntax: "loop",
    snippet: "loop",
    options: &[],
    history: "Since 1.2.1; once per block since its introduction; the probe covers only the block's first zone.",
    setup,
    rules: &[],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    while c.next_once()? {
        if c.next_arg() {
            return Err(c
                .arg_err()
                .with_help("`loop` takes no arguments and no block"));
        }
    }
    Ok(())
}
