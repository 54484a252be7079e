//! Agreement with CoreDNS on the shared corpora (`../shared/corpus`), measured like
//! `../shared/tools/conformance.py` measures the binary. Loudly skipped when the corpus is absent.

mod support;

use corefile_model::{Group, LineIndex};
use support::{corpus_or_skip, errors, lint_text, read_jsonl};

/// `syntax/cases.jsonl`: a syntax error exactly when CoreDNS's parser refuses, on its line.
#[test]
fn syntax_corpus() {
    let Some(dir) = corpus_or_skip("syntax_corpus") else {
        return;
    };
    let cases = read_jsonl(&dir.join("syntax/cases.jsonl"));
    let (mut agree, mut line_ok, mut line_n) = (0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    for c in &cases {
        let input = c["input"].as_str().unwrap();
        let parse_ok = c["parse_ok"].as_bool().unwrap();
        assert_eq!(
            corefile_syntax::parse(input).syntax().to_string(),
            input,
            "round-trip of {}",
            c["id"]
        );
        let diags = lint_text(input);
        let syntax: Vec<_> = errors(&diags)
            .filter(|d| d.group() == Group::Syntax)
            .collect();
        if syntax.is_empty() == parse_ok {
            agree += 1;
        } else {
            disagreements.push(format!("{}: CoreDNS {}", c["id"], c["error"]));
        }
        if let (false, Some(want)) = (parse_ok, c["error_line"].as_u64()) {
            if !syntax.is_empty() {
                let index = LineIndex::new(input);
                let first = syntax
                    .iter()
                    .map(|d| index.line_of(d.location.range.start()) + 1)
                    .min()
                    .unwrap();
                line_n += 1;
                line_ok += usize::from(u64::from(first) == want);
            }
        }
    }
    println!(
        "syntax: verdicts {agree}/{}, first-error line {line_ok}/{line_n}",
        cases.len()
    );
    assert!(
        disagreements.is_empty(),
        "verdict disagreements:\n{}",
        disagreements.join("\n")
    );
    assert!(
        line_ok * 100 >= line_n * 98,
        "first-error line agreement below 98%: {line_ok}/{line_n}"
    );
}

/// Wraps a `directive` case in a server block, as `coredns/README.md` says.
fn wrap(case: &serde_json::Value) -> String {
    let input = case["input"].as_str().unwrap();
    if case["kind"] == "corefile" {
        return input.to_string();
    }
    let keys: Vec<&str> = case["server_keys"]
        .as_array()
        .map(|a| a.iter().filter_map(|k| k.as_str()).collect())
        .unwrap_or_default();
    let keys = if keys.is_empty() {
        ".".to_string()
    } else {
        keys.join(" ")
    };
    let body = if input.ends_with('\n') {
        input.to_string()
    } else {
        format!("{input}\n")
    };
    format!("{keys} {{\n{body}}}\n")
}

/// The target: 99% agreement on uncaveated cases, with at most 0.5% false errors.
const COREDNS_AGREEMENT_FLOOR: f64 = 0.99;

/// `coredns/cases.jsonl`: CoreDNS's own test verdicts.
#[test]
fn coredns_corpus() {
    let Some(dir) = corpus_or_skip("coredns_corpus") else {
        return;
    };
    let cases = read_jsonl(&dir.join("coredns/cases.jsonl"));
    let mut per_plugin: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let (mut agree, mut total, mut false_errors, mut oks) = (0usize, 0usize, 0usize, 0usize);
    let mut false_error_cases = Vec::new();
    for c in cases.iter().filter(|c| c["caveat"].is_null()) {
        let text = wrap(c);
        let diags = lint_text(&text);
        let said = errors(&diags).next().is_some();
        let want = c["expect"] == "error";
        let e = per_plugin
            .entry(c["plugin"].as_str().unwrap_or("?").to_string())
            .or_default();
        e.1 += 1;
        total += 1;
        oks += usize::from(!want);
        if said == want {
            agree += 1;
            e.0 += 1;
        } else if said {
            false_errors += 1;
            let first = errors(&diags).next().unwrap();
            false_error_cases.push(format!(
                "{}: {} {}",
                c["id"], first.rule.code, first.message
            ));
        }
    }
    for (plugin, (a, n)) in &per_plugin {
        if a != n {
            println!("  {plugin}: {a}/{n}");
        }
    }
    let rate = agree as f64 / total as f64;
    println!(
        "coredns: agreement {agree}/{total} ({:.1}%), false errors {false_errors}/{oks}",
        rate * 100.0
    );
    assert!(
        false_errors * 200 <= oks,
        "errors on more than 0.5% of cases CoreDNS accepts:\n{}",
        false_error_cases.join("\n")
    );
    assert!(
        rate >= COREDNS_AGREEMENT_FLOOR,
        "agreement {rate:.3} fell below {COREDNS_AGREEMENT_FLOOR}"
    );
}

/// `realworld/`: parser verdicts on every real Corefile, and the known outcomes of SOURCES.tsv.
#[test]
fn realworld_corpus() {
    let Some(dir) = corpus_or_skip("realworld_corpus") else {
        return;
    };
    let rw = dir.join("realworld");
    let verdicts = read_jsonl(&rw.join("PARSER-VERDICTS.jsonl"));
    let mut problems = Vec::new();
    for v in &verdicts {
        let name = v["file"].as_str().unwrap();
        let text = std::fs::read_to_string(rw.join(name)).unwrap();
        assert_eq!(
            corefile_syntax::parse(&text).syntax().to_string(),
            text,
            "round-trip of {name}"
        );
        let diags = lint_text(&text);
        let syntax_error = errors(&diags).any(|d| d.group() == Group::Syntax);
        if syntax_error == v["parse_ok"].as_bool().unwrap() {
            problems.push(format!(
                "{name}: CoreDNS's parser says {}, we {}",
                v["parse_ok"],
                if syntax_error {
                    "report a syntax error"
                } else {
                    "accept"
                }
            ));
        }
    }
    let sources = std::fs::read_to_string(rw.join("SOURCES.tsv")).unwrap();
    let mut known = 0;
    for row in sources.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (name, expected) = (cols[0], cols[6].trim());
        if !name.ends_with(".Corefile") || !(expected == "ok" || expected.starts_with("error")) {
            continue;
        }
        let v = verdicts.iter().find(|v| v["file"] == name);
        let clean_parse = v.is_some_and(|v| {
            v["parse_ok"] == true && v["inspect_error"].is_null() && v["server_error"].is_null()
        });
        if expected == "ok" && !clean_parse {
            continue; // fine only on an older CoreDNS
        }
        known += 1;
        let text = std::fs::read_to_string(rw.join(name)).unwrap();
        let has_error = errors(&lint_text(&text)).next().is_some();
        if has_error != expected.starts_with("error") {
            problems.push(format!(
                "{name}: expected {expected}, we {}",
                if has_error { "report errors" } else { "accept" }
            ));
        }
    }
    println!(
        "realworld: {} parser verdicts, {known} known outcomes, {} disagreements",
        verdicts.len(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every ConfigMap of `realworld/`: formatting its Corefiles changes no byte outside them, and
/// formatting twice equals formatting once.
#[test]
fn realworld_configmaps_format_in_place() {
    let Some(dir) = corpus_or_skip("realworld_configmaps_format_in_place") else {
        return;
    };
    let rw = dir.join("realworld");
    let mut files = 0;
    for entry in std::fs::read_dir(&rw).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".configmap.yaml") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let once = format_configmaps(&text);
        assert_eq!(
            format_configmaps(&once),
            once,
            "{}: not idempotent",
            path.display()
        );
        let found = corefile_embed::find_corefiles(&text, &[]).unwrap();
        // Outside the values, the bytes are the same: compare what lies between them.
        let mut outside_before = Vec::new();
        let mut at = 0;
        for e in &found {
            outside_before.push(&text[at..e.scalar_range.start]);
            at = e.scalar_range.end;
        }
        outside_before.push(&text[at..]);
        let refound = corefile_embed::find_corefiles(&once, &[]).unwrap();
        let mut outside_after = Vec::new();
        let mut at = 0;
        for e in &refound {
            outside_after.push(&once[at..e.scalar_range.start]);
            at = e.scalar_range.end;
        }
        outside_after.push(&once[at..]);
        assert_eq!(
            outside_before,
            outside_after,
            "{}: bytes outside the Corefiles changed",
            path.display()
        );
    }
    println!("realworld: {files} ConfigMap files format in place");
    assert!(files > 0);
}

fn format_configmaps(text: &str) -> String {
    let found = corefile_embed::find_corefiles(text, &[]).unwrap();
    let opts = corefile_fmt::Options::default();
    let formatted: Vec<(&corefile_embed::Embedded, String)> = found
        .iter()
        .filter_map(|e| {
            let r = if e.kind == corefile_embed::EmbeddedKind::Override {
                corefile_fmt::format_body(&e.text, &opts)
            } else {
                corefile_fmt::format(&e.text, &opts)
            };
            r.ok().map(|f| (e, f))
        })
        .collect();
    let edits: Vec<(&corefile_embed::Embedded, &str)> =
        formatted.iter().map(|(e, f)| (*e, f.as_str())).collect();
    corefile_embed::splice_all(text, &edits)
}
