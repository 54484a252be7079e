//! `https3`: tunes the DNS-over-HTTP/3 listener of an `https3://` server block (streams and
//! connections). Mirrors plugin/https3/setup.go `parseDOH3`: only the first occurrence in a block
//! is read, no arguments, each option once.

use corefile_model::Transport;

use super::shared::{
    parse_listener_limits, report_brace_on_next_line, BRACE_ON_NEXT_LINE, FIRST_KEY_ONLY,
    IGNORED_OCCURRENCE, MAX_CONNECTIONS, MAX_STREAMS,
};
use crate::{Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "https3",
    summary: "Limits for the DNS-over-HTTP/3 (DoH3) listener: streams per connection and connections.",
    syntax: "https3 {\n    max_streams INTEGER\n    max_connections INTEGER\n}",
    snippet: "https3 {\n\tmax_streams ${1:256}\n}",
    options: &[
        OptionDef {
            name: "max_streams",
            args: "INTEGER",
            doc: "Most concurrent streams per QUIC connection (default 256, 0 = the QUIC library's default).",
            values: &[],
        },
        OptionDef {
            name: "max_connections",
            args: "INTEGER",
            doc: "Most concurrent connections to the DoH3 listener (default 200, 0 = no limit).",
            values: &[],
        },
    ],
    history: "The `https3://` transport arrived in CoreDNS 1.13.2, this plugin with `max_streams` in 1.14.0, \
`max_connections` in 1.14.7.",
    setup,
    rules: &[&IGNORED_OCCURRENCE, &FIRST_KEY_ONLY, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    parse_listener_limits(c, Transport::Https3, &[MAX_STREAMS, MAX_CONNECTIONS])
}
