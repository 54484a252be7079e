//! `hosts`: NOT YET VALIDATED (placeholder until its setup is ported).

use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "hosts",
    summary: "",
    syntax: "hosts",
    snippet: "hosts",
    options: &[],
    history: "",
    setup,
    rules: &[],
};

fn setup(_c: &mut Controller<'_>) -> SetupResult {
    Ok(())
}
