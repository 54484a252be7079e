//! `local`: answers queries for `localhost` names and the loopback reverse zones without
//! forwarding them. Mirrors plugin/local/setup.go `parse`: no arguments, and an optional block with
//! `localhost_prefix on|off`; every occurrence is read.

use super::shared::{arg_err, report_brace_on_next_line, unknown_option, BRACE_ON_NEXT_LINE};
use crate::{codes, Controller, OptionDef, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "local",
    summary: "Answers localhost names and the 0/127/255 in-addr.arpa zones locally instead of sending them upstream.",
    syntax: "local {\n    localhost_prefix on|off\n}",
    snippet: "local",
    options: &[OptionDef {
        name: "localhost_prefix",
        args: "on|off",
        doc: "Whether names starting with `localhost.` (like `localhost.example.org.`) are answered too (default on).",
        values: &["on", "off"],
    }],
    history: "Added in CoreDNS 1.8.1; arguments and unknown options are refused since 1.14.4; \
names under `.localhost.` and `localhost_prefix` since 1.14.5.",
    setup,
    rules: &[&BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    while c.next() {
        if !c.remaining_args().is_empty() {
            return Err(c.arg_err().with_help("`local` takes no arguments"));
        }
        while c.next_block() {
            if c.val() != "localhost_prefix" {
                unknown_option(c, &["localhost_prefix"])?;
                continue;
            }
            let args = c.remaining_args();
            if args.len() != 1 {
                return Err(arg_err(c));
            }
            let value = args[0];
            if !value.has_placeholder() && value.text != "on" && value.text != "off" {
                return Err(c.err_at(
                    &codes::INVALID_VALUE,
                    value,
                    format!(
                        "`localhost_prefix` must be `on` or `off`, got `{}`",
                        value.text
                    ),
                ));
            }
        }
    }
    Ok(())
}
