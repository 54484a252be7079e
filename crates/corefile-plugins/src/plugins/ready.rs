//! `ready`: an HTTP endpoint (`/ready`) that answers 200 once every readiness-reporting plugin is
//! ready. Mirrors plugin/ready/setup.go `parse` and `parseMonitorType`: once per block, one
//! optional ADDRESS (Go `net.SplitHostPort`), and a block with `monitor`.

use super::shared::{
    arg_err, optional_http_address, report_brace_on_next_line, report_shared_endpoint,
    unknown_option, BRACE_ON_NEXT_LINE, LISTEN_PORT, SHARED_ENDPOINT,
};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "ready",
    summary: "Serves `/ready` over HTTP on ADDRESS (default `:8181`): 200 when all plugins that report readiness are ready.",
    syntax: "ready [ADDRESS] {\n    monitor until-ready|continuously\n}",
    snippet: "ready ${1::8181}",
    options: &[OptionDef {
        name: "monitor",
        args: "until-ready|continuously",
        doc: "Stop checking once everything was ready (`until-ready`, the default) or keep checking (`continuously`).",
        values: &["until-ready", "continuously"],
    }],
    history: "Added in CoreDNS 1.5.0; `monitor` since 1.12.2; unknown block options refused since 1.14.4.",
    setup,
    rules: &[&LISTEN_PORT, &BRACE_ON_NEXT_LINE, &SHARED_ENDPOINT],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next_once()? {
        optional_http_address(c, ":8181")?;
        while c.next_block() {
            if c.val() != "monitor" {
                unknown_option(c, &["monitor"])?;
                continue;
            }
            let args = c.remaining_args();
            if args.len() != 1 {
                return Err(arg_err(c));
            }
            let value = args[0];
            if !value.has_placeholder()
                && value.text != "until-ready"
                && value.text != "continuously"
            {
                return Err(c.err_at(
                    &codes::INVALID_VALUE,
                    value,
                    format!(
                        "`monitor` must be `until-ready` or `continuously`, got `{}`",
                        value.text
                    ),
                ));
            }
        }
    }
    report_shared_endpoint(c);
    Ok(())
}
