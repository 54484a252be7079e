//! Snapshot tests over `fixtures/<plugin>/{ok,err}/*.Corefile` for the plugins ported by helper
//! H1. Each file is a directive body run through `testing::setup_text`; files under `ok/` must
//! get no error (warnings are fine, that is what many of them show), files under `err/` at least
//! one. Adding a case is adding a file.

use std::fs;
use std::path::Path;

use corefile_model::{LineIndex, Severity};
use corefile_plugins::testing::{has_error, setup_text};

const PLUGINS: &[&str] = &[
    "kubernetes",
    "forward",
    "cache",
    "autopath",
    "grpc",
    "hosts",
    "transfer",
    "k8s_external",
    "loop",
];

fn render(text: &str) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in setup_text(text, &[]) {
        let line = index.line_of(d.location.range.start()) + 1;
        out.push_str(&format!(
            "{} {} line {line}: {}\n",
            d.severity.as_str(),
            d.rule.code,
            d.message
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!("    help: {help}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

fn run(kind: &str, expect_error: bool) {
    for plugin in PLUGINS {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(plugin)
            .join(kind);
        let mut paths: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "Corefile"))
            .collect();
        paths.sort();
        assert!(!paths.is_empty(), "{} has no fixtures", dir.display());
        for path in paths {
            let text = fs::read_to_string(&path).unwrap();
            let diagnostics = setup_text(&text, &[]);
            assert_eq!(
                has_error(&diagnostics),
                expect_error,
                "{}: {:?}",
                path.display(),
                diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| &d.message)
                    .collect::<Vec<_>>()
            );
            let name = format!(
                "{plugin}__{kind}__{}",
                path.file_stem().unwrap().to_string_lossy()
            );
            insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, input_file => &path }, {
                insta::assert_snapshot!(name, render(&text));
            });
        }
    }
}

#[test]
fn ok_fixtures() {
    run("ok", false);
}

#[test]
fn err_fixtures() {
    run("err", true);
}
