//! `metadata`: collects metadata labels from providers (`geoip`, `kubernetes`, `view`) for
//! consumers (`log`, `rewrite`, `template`, `view`) in the same block. Mirrors
//! plugin/metadata/setup.go `metadataParse`: zones on the directive line, at most an empty block,
//! and nothing after it (a second `metadata` fails).

use crate::values::zone;
use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "metadata",
    summary: "Enables metadata collection: providers publish labels that other plugins read",
    syntax: "metadata [ZONES...]",
    snippet: "metadata",
    options: &[],
    history:
        "1.2.0: added. 1.3.0: `log` can print labels. 1.11.4: providers are asked in plugin order.",
    setup,
    rules: &[&zone::ZONE_ARGUMENT_IGNORED],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    c.next();
    let zones = c.remaining_args();
    let texts: Vec<&str> = zones.iter().map(|t| t.text.as_str()).collect();
    let list = zone::origins_from_args_or_server_block(&texts, c.ctx.zones);
    zone::report_dropped_zones(c, &zones, &list);
    if c.next_block() || c.next() {
        return Err(c.arg_err().with_help(
            "`metadata` takes only zones, no block, and may appear once per server block",
        ));
    }
    Ok(())
}
