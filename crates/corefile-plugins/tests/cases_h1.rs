//! CoreDNS's own verdicts (corpus cases.jsonl) for the plugins ported by helper H1: each
//! `directive` case goes through `testing::setup_text`, which lexes it as one token list like
//! CoreDNS's test controller and runs the setup of the plugin its first token names. "Accepted"
//! means no error-severity diagnostic. Cases with a caveat are counted separately and do not fail
//! the test; `corefile` cases are covered by the workspace conformance test.

use std::collections::BTreeMap;

use corefile_model::Severity;
use corefile_plugins::testing::setup_text;

const CORPUS: &str = "/work/shared/corpus/coredns/cases.jsonl";
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
        let keys: Vec<&str> = case["server_keys"]
            .as_array()
            .map_or(vec!["."], |a| a.iter().filter_map(|k| k.as_str()).collect());
        let input = case["input"].as_str().unwrap_or_default();
        let diagnostics = setup_text(input, &keys);
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        let agrees = errors.is_empty() == (case["expect"] == "ok");
        let score = scores.entry(name).or_default();
        if case["caveat"].is_null() {
            score.total += 1;
            score.agree += usize::from(agrees);
            if !agrees {
                failures.push(format!(
                    "{}: expected {}, got {errors:?}\n{input}",
                    case["id"], case["expect"]
                ));
            }
        } else {
            score.caveat_total += 1;
            score.caveat_agree += usize::from(agrees);
        }
    }
    for (name, s) in &scores {
        eprintln!(
            "{name}: {}/{} agree ({}/{} with caveats)",
            s.agree, s.total, s.caveat_agree, s.caveat_total
        );
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
