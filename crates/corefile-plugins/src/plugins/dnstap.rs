//! `dnstap`: NOT YET VALIDATED (placeholder until its setup is ported).

use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "dnstap",
    summary: "",
    syntax: "dnstap",
    snippet: "dnstap",
    options: &[],
    history: "",
    setup,
    rules: &[],
};

fn setup(_c: &mut Controller<'_>) -> SetupResult {
    Ok(())
}
