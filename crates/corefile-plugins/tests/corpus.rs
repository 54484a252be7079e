//! CoreDNS's own verdicts (`shared/corpus/coredns/cases.jsonl`, read at run time; the test says
//! it was skipped when the corpus is absent) for every plugin of the catalogue. A `directive`
//! case runs through `testing::setup_text` (one token list, like CoreDNS's test controller), a
//! `corefile` case through the loader and the setup of every plugin it uses. "Refused" means an
//! error-severity finding. Cases with a caveat are counted separately and do not fail the test.

mod support;

use std::collections::BTreeMap;

use corefile_model::Diagnostic;
use corefile_plugins::testing::{has_error, render, setup_text, tokens};
use corefile_plugins::{plugin, DIRECTIVES};
use support::{corpus_dir_or_skip, lint_corefile, read_jsonl};

#[derive(Default)]
struct Score {
    agree: usize,
    total: usize,
    caveat_agree: usize,
    caveat_total: usize,
}

/// The directive of a corpus `plugin` field (the corpus names `prometheus` after its package).
fn directive_of(corpus_plugin: &str) -> &str {
    match corpus_plugin {
        "metrics" => "prometheus",
        other => other,
    }
}

#[test]
fn corpus_agreement() {
    let Some(dir) = corpus_dir_or_skip("corpus_agreement") else {
        return;
    };
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut unregistered = Vec::new();
    for case in read_jsonl(&dir.join("coredns/cases.jsonl")) {
        let field = |name: &str| case[name].as_str().unwrap_or_default();
        let name = field("plugin");
        if plugin(directive_of(name)).is_none() {
            continue;
        }
        let input = field("input");
        let found: Vec<Diagnostic> = if field("kind") != "directive" {
            lint_corefile(input, DIRECTIVES)
        } else if tokens(input)
            .first()
            .is_none_or(|t| plugin(&t.text).is_none())
        {
            // The Go test called setup under a name CoreDNS does not register
            // (`minimal-response`): a Corefile cannot express that case.
            unregistered.push(field("id").to_string());
            continue;
        } else {
            let keys: Vec<&str> = case["server_keys"]
                .as_array()
                .map(|k| k.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            setup_text(input, &keys)
        };
        let agrees = has_error(&found) == (field("expect") == "error");
        let score = scores.entry(name.to_string()).or_default();
        if case["caveat"].is_null() {
            score.total += 1;
            score.agree += usize::from(agrees);
            if !agrees {
                failures.push(format!(
                    "{} ({}, expect {}):\n{input}\n--- got:\n{}",
                    field("id"),
                    field("kind"),
                    field("expect"),
                    render(input, &found)
                ));
            }
        } else {
            score.caveat_total += 1;
            score.caveat_agree += usize::from(agrees);
        }
    }
    println!("plugin: agree/total without caveat | agree/total with caveat");
    for (name, s) in &scores {
        println!(
            "{name:12} {}/{} | {}/{}",
            s.agree, s.total, s.caveat_agree, s.caveat_total
        );
    }
    println!("not runnable (unregistered directive name): {unregistered:?}");
    assert!(
        failures.is_empty(),
        "{} disagreements without caveat:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Not a verdict check: prints what the plugins report on the real-world Corefiles, for review.
#[test]
fn realworld_corefiles_report() {
    let Some(dir) = corpus_dir_or_skip("realworld_corefiles_report") else {
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("realworld"))
        .expect("shared/corpus/realworld")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "Corefile"))
        .collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.file_name().unwrap().to_string_lossy();
        for d in lint_corefile(&text, DIRECTIVES) {
            println!("{name} {} {}: {}", d.severity.as_str(), d.code(), d.message);
        }
    }
}
