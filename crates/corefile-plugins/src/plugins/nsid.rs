//! `nsid`: adds an EDNS0 NSID option (RFC 5001) to replies. Mirrors plugin/nsid/setup.go
//! `nsidParse`: the arguments of the first occurrence are joined with spaces; any further token
//! the loop reaches (a second line, a block) is a once-per-block error.

use super::shared::{report_brace_on_next_line, BRACE_ON_NEXT_LINE};
use crate::{Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "nsid",
    summary: "Adds the server's identifier (NSID, RFC 5001) to replies of queries that ask for it.",
    syntax: "nsid [DATA...]",
    snippet: "nsid ${1:DATA}",
    options: &[],
    history: "Added in CoreDNS 1.0.1; a second use in a block is refused since 1.1.0; cached answers carry it since 1.7.0.",
    setup,
    rules: &[&BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next_once()? {
        c.remaining_args();
    }
    Ok(())
}
