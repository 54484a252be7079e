//! `minimal`: trims the authority and additional sections from successful answers of the plugins
//! after it. Mirrors plugin/minimal/setup.go `setup`: no arguments; only the first occurrence in
//! a block is read.

use crate::plugins::any::{warn_ignored_repeats, IGNORED_REPEAT};
use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "minimal",
    summary:
        "Sends minimal responses: drops the authority and additional sections of successful answers",
    syntax: "minimal",
    snippet: "minimal",
    options: &[],
    history: "1.8.4: added.",
    setup,
    rules: &[&IGNORED_REPEAT],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    c.next();
    if c.next_arg() {
        return Err(c
            .arg_err()
            .with_help("`minimal` takes no arguments and no block"));
    }
    warn_ignored_repeats(c);
    Ok(())
}
