//! Test support for helper H3's tests: loads a whole Corefile with the real loader and runs the
//! setup of the given plugins once per server block, as `corefile-lint check` does.

use std::sync::Arc;

use corefile_model::load::{load, LoadOptions, RootFile, RootKind};
use corefile_model::{Diagnostic, MemoryVfs, Token};
use corefile_plugins::{plugin, Controller, SetupContext, DIRECTIVES};

/// The loader's error-severity findings (syntax, addresses) and everything `plugins` report.
pub fn lint_corefile(text: &str, plugins: &[&str]) -> Vec<Diagnostic> {
    let directives: Vec<String> = DIRECTIVES.iter().map(|d| d.to_string()).collect();
    let root = RootFile {
        name: "Corefile".into(),
        path: None,
        text: Arc::from(text),
    };
    let opts = LoadOptions {
        directives: &directives,
        root_kind: RootKind::Corefile,
    };
    let loaded = load(&MemoryVfs::default(), root, &opts);
    let mut out: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == corefile_model::Severity::Error)
        .collect();
    for block in &loaded.model.blocks {
        let zones = block.zones();
        for name in plugins {
            let tokens: Vec<Token> = block
                .directives_named(name)
                .flat_map(|d| d.tokens.iter().cloned())
                .collect();
            if tokens.is_empty() {
                continue;
            }
            let def = plugin(name).expect("a stock plugin");
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

/// One line per finding: `severity CODE: message`.
pub fn render(found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(|d| format!("{} {}: {}", d.severity.as_str(), d.code(), d.message))
        .collect::<Vec<_>>()
        .join("\n")
}
