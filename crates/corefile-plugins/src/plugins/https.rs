//! `https`: NOT YET VALIDATED (placeholder until its setup is ported).

use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "https",
    summary: "",
    syntax: "https",
    snippet: "https",
    options: &[],
    history: "",
    setup,
    rules: &[],
};

fn setup(_c: &mut Controller<'_>) -> SetupResult {
    Ok(())
}
