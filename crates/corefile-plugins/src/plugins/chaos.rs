//! `chaos`: answers CH-class TXT queries for `version.bind`, `version.server`, `authors.bind`,
//! `hostname.bind` and `id.server`. Mirrors plugin/chaos/setup.go `parse`: any arguments (VERSION
//! then AUTHORS), no block options; only the first occurrence in a block is read.

use crate::codes::UNKNOWN_OPTION;
use crate::plugins::any::{warn_ignored_repeats, IGNORED_REPEAT};
use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "chaos",
    summary: "Answers CH TXT queries such as version.bind and authors.bind",
    syntax: "chaos [VERSION] [AUTHORS...]",
    snippet: "chaos ${1:VERSION}",
    options: &[],
    history: "008: answers version.bind. 1.5.0: authors.bind lists the maintainers. \
1.14.4: a non-empty block is refused.",
    setup,
    rules: &[&IGNORED_REPEAT],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    if !c.next() {
        return Ok(());
    }
    c.remaining_args();
    if c.next_block() {
        return Err(c
            .err(
                &UNKNOWN_OPTION,
                format!("`chaos` has no block options, got `{}`", c.val()),
            )
            .with_help(
                "put VERSION and AUTHORS on the directive line: `chaos VERSION AUTHOR...`",
            ));
    }
    // Skip an empty block so its `}` is not mistaken for another occurrence.
    warn_ignored_repeats(c);
    Ok(())
}
