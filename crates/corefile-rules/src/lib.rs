//! The analysis behind `corefile-lint check`: load a Corefile into the model (syntax and
//! imports), inspect its server addresses, run every stock plugin's setup validation, and apply
//! the cross-plugin rules under [`rules`]. Everything reads text through a [`Vfs`], so the CLI,
//! the language server and the tests drive the same code.

pub mod addresses;
pub mod plugins;
pub mod rules;

use corefile_model::load::{load, LoadOptions, RootFile, RootKind};
use corefile_model::{Diagnostic, Model, RuleMeta, Vfs};

/// What to check against.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Directive names of a custom CoreDNS build, accepted besides the stock ones and not
    /// validated beyond their name.
    pub extra_plugins: Vec<String>,
    pub root_kind: Option<RootKind>,
}

impl LintOptions {
    /// Every accepted directive name: the stock list plus the custom ones.
    pub fn directives(&self) -> Vec<String> {
        corefile_plugins::DIRECTIVES
            .iter()
            .map(|s| s.to_string())
            .chain(self.extra_plugins.iter().cloned())
            .collect()
    }
}

pub struct LintResult {
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lints one root file (and everything it imports).
pub fn lint(vfs: &dyn Vfs, root: RootFile, opts: &LintOptions) -> LintResult {
    let directives = opts.directives();
    let load_opts = LoadOptions {
        directives: &directives,
        root_kind: opts.root_kind.unwrap_or(RootKind::Corefile),
    };
    let loaded = load(vfs, root, &load_opts);
    let model = loaded.model;
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(addresses::check(&model));
    diagnostics.extend(plugins::check(&model));
    diagnostics.extend(rules::check(&model));
    diagnostics.sort_by_key(|d| (d.location.file, d.location.range.start(), d.rule.code));
    diagnostics.dedup_by(|a, b| {
        a.location == b.location && a.rule.code == b.rule.code && a.message == b.message
    });
    LintResult { model, diagnostics }
}

/// Every code corefile-lint can report, sorted by code.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    let mut v: Vec<&'static RuleMeta> = corefile_model::codes::ALL.to_vec();
    v.extend(corefile_plugins::all_rules());
    v.extend(rules::ALL.iter().copied());
    v.sort_by_key(|r| r.code);
    v.dedup_by_key(|r| r.code);
    v
}

/// The rule with this code or name.
pub fn rule(code_or_name: &str) -> Option<&'static RuleMeta> {
    all_rules()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
