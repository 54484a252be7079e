//! The analysis behind `corefile-lint check`: load a Corefile into the model (syntax and
//! imports), inspect its server addresses, run every stock plugin's setup validation, and apply
//! the cross-plugin rules under [`rules`]. Everything reads text through a [`Vfs`], so the CLI,
//! the language server and the tests drive the same code.

pub mod addresses;
pub mod config;
pub mod embedded;
pub mod plugins;
pub mod rules;
pub mod suppression;

pub use config::Config;

use corefile_model::directives::{directives_for, Version, CURRENT_RELEASE};
use corefile_model::load::{load, LoadOptions, RootFile, RootKind};
use corefile_model::{Diagnostic, Model, RuleMeta, Vfs};

/// What to check against.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Target release, custom plugins, selection and severities (file settings already merged
    /// with command-line flags).
    pub config: Config,
    /// How the root text is used by CoreDNS; `None` is a whole Corefile.
    pub root_kind: Option<RootKind>,
}

impl LintOptions {
    /// Every accepted directive name: the target release's stock list plus the custom plugins
    /// (which are accepted by name and not validated).
    pub fn directives(&self) -> Vec<String> {
        let version = self
            .config
            .target_version()
            .unwrap_or_else(|| Version::parse(CURRENT_RELEASE).expect("valid release"));
        directives_for(version)
            .into_iter()
            .map(str::to_string)
            .chain(self.config.plugins.iter().cloned())
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
    let root_path = root.path.clone();
    let loaded = load(vfs, root, &load_opts);
    let model = loaded.model;
    let mut diagnostics = loaded.diagnostics;
    let target = opts.config.target_version();
    let (from_addresses, from_plugins, from_rules) = if worth_a_thread(&model) {
        // The three passes only read the model: on a large file, plugin setup (the largest)
        // runs beside the other two.
        std::thread::scope(|scope| {
            let from_plugins = scope.spawn(|| plugins::check(&model, target));
            let from_addresses = addresses::check(&model);
            let from_rules = rules::check(&model);
            let from_plugins = from_plugins
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (from_addresses, from_plugins, from_rules)
        })
    } else {
        (
            addresses::check(&model),
            plugins::check(&model, target),
            rules::check(&model),
        )
    };
    diagnostics.extend(from_addresses);
    diagnostics.extend(from_plugins);
    diagnostics.extend(from_rules);
    suppression::apply(&model, &mut diagnostics);
    opts.config.apply(root_path.as_deref(), &mut diagnostics);
    diagnostics.sort_by_key(|d| (d.location.file, d.location.range.start(), d.rule.code));
    diagnostics.dedup_by(|a, b| {
        a.location == b.location && a.rule.code == b.rule.code && a.message == b.message
    });
    LintResult { model, diagnostics }
}

/// Whether the checks of `model` take long enough to pay for a second thread (tens of
/// microseconds to start): a typical Corefile of a few blocks is checked faster on one.
fn worth_a_thread(model: &Model) -> bool {
    const BLOCKS_WORTH_A_THREAD: usize = 64;
    model.blocks.len() >= BLOCKS_WORTH_A_THREAD
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// Every code corefile-lint can report, sorted by code.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    let mut v: Vec<&'static RuleMeta> = corefile_model::codes::ALL.to_vec();
    v.extend(corefile_plugins::all_rules());
    v.extend(rules::all());
    v.extend(suppression::ALL.iter().copied());
    v.extend(embedded::ALL.iter().copied());
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
