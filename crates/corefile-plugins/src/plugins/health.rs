//! `health`: an HTTP endpoint (`/health`) reporting that the process is alive. Mirrors
//! plugin/health/setup.go `parse`: every occurrence may give one ADDRESS (Go
//! `net.SplitHostPort`) and a block with `lameduck DURATION`; the last values win.

use super::shared::{
    arg_err, optional_http_address, report_brace_on_next_line, report_shared_endpoint,
    unknown_option, BRACE_ON_NEXT_LINE, LISTEN_PORT, SHARED_ENDPOINT,
};
use crate::values::duration;
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "health",
    summary: "Serves `/health` over HTTP on ADDRESS (default `:8080`), answering 200 while the process runs.",
    syntax: "health [ADDRESS] {\n    lameduck DURATION\n}",
    snippet: "health ${1::8080}",
    options: &[OptionDef {
        name: "lameduck",
        args: "DURATION",
        doc: "On shutdown, keep serving for DURATION before stopping (default 0, no delay); `/health` still answers 200 meanwhile.",
        values: &[],
    }],
    history: "`lameduck` since CoreDNS 1.0.5; reports only process health since 1.4.0 (plugin readiness moved to \
`ready`); unknown block options reported as such since 1.14.4.",
    setup,
    rules: &[&LISTEN_PORT, &BRACE_ON_NEXT_LINE, &SHARED_ENDPOINT],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next() {
        optional_http_address(c, ":8080")?;
        while c.next_block() {
            if c.val() != "lameduck" {
                unknown_option(c, &["lameduck"])?;
                continue;
            }
            let args = c.remaining_args();
            if args.len() != 1 {
                return Err(arg_err(c));
            }
            let value = args[0];
            if !value.has_placeholder() {
                duration::parse_duration(&value.text).map_err(|e| {
                    c.err_at(
                        &codes::INVALID_VALUE,
                        value,
                        format!("invalid `lameduck` duration: {e}"),
                    )
                    .with_help("write a duration with a unit, e.g. `5s`")
                })?;
            }
        }
    }
    report_shared_endpoint(c);
    Ok(())
}
