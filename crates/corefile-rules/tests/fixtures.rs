//! Rule fixtures: `fixtures/CODE/err/*.Corefile` must report CODE, `fixtures/CODE/ok/*.Corefile`
//! must not; every file's full diagnostics are snapshotted. Adding a case is adding a file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use corefile_model::load::RootFile;
use corefile_model::MemoryVfs;
use corefile_rules::{lint, LintOptions};

fn render(path: &Path) -> (String, Vec<&'static str>) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let root = RootFile {
        name: name.clone(),
        path: Some(PathBuf::from("/fixtures").join(&name)),
        text: Arc::from(text.as_str()),
    };
    let result = lint(&MemoryVfs::default(), root, &LintOptions::default());
    let mut out = String::new();
    for d in &result.diagnostics {
        let (l, c, _, _) = result.model.files.span_1based(d.location);
        out.push_str(&format!(
            "{l}:{c} {}[{}] {}\n",
            d.severity.as_str(),
            d.rule.code,
            d.message
        ));
        for label in &d.labels {
            let (l, c, _, _) = result.model.files.span_1based(label.location);
            out.push_str(&format!("    {l}:{c} {}\n", label.message));
        }
        if let Some(fix) = &d.fix {
            out.push_str(&format!(
                "    fix: {} {:?}\n",
                fix.title,
                fix.edits
                    .iter()
                    .map(|e| e.new_text.as_str())
                    .collect::<Vec<_>>()
            ));
        }
    }
    (
        out,
        result.diagnostics.iter().map(|d| d.rule.code).collect(),
    )
}

#[test]
fn rule_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut codes: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    codes.sort();
    for code_dir in codes {
        let code = code_dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            corefile_rules::rule(&code).is_some(),
            "fixture folder {code} names no rule"
        );
        for (kind, expect) in [("err", true), ("ok", false)] {
            let Ok(rd) = std::fs::read_dir(code_dir.join(kind)) else {
                continue;
            };
            let mut files: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).collect();
            files.sort();
            for f in files {
                let (out, found) = render(&f);
                assert_eq!(
                    found.contains(&code.as_str()),
                    expect,
                    "{}:\n{out}",
                    f.display()
                );
                let name = format!(
                    "{code}__{kind}__{}",
                    f.file_stem().unwrap().to_string_lossy()
                );
                insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, input_file => &f }, {
                    insta::assert_snapshot!(name, out);
                });
            }
        }
    }
}
