//! `grpc_server`: tunes the gRPC listener of a `grpc://` server block (streams per connection
//! and concurrent connections). Mirrors plugin/grpc_server/setup.go `parseGRPCServer`: only the
//! first occurrence in a block is read, no arguments, each option once.

use corefile_model::Transport;

use super::shared::{
    parse_listener_limits, report_brace_on_next_line, BRACE_ON_NEXT_LINE, FIRST_KEY_ONLY,
    IGNORED_OCCURRENCE, MAX_CONNECTIONS, MAX_STREAMS,
};
use crate::{Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "grpc_server",
    summary: "Limits for the DNS-over-gRPC listener: concurrent streams per connection and connections.",
    syntax: "grpc_server {\n    max_streams INTEGER\n    max_connections INTEGER\n}",
    snippet: "grpc_server {\n\tmax_streams ${1:256}\n\tmax_connections ${2:200}\n}",
    options: &[
        OptionDef {
            name: "max_streams",
            args: "INTEGER",
            doc: "Most concurrent gRPC streams per connection (default 256, 0 = unlimited; values above 4294967295 wrap around).",
            values: &[],
        },
        OptionDef {
            name: "max_connections",
            args: "INTEGER",
            doc: "Most concurrent TCP connections to the listener (default 200, 0 = unlimited).",
            values: &[],
        },
    ],
    history: "Added in CoreDNS 1.14.0.",
    setup,
    rules: &[&IGNORED_OCCURRENCE, &FIRST_KEY_ONLY, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    parse_listener_limits(c, Transport::Grpc, &[MAX_STREAMS, MAX_CONNECTIONS])
}
