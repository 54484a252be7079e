//! Formats every Corefile of the shared corpora (read at run time, skipped loudly when absent):
//! the real-world files, CoreDNS's accepted test inputs (directive cases wrapped in `. { }` as
//! the corpus README says) and the near-valid syntax corpus. Each result must be idempotent,
//! read exactly like its input (`verify::preserved`: tokens, same-line relations, comments), and
//! differ from it only in whitespace. Texts with syntax errors go through the conservative mode.

use std::path::{Path, PathBuf};

use corefile_fmt::{format, format_conservative, verify, FormatError, Options};

fn shared_corpus() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("COREFILE_SHARED") {
        return Some(PathBuf::from(dir).join("corpus"));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared").join("corpus"))
        .find(|p| p.is_dir())
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn wrap_directive(case: &serde_json::Value) -> String {
    let input = case["input"].as_str().unwrap();
    let keys = case["server_keys"]
        .as_array()
        .map(|k| {
            k.iter()
                .map(|v| v.as_str().unwrap())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| ".".to_string());
    let newline = if input.ends_with('\n') { "" } else { "\n" };
    format!("{keys} {{\n{input}{newline}}}\n")
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[derive(Default)]
struct Tally {
    strict: usize,
    conservative: usize,
    changed: usize,
    problems: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, text: &str) {
        let opts = Options::default();
        let (out, strict) = match format(text, &opts) {
            Ok(out) => (out, true),
            Err(FormatError::Syntax(_)) => match format_conservative(text, &opts) {
                Ok(out) => (out, false),
                Err(e) => return self.problems.push(format!("{name}: conservative: {e}")),
            },
            Err(e) => return self.problems.push(format!("{name}: {e}")),
        };
        if strict {
            self.strict += 1;
        } else {
            self.conservative += 1;
        }
        self.changed += usize::from(out != text);
        let again = if strict {
            format(&out, &opts)
        } else {
            format_conservative(&out, &opts)
        };
        if again.as_deref() != Ok(out.as_str()) {
            self.problems.push(format!("{name}: not idempotent"));
        }
        if let Err(why) = verify::preserved(text, &out, false) {
            self.problems.push(format!("{name}: {why}"));
        }
        if squash(&out) != squash(text) {
            self.problems
                .push(format!("{name}: non-whitespace content changed"));
        }
    }

    fn finish(self, corpus: &str, at_least: usize) {
        let total = self.strict + self.conservative;
        println!(
            "{corpus}: {total} texts ({} formatted, {} with syntax errors formatted conservatively), {} changed, {} problems",
            self.strict,
            self.conservative,
            self.changed,
            self.problems.len()
        );
        assert!(total >= at_least, "{corpus}: only {total} texts found");
        assert!(
            self.problems.is_empty(),
            "{corpus}:\n{}",
            self.problems.join("\n")
        );
    }
}

#[test]
fn realworld() {
    let Some(corpus) = shared_corpus() else {
        println!("SKIPPED: the shared corpus is not there (set COREFILE_SHARED)");
        return;
    };
    let dir = corpus.join("realworld");
    let mut tally = Tally::default();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.extend(
        std::fs::read_dir(dir.join("templates"))
            .into_iter()
            .flatten()
            .map(|e| e.unwrap().path()),
    );
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".Corefile") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        tally.check(&name, &text);
    }
    tally.finish("realworld", 50);
}

#[test]
fn coredns_accepted_cases() {
    let Some(corpus) = shared_corpus() else {
        println!("SKIPPED: the shared corpus is not there (set COREFILE_SHARED)");
        return;
    };
    let mut tally = Tally::default();
    for case in jsonl(&corpus.join("coredns/cases.jsonl")) {
        if case["expect"] != "ok" {
            continue;
        }
        let text = if case["kind"] == "directive" {
            wrap_directive(&case)
        } else {
            case["input"].as_str().unwrap().to_string()
        };
        tally.check(case["id"].as_str().unwrap(), &text);
    }
    tally.finish("coredns ok cases", 500);
}

#[test]
fn syntax_corpus() {
    let Some(corpus) = shared_corpus() else {
        println!("SKIPPED: the shared corpus is not there (set COREFILE_SHARED)");
        return;
    };
    let mut tally = Tally::default();
    for case in jsonl(&corpus.join("syntax/cases.jsonl")) {
        tally.check(
            case["id"].as_str().unwrap(),
            case["input"].as_str().unwrap(),
        );
    }
    tally.finish("syntax corpus", 1000);
}
