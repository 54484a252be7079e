//! Shared by the integration tests: where the shared corpus is, the fixture files, and whole
//! Corefiles run through the real loader. Each test file uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use corefile_model::load::{load, LoadOptions, Loaded, RootFile, RootKind};
use corefile_model::{Diagnostic, MemoryVfs, Severity, TextRange, TextSize};
use corefile_plugins::{plugin, DIRECTIVES};

/// `shared/corpus` in the nearest folder above this crate that has one (`../shared` of the
/// repository), or `None` after printing that `test` was skipped.
pub fn corpus_dir_or_skip(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared").join("corpus"))
        .find(|dir| dir.is_dir());
    if dir.is_none() {
        println!("SKIPPED {test}: shared/corpus is not present above this crate");
    }
    dir
}

/// The lines of a JSON Lines file.
pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("corpus lines are JSON"))
        .collect()
}

/// `text` loaded as a root Corefile (imports cannot resolve: the file system is empty).
pub fn load_corefile(text: &str) -> Loaded {
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
    load(&MemoryVfs::default(), root, &opts)
}

/// The loader's error-severity findings (syntax, addresses) and everything the setups of
/// `plugins` report, run once per server block as `corefile-lint check` does.
pub fn lint_corefile(text: &str, plugins: &[&str]) -> Vec<Diagnostic> {
    let loaded = load_corefile(text);
    let mut out: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    for block in &loaded.model.blocks {
        let zones = block.zones();
        for name in plugins {
            let def = plugin(name).expect("a stock plugin");
            out.extend(def.check_block(block, &zones).into_iter().flatten());
        }
    }
    out
}

/// A directive body under `tests/fixtures/<plugin>/{ok,err}/<name>.Corefile`. A first line
/// `# keys: K1 K2` sets the server block keys (default `.`).
pub struct Fixture {
    pub path: PathBuf,
    pub plugin: String,
    /// `ok` (no error expected) or `err` (at least one).
    pub verdict: &'static str,
    pub name: String,
    pub text: String,
    pub keys: Vec<String>,
}

impl Fixture {
    pub fn expects_error(&self) -> bool {
        self.verdict == "err"
    }

    pub fn keys(&self) -> Vec<&str> {
        self.keys.iter().map(String::as_str).collect()
    }

    /// What `corefile-lint check` reports for the fixture as the body of a server block with
    /// its keys (the loader's errors and its plugin's setup, so checks that need the block's
    /// layout run too), located in the fixture's own text.
    pub fn check(&self) -> Vec<Diagnostic> {
        let keys = if self.keys.is_empty() {
            ".".to_string()
        } else {
            self.keys.join(" ")
        };
        let header = format!("{keys} {{\n");
        let found = lint_corefile(&format!("{header}{}\n}}\n", self.text), &[&self.plugin]);
        let body_start = TextSize::of(header.as_str());
        let body_end = TextSize::of(self.text.as_str());
        let in_body = |at: TextSize| at.checked_sub(body_start).unwrap_or_default().min(body_end);
        found
            .into_iter()
            .map(|mut d| {
                let range = d.location.range;
                d.location.range = TextRange::new(in_body(range.start()), in_body(range.end()));
                d
            })
            .collect()
    }
}

/// Every fixture, by plugin, verdict and name. Every plugin directory has both verdicts.
pub fn fixtures() -> Vec<Fixture> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for plugin in sorted_entries(&root) {
        let plugin_name = file_name(&plugin);
        for verdict in ["ok", "err"] {
            let dir = plugin.join(verdict);
            let paths: Vec<PathBuf> = sorted_entries(&dir)
                .into_iter()
                .filter(|p| p.extension().is_some_and(|x| x == "Corefile"))
                .collect();
            assert!(!paths.is_empty(), "{} has no fixtures", dir.display());
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("readable fixture");
                let keys = text
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("# keys:"))
                    .map(|k| k.split_whitespace().map(String::from).collect())
                    .unwrap_or_default();
                out.push(Fixture {
                    name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                    plugin: plugin_name.clone(),
                    verdict,
                    path,
                    text,
                    keys,
                });
            }
        }
    }
    out
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| file_name(p) != "snapshots")
        .collect();
    paths.sort();
    paths
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
