//! `shed`: drops UDP queries while the server is overloaded. Mirrors plugin/shed/setup.go
//! `setup` and `parse`: once per block, no arguments, no options, and every key of the block
//! must use the plain DNS transport.

use corefile_model::Transport;

use super::shared::{report_brace_on_next_line, BRACE_ON_NEXT_LINE};
use crate::{codes, Controller, PluginDef, SetupResult};

pub static PLUGIN: PluginDef = PluginDef {
    name: "shed",
    summary: "Sheds load: drops UDP queries when the server cannot keep up (plain DNS server blocks only).",
    syntax: "shed",
    snippet: "shed",
    options: &[],
    history: "Added in CoreDNS 1.14.7.",
    setup,
    rules: &[&BRACE_ON_NEXT_LINE],
};

fn setup(c: &mut Controller<'_>) -> SetupResult {
    report_brace_on_next_line(c);
    let mut head = None;
    while c.next_once()? {
        head = c.token();
        if !c.remaining_args().is_empty() {
            return Err(c.arg_err().with_help("`shed` takes no arguments"));
        }
        if c.next_block() {
            return Err(c
                .err(&codes::INVALID_VALUE, "`shed` takes no options")
                .with_help("remove the block's contents"));
        }
    }
    let Some(head) = head else { return Ok(()) };
    for key in &c.ctx.block.keys {
        let Ok(addrs) = &key.addrs else { continue };
        if let Some(addr) = addrs.iter().find(|a| a.transport != Transport::Dns) {
            return Err(c
                .err_at(
                    &codes::SETUP_FAILS,
                    head,
                    format!("`shed` only works in plain DNS server blocks; `{addr}` uses transport `{}`", addr.transport.scheme()),
                )
                .with_help("move `shed` into a block whose keys are plain `dns://` (or scheme-less) addresses"));
        }
    }
    Ok(())
}
