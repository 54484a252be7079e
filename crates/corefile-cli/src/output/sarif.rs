//! `--format sarif`: SARIF 2.1.0 with the rule catalogue, locations and fixes. Columns count
//! Unicode code points, which the run declares (`columnKind`).

use corefile_model::Severity;
use serde_json::{json, Value};

use super::Report;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn uri(path: &str) -> String {
    // Relative paths stay relative (resolved against the checkout); spaces and percent signs escaped.
    path.replace('%', "%25").replace(' ', "%20")
}

fn region(files: &corefile_model::FileDb, loc: corefile_model::Location) -> Value {
    let (sl, sc, el, ec) = files.span_1based(loc);
    json!({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec})
}

pub fn render(reports: &[Report]) -> String {
    let rules = corefile_rules::all_rules();
    let rule_json: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": level(r.default_severity)},
                "properties": {"group": r.group.as_str()}
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let path = &r.files.get(d.location.file).name;
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str(&format!(" (help: {h})"));
            }
            let mut res = json!({
                "ruleId": d.rule.code,
                "ruleIndex": rules.iter().position(|x| x.code == d.rule.code).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(path)},
                        "region": region(&r.files, d.location)
                    }
                }]
            });
            if !d.labels.is_empty() {
                res["relatedLocations"] = Value::Array(
                    d.labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| {
                            json!({
                                "id": i,
                                "message": {"text": l.message},
                                "physicalLocation": {
                                    "artifactLocation": {"uri": uri(&r.files.get(l.location.file).name)},
                                    "region": region(&r.files, l.location)
                                }
                            })
                        })
                        .collect(),
                );
            }
            if let Some(f) = &d.fix {
                let changes: Vec<Value> = f
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "artifactLocation": {"uri": uri(&r.files.get(e.location.file).name)},
                            "replacements": [{"deletedRegion": region(&r.files, e.location), "insertedContent": {"text": e.new_text}}]
                        })
                    })
                    .collect();
                res["fixes"] =
                    json!([{"description": {"text": f.title}, "artifactChanges": changes}]);
            }
            results.push(res);
        }
    }
    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "corefile-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/corefile-lint/corefile-lint",
                "rules": rule_json
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}
