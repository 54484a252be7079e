//! `dnssec`: NOT YET VALIDATED (placeholder until its setup is ported).

use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "dnssec",
    summary: "",
    syntax: "dnssec",
    snippet: "dnssec",
    options: &[],
    history: "",
    setup,
    rules: &[],
};

fn setup(_c: &mut Controller<'_>) -> SetupResult {
    Ok(())
}
