//! Snapshot fixtures: `fixtures/NAME.Corefile` (or `NAME.override`, a fragment) is formatted and
//! compared with `fixtures/NAME.formatted.Corefile` beside it. Inputs with syntax errors are
//! formatted conservatively. A name starting with `tabs-` formats with tabs, `indent2-` with two
//! spaces. `UPDATE_FIXTURES=1` writes the expected files (review them before committing).

use std::path::Path;

use corefile_fmt::{format, format_body, format_body_conservative, format_conservative};
use corefile_fmt::{FormatError, IndentStyle, Options};

fn options(name: &str) -> Options {
    let indent = if name.starts_with("tabs-") {
        IndentStyle::Tabs
    } else if name.starts_with("indent2-") {
        IndentStyle::Spaces(2)
    } else {
        IndentStyle::Spaces(4)
    };
    Options {
        indent,
        ..Options::default()
    }
}

fn format_fixture(name: &str, text: &str, body: bool) -> String {
    let opts = options(name);
    let strict = if body {
        format_body(text, &opts)
    } else {
        format(text, &opts)
    };
    match strict {
        Ok(out) => out,
        Err(FormatError::Syntax(_)) => if body {
            format_body_conservative(text, &opts)
        } else {
            format_conservative(text, &opts)
        }
        .unwrap_or_else(|e| panic!("{name}: {e}")),
        Err(e) => panic!("{name}: {e}"),
    }
}

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            (n.ends_with(".Corefile") || n.ends_with(".override")) && !n.contains(".formatted.")
        })
        .collect();
    names.sort();
    assert!(names.len() >= 20, "fixtures missing in {}", dir.display());
    let mut failed = Vec::new();
    for name in &names {
        let (stem, ext) = name.rsplit_once('.').unwrap();
        let body = ext == "override";
        let input = std::fs::read_to_string(dir.join(name)).unwrap();
        let got = format_fixture(name, &input, body);
        let again = format_fixture(name, &got, body);
        assert_eq!(again, got, "{name}: formatting is not idempotent");
        let expected_path = dir.join(format!("{stem}.formatted.{ext}"));
        if update {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{name}: {} is missing", expected_path.display()));
        if got != expected {
            failed.push(format!(
                "--- {name}: expected\n{expected:?}\n--- got\n{got:?}"
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
