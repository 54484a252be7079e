//! Snapshot tests over `fixtures/{ok,err}/*.Corefile`: the tree and the errors of each file.
//! Files under `ok/` must parse without errors, files under `err/` with at least one; every file
//! must come back byte for byte from its tree. Adding a case is adding a file.

use std::fs;
use std::path::Path;

fn render(text: &str) -> String {
    let parse = corefile_syntax::parse(text);
    assert_eq!(parse.syntax().to_string(), text, "tree is not lossless");
    let mut out = String::new();
    for e in parse.errors() {
        out.push_str(&format!(
            "error {:?} @{:?}: {}\n",
            e.kind, e.range, e.message
        ));
    }
    out.push_str(&corefile_syntax::debug_tree(&parse.syntax()));
    out
}

fn run(dir: &str, expect_errors: bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut entries: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    for path in entries {
        let text = fs::read_to_string(&path).unwrap();
        let parse = corefile_syntax::parse(&text);
        assert_eq!(
            !parse.errors().is_empty(),
            expect_errors,
            "{}: {:?}",
            path.display(),
            parse.errors()
        );
        let name = format!("{dir}__{}", path.file_stem().unwrap().to_string_lossy());
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, input_file => &path }, {
            insta::assert_snapshot!(name, render(&text));
        });
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
