//! The CoreDNS plugin catalogue.
//!
//! One module per in-tree plugin under [`plugins`], each declaring a [`PluginDef`]: its syntax and
//! options (data, used for hover, completion and docs) and a `setup` function that walks the
//! directive's tokens with a [`Controller`] the way the plugin's Go setup code does, failing
//! exactly where CoreDNS's setup fails. Shared value grammars (durations, numbers, addresses,
//! CIDRs, zones, ...) live in [`values`].

pub mod codes;
pub mod controller;
pub use corefile_model::directives;
pub mod plugins;
pub mod testing;
pub mod values;

pub use controller::{Controller, PluginError, SetupContext, SetupResult};
pub use directives::{
    execution_index, removed_directive, RemovedDirective, DIRECTIVES, REMOVED_DIRECTIVES,
};

use std::borrow::Cow;

use corefile_model::{Diagnostic, RuleMeta, ServerBlock, Token};

/// One option (a line inside the plugin's block, or a keyword argument form).
#[derive(Debug)]
pub struct OptionDef {
    pub name: &'static str,
    /// The option's arguments in the README's notation, e.g. `DURATION` or `[ZONES...]`.
    pub args: &'static str,
    /// What it does, in our own words; shown on hover.
    pub doc: &'static str,
    /// Fixed keyword values of its first argument, offered by completion (`pods` → disabled…).
    pub values: &'static [&'static str],
}

/// One plugin: what it is, how it is written, and how its setup validates it.
#[derive(Debug)]
pub struct PluginDef {
    /// The directive name (`prometheus` for the metrics plugin).
    pub name: &'static str,
    /// One line: what the plugin does.
    pub summary: &'static str,
    /// The syntax lines, README notation.
    pub syntax: &'static str,
    /// The common form inserted by completion, in LSP snippet syntax (`forward . ${1:8.8.8.8}`).
    pub snippet: &'static str,
    /// Block options (empty for plugins without a block).
    pub options: &'static [OptionDef],
    /// CoreDNS version notes (when it appeared, notable changes), shown on hover.
    pub history: &'static str,
    /// Mirrors the plugin's setup: fails where CoreDNS's setup fails, reports silent mistakes
    /// as warnings through [`Controller::report`].
    pub setup: fn(&mut Controller<'_>) -> SetupResult,
    /// Plugin-specific codes this plugin can report (besides [`codes::GENERIC`]).
    pub rules: &'static [&'static RuleMeta],
}

impl PluginDef {
    pub fn option(&self, name: &str) -> Option<&'static OptionDef> {
        self.options.iter().find(|o| o.name == name)
    }

    pub fn option_names(&self) -> Vec<&'static str> {
        self.options.iter().map(|o| o.name).collect()
    }

    /// Runs the setup on `tokens` (every occurrence of the directive in one server block,
    /// concatenated, as CoreDNS hands them over): what it reported, and the error that stopped
    /// it. Callers decide how to report the error (the rules soften removed options).
    pub fn run(
        &self,
        tokens: &[Token],
        context: SetupContext<'_>,
    ) -> (Vec<Diagnostic>, Option<PluginError>) {
        let mut c = Controller::new(self.name, tokens, context);
        let result = (self.setup)(&mut c);
        (c.diagnostics, result.err())
    }

    /// [`PluginDef::run`] on the directives of `block` that name this plugin, with the error
    /// as the last diagnostic; `None` when the block has none.
    pub fn check_block(&self, block: &ServerBlock, zones: &[String]) -> Option<Vec<Diagnostic>> {
        let tokens = block_tokens(block, self.name);
        if tokens.is_empty() {
            return None;
        }
        let (mut found, error) = self.run(&tokens, SetupContext { block, zones });
        found.extend(error.map(PluginError::into_diagnostic));
        Some(found)
    }
}

/// The catalogue entry of a stock directive.
pub fn plugin(name: &str) -> Option<&'static PluginDef> {
    plugins::ALL.iter().copied().find(|p| p.name == name)
}

/// Every code the catalogue can report.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    let mut v: Vec<&'static RuleMeta> = codes::GENERIC.to_vec();
    for p in plugins::ALL {
        v.extend(p.rules.iter().copied());
    }
    v
}

/// All occurrences of `name` in a block, concatenated in source order: exactly the token list
/// CoreDNS hands to the plugin's setup. Borrowed in the usual case of a single occurrence.
pub fn block_tokens<'b>(block: &'b ServerBlock, name: &str) -> Cow<'b, [Token]> {
    let mut named = block.directives_named(name);
    match (named.next(), named.next()) {
        (None, _) => Cow::Borrowed(&[]),
        (Some(only), None) => Cow::Borrowed(&only.tokens),
        (Some(_), Some(_)) => block
            .directives_named(name)
            .flat_map(|d| d.tokens.iter().cloned())
            .collect(),
    }
}

/// Reads what a plugin configures in a block by running its `parse` as setup runs it, for the
/// cross-plugin rules. `None` when the block has no such directive or its setup fails.
pub fn read_config<T>(
    name: &'static str,
    block: &ServerBlock,
    zones: &[String],
    parse: fn(&mut Controller<'_>) -> Result<T, PluginError>,
) -> Option<T> {
    let tokens = block_tokens(block, name);
    if tokens.is_empty() {
        return None;
    }
    let mut c = Controller::new(name, &tokens, SetupContext { block, zones });
    parse(&mut c).ok()
}
