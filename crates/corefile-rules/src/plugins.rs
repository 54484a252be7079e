//! Runs each stock plugin's setup validation once per server block, as CoreDNS does: all
//! occurrences of a directive in the block are concatenated in source order and handed to the
//! setup function; plugins run in plugin.cfg order.

use corefile_model::{Diagnostic, Model, Token};
use corefile_plugins::{plugin, Controller, SetupContext, DIRECTIVES};

pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in &model.blocks {
        let zones = block.zones();
        for name in DIRECTIVES {
            let tokens: Vec<Token> = block
                .directives_named(name)
                .flat_map(|d| d.tokens.iter().cloned())
                .collect();
            if tokens.is_empty() {
                continue;
            }
            let Some(def) = plugin(name) else { continue };
            let mut c = Controller::new(
                def.name,
                &tokens,
                SetupContext {
                    block,
                    zones: &zones,
                },
            );
            let result = (def.setup)(&mut c);
            out.append(&mut c.diagnostics);
            if let Err(e) = result {
                out.push(e.into_diagnostic());
            }
        }
    }
    out
}
