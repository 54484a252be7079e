//! `pprof`: NOT YET VALIDATED (placeholder until its setup is ported).

use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "pprof",
    summary: "",
    syntax: "pprof",
    snippet: "pprof",
    options: &[],
    history: "",
    setup,
    rules: &[],
};

fn setup(_c: &mut Controller<'_>) -> SetupResult {
    Ok(())
}
