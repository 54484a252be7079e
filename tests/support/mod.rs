//! Shared helpers for the conformance tests: where the shared corpus is, and how to lint a text
//! as CoreDNS would read it from a file in an empty folder.

use std::path::PathBuf;
use std::sync::Arc;

use corefile_model::load::RootFile;
use corefile_model::{Diagnostic, MemoryVfs, Severity};
use corefile_rules::{lint, LintOptions};

/// `../shared/corpus` next to the repository, or `None` (the tests then say they were skipped).
pub fn corpus_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join("corpus");
    root.is_dir().then_some(root)
}

/// Prints the skip notice; returns the corpus directory when present.
pub fn corpus_or_skip(test: &str) -> Option<PathBuf> {
    let dir = corpus_dir();
    if dir.is_none() {
        println!("SKIPPED {test}: ../shared/corpus is not present (it is in CI and on the team's machines)");
    }
    dir
}

pub fn read_jsonl(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// Lints `text` as a file named `Corefile` in an otherwise empty folder.
pub fn lint_text(text: &str) -> Vec<Diagnostic> {
    let root = RootFile {
        name: "Corefile".into(),
        path: Some(PathBuf::from("/corpus-case/Corefile")),
        text: Arc::from(text),
    };
    lint(&MemoryVfs::default(), root, &LintOptions::default()).diagnostics
}

pub fn errors(diags: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    diags.iter().filter(|d| d.severity == Severity::Error)
}
