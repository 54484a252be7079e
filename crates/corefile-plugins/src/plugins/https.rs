//! `https`: tunes the DNS-over-HTTPS listener of an `https://` server block (concurrent
//! connections). Mirrors plugin/https/setup.go `parseDOH`: only the first occurrence in a block
//! is read, no arguments, the option once.

use corefile_model::Transport;

use super::shared::{
    parse_listener_limits, report_brace_on_next_line, BRACE_ON_NEXT_LINE, FIRST_KEY_ONLY,
    IGNORED_OCCURRENCE, MAX_CONNECTIONS,
};
use crate::{Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "https",
    summary: "Limits for the DNS-over-HTTPS (DoH) listener: concurrent connections.",
    syntax: "https {\n    max_connections INTEGER\n}",
    snippet: "https {\n\tmax_connections ${1:200}\n}",
    options: &[OptionDef {
        name: "max_connections",
        args: "INTEGER",
        doc: "Most concurrent TCP connections to the DoH listener (default 200, 0 = unlimited). Does not affect `https3://`.",
        values: &[],
    }],
    history: "Added in CoreDNS 1.14.0.",
    setup,
    rules: &[&IGNORED_OCCURRENCE, &FIRST_KEY_ONLY, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    parse_listener_limits(c, Transport::Https, &[MAX_CONNECTIONS])
}
