//! CoreDNS's own verdicts (shared/corpus/coredns/cases.jsonl) for helper H4's plugins: every
//! `directive` case without a caveat must agree (error-severity diagnostic ⇔ CoreDNS refuses);
//! caveated cases are counted and printed, not asserted.

#[path = "h4_support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::Path;

use corefile_model::Severity;

const PLUGINS: &[&str] = &[
    "file",
    "auto",
    "secondary",
    "etcd",
    "route53",
    "azure",
    "clouddns",
    "nomad",
    "geoip",
    "dnssec",
    "sign",
    "tsig",
    "dns64",
    "loadbalance",
];

/// The corpus, in a `shared/` folder beside the repository (or beside a parent of it).
const CORPUS: &str = "shared/corpus/coredns/cases.jsonl";

#[derive(Default)]
struct Tally {
    agree: usize,
    total: usize,
    caveated_agree: usize,
    caveated_total: usize,
}

#[test]
fn corpus_agreement() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(text) = manifest
        .ancestors()
        .find_map(|dir| std::fs::read_to_string(dir.join(CORPUS)).ok())
    else {
        println!("skipped: no {CORPUS} above {}", manifest.display());
        return;
    };
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case = support::Case::parse(line);
        let Some(plugin) = PLUGINS.iter().copied().find(|p| *p == case.plugin) else {
            continue;
        };
        if case.kind != "directive" {
            continue;
        }
        let diagnostics = support::setup_text(&case.input, &case.server_keys);
        let refused = diagnostics.iter().any(|d| d.severity == Severity::Error);
        let agrees = refused == (case.expect == "error");
        let tally = tallies.entry(plugin).or_default();
        if case.caveat.is_some() {
            tally.caveated_total += 1;
            tally.caveated_agree += usize::from(agrees);
        } else {
            tally.total += 1;
            tally.agree += usize::from(agrees);
            if !agrees {
                let found: Vec<String> = diagnostics
                    .iter()
                    .map(|d| format!("{} {}", d.code(), d.message))
                    .collect();
                failures.push(format!(
                    "{} (expect {}): {:?} -> {found:?}",
                    case.id, case.expect, case.input
                ));
            }
        }
    }
    for (plugin, t) in &tallies {
        println!(
            "{plugin:12} {}/{} without caveat, {}/{} caveated",
            t.agree, t.total, t.caveated_agree, t.caveated_total
        );
    }
    assert!(
        failures.is_empty(),
        "disagreements:\n{}",
        failures.join("\n")
    );
}
