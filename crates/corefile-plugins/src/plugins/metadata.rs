//! `metadata`: collects metadata labels from providers (`geoip`, `kubernetes`, `view`) for
//! consumers (`log`, `rewrite`, `template`, `view`) in the same block. Mirrors
//! plugin/metadata/setup.go `metadataParse`: zones on the directive line, at most an empty block,
//! and nothing after it (a second `metadata` fails).

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
    rules: &[],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    c.next();
    // Zones are normalized by OriginsFromArgsOrServerBlock, which drops invalid ones silently.
    c.remaining_args();
    if c.next_block() || c.next() {
        return Err(c.arg_err().with_help(
            "`metadata` takes only zones, no block, and may appear once per server block",
        ));
    }
    Ok(())
}
