//! Helper H4's plugins against CoreDNS's own verdicts (shared/corpus/coredns/cases.jsonl): every
//! `directive` case without a caveat must agree (error-severity diagnostic ⇔ CoreDNS refuses);
//! caveated cases are counted and printed, not asserted. Also the fixtures:
//! `fixtures/<plugin>/ok/*.Corefile` must produce no error, `fixtures/<plugin>/err/*.Corefile` at
//! least one, and every file's findings are snapshotted. A fixture is a directive body run in a
//! server block for `.`.

use std::collections::BTreeMap;
use std::path::Path;

use corefile_plugins::testing;

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
        let case: serde_json::Value = serde_json::from_str(line).expect("corpus lines are JSON");
        let field = |name: &str| case[name].as_str().unwrap_or_default();
        let Some(plugin) = PLUGINS.iter().copied().find(|p| *p == field("plugin")) else {
            continue;
        };
        if field("kind") != "directive" {
            continue;
        }
        let keys: Vec<&str> = case["server_keys"]
            .as_array()
            .map(|k| k.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let diagnostics = testing::setup_text(field("input"), &keys);
        let refused = testing::has_error(&diagnostics);
        let agrees = refused == (field("expect") == "error");
        let tally = tallies.entry(plugin).or_default();
        if !case["caveat"].is_null() {
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
                    field("id"),
                    field("expect"),
                    field("input")
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

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut wrong = Vec::new();
    for plugin in PLUGINS {
        for kind in ["ok", "err"] {
            let dir = root.join(plugin).join(kind);
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|e| e.expect("readable directory entry").path())
                .filter(|p| p.extension().is_some_and(|x| x == "Corefile"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("readable fixture");
                let diagnostics = testing::setup_text(&text, &["."]);
                let has_error = testing::has_error(&diagnostics);
                if has_error != (kind == "err") {
                    wrong.push(path.display().to_string());
                }
                let out = testing::render(&text, &diagnostics);
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                insta::assert_snapshot!(format!("{plugin}__{kind}__{name}"), out, &text);
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "fixtures in the wrong folder for their verdict:\n{}",
        wrong.join("\n")
    );
}
