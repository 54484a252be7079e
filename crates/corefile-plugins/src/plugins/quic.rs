//! `quic`: tunes the DNS-over-QUIC listener of a `quic://` server block (stream and worker
//! limits). Mirrors plugin/quic/setup.go `parseQuic`: only the first occurrence in a block is
//! read, it takes no arguments, and each option may appear once.

use corefile_model::Transport;

use super::shared::{
    parse_listener_limits, report_brace_on_next_line, LimitOption, BRACE_ON_NEXT_LINE,
    FIRST_KEY_ONLY, IGNORED_OCCURRENCE,
};
use crate::{Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "quic",
    summary:
        "Limits for the DNS-over-QUIC (DoQ) listener: streams per connection and worker goroutines.",
    syntax: "quic {\n    max_streams POSITIVE_INTEGER\n    worker_pool_size POSITIVE_INTEGER\n}",
    snippet: "quic {\n\tmax_streams ${1:256}\n}",
    options: &[
        OptionDef {
            name: "max_streams",
            args: "POSITIVE_INTEGER",
            doc: "Most concurrent streams a client may open on one QUIC connection (default 256).",
            values: &[],
        },
        OptionDef {
            name: "worker_pool_size",
            args: "POSITIVE_INTEGER",
            doc: "Most streams handled at the same time across all connections (default 1024).",
            values: &[],
        },
    ],
    history: "Added in CoreDNS 1.12.2.",
    setup,
    rules: &[&IGNORED_OCCURRENCE, &FIRST_KEY_ONLY, &BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    parse_listener_limits(
        c,
        Transport::Quic,
        &[
            LimitOption {
                name: "max_streams",
                min: 1,
            },
            LimitOption {
                name: "worker_pool_size",
                min: 1,
            },
        ],
    )
}
