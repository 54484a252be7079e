//! CoreDNS's own verdicts (corpus cases.jsonl) for the plugins ported by helper H2, each
//! `directive` case run through its plugin's setup with the shared harness (one token list, like
//! CoreDNS's test controller). "Accepted" means no error-severity diagnostic. Cases with a caveat
//! are scored separately and do not fail the test; the corpus is read at run time and the test
//! passes with a message when it is absent. Also snapshots every fixture under
//! tests/fixtures/<plugin>/{ok,err}.

use std::collections::BTreeMap;
use std::path::Path;

use corefile_plugins::{plugin, testing};

const CORPUS: &str = "/work/shared/corpus/coredns/cases.jsonl";
const PLUGINS: &[&str] = &[
    "rewrite", "template", "acl", "view", "metadata", "header", "minimal", "any", "chaos",
];

#[derive(Default)]
struct Score {
    agree: usize,
    total: usize,
    caveat_agree: usize,
    caveat_total: usize,
}

#[test]
fn corpus_agreement() {
    let Ok(corpus) = std::fs::read_to_string(CORPUS) else {
        eprintln!("skipped: {CORPUS} is not available");
        return;
    };
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in corpus.lines() {
        let case: serde_json::Value = serde_json::from_str(line).expect("corpus lines are JSON");
        let Some(name) = PLUGINS.iter().find(|p| case["plugin"] == **p) else {
            continue;
        };
        if case["kind"] != "directive" {
            continue;
        }
        let input = case["input"].as_str().unwrap_or_default();
        // Cases calling setup under a name CoreDNS does not register (`minimal-response`).
        let Some(first) = testing::tokens(input).into_iter().next() else {
            continue;
        };
        if plugin(&first.text).is_none() {
            continue;
        }
        let keys: Vec<&str> = case["server_keys"]
            .as_array()
            .map_or(vec!["."], |a| a.iter().filter_map(|k| k.as_str()).collect());
        let diagnostics = testing::setup_text(input, &keys);
        let agrees = testing::has_error(&diagnostics) == (case["expect"] == "error");
        let score = scores.entry(name).or_default();
        if case["caveat"].is_null() {
            score.total += 1;
            score.agree += usize::from(agrees);
            if !agrees {
                let shown: String = input.chars().take(200).collect();
                failures.push(format!(
                    "{}: expected {}: {shown:?}\n{}",
                    case["id"],
                    case["expect"],
                    testing::render(input, &diagnostics)
                ));
            }
        } else {
            score.caveat_total += 1;
            score.caveat_agree += usize::from(agrees);
        }
    }
    for (name, s) in &scores {
        eprintln!(
            "{name}: {}/{} agree ({}/{} with caveat)",
            s.agree, s.total, s.caveat_agree, s.caveat_total
        );
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for name in PLUGINS {
        for verdict in ["ok", "err"] {
            let dir = root.join(name).join(verdict);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            paths.sort();
            for path in paths
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "Corefile"))
            {
                let input = std::fs::read_to_string(&path).expect("fixture is readable");
                let diagnostics = testing::setup_text(&input, &[]);
                assert_eq!(
                    testing::has_error(&diagnostics),
                    verdict == "err",
                    "{}: {}",
                    path.display(),
                    testing::render(&input, &diagnostics)
                );
                let stem = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .expect("named fixture");
                insta::with_settings!({ snapshot_path => dir.join("snapshots"), prepend_module_to_snapshot => false, input_file => &path }, {
                    insta::assert_snapshot!(format!("{name}-{verdict}-{stem}"), testing::render(&input, &diagnostics));
                });
            }
        }
    }
}

/// The value grammars of H2 never panic, whatever text they get (a deterministic sample of
/// strings over the characters that matter to them, multi-byte ones included).
#[test]
fn value_grammars_never_panic() {
    use corefile_plugins::values::{expr, gotemplate, regex};
    const ALPHABET: &[&str] = &[
        "(", ")", "[", "]", "{", "}", "\\", "?", "*", "+", "|", "^", "$", ".", ":", "-", "P", "<",
        ">", "p", "x", "1", "0", "a", "é", "\"", "'", "`", " ", "#", "!", "=", "/", ",", "&", "%",
        "_", "{{", "}}", "\n", "name()", "not",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 12) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let _ = regex::compile(&text);
        let _ = expr::compile(&text, &expr::Env::template());
        let _ = gotemplate::check(&text, &["parseInt"]);
    }
}

/// Findings that depend on the server block's keys (the fixtures run under `.`).
#[test]
fn chaos_needs_a_zone_holding_its_names() {
    let codes = |keys: &[&str]| -> Vec<&str> {
        testing::setup_text("chaos CoreDNS-001\n", keys)
            .iter()
            .map(|d| d.rule.code)
            .collect()
    };
    assert_eq!(codes(&["example.org"]), ["PLG212"]);
    assert!(codes(&["."]).is_empty());
    assert!(codes(&["bind", "server"]).is_empty());
    assert!(codes(&["version.bind"]).is_empty());
}
