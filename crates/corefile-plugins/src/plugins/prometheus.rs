//! `prometheus` (package plugin/metrics): exports Prometheus metrics over HTTP. Mirrors
//! plugin/metrics/setup.go `parse`: once per block, one optional ADDRESS (Go `net.SplitHostPort`),
//! and a block with `runtime_metrics` and one `tls CONFIG_FILE`.

use super::shared::{
    optional_http_address, report_brace_on_next_line, report_shared_endpoint, unknown_option,
    BRACE_ON_NEXT_LINE, LISTEN_PORT, SHARED_ENDPOINT,
};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

const OPTIONS: &[&str] = &["runtime_metrics", "tls"];

pub static PLUGIN: PluginDef = PluginDef {
    name: "prometheus",
    summary: "Exports metrics at `/metrics` on ADDRESS (default `localhost:9153`, loopback only).",
    syntax: "prometheus [ADDRESS] {\n    runtime_metrics\n    tls CONFIG_FILE\n}",
    snippet: "prometheus ${1::9153}",
    options: &[
        OptionDef {
            name: "runtime_metrics",
            args: "",
            doc: "Also export the Go runtime's detailed metrics (process-wide once any block enables it).",
            values: &[],
        },
        OptionDef {
            name: "tls",
            args: "CONFIG_FILE",
            doc: "Serve HTTPS using a Prometheus exporter-toolkit web-config YAML file (cert_file, key_file, client_auth_type...). \
A missing or broken file is only logged and the endpoint stays down.",
            values: &[],
        },
    ],
    history: "Once per block since CoreDNS 1.1.0; `coredns_plugin_enabled` since 1.5.0; block options \
`runtime_metrics` and `tls` since 1.14.3 (earlier releases read no block).",
    setup,
    rules: &[&LISTEN_PORT, &BRACE_ON_NEXT_LINE, &SHARED_ENDPOINT],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next_once()? {
        optional_http_address(c, ":9153")?;
        let mut tls_seen = false;
        while c.next_block() {
            match c.val() {
                "runtime_metrics" => {
                    if !c.remaining_args().is_empty() {
                        return Err(c.arg_err().with_help("`runtime_metrics` takes no value"));
                    }
                }
                "tls" => {
                    if tls_seen {
                        return Err(c.err(
                            &codes::SETUP_FAILS,
                            "`tls` is already set in this `prometheus` block",
                        ));
                    }
                    if c.remaining_args().len() != 1 {
                        return Err(c.arg_err().with_help("write one path: `tls CONFIG_FILE`"));
                    }
                    tls_seen = true;
                }
                _ => unknown_option(c, OPTIONS)?,
            }
        }
    }
    report_shared_endpoint(c);
    Ok(())
}
