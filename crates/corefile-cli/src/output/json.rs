//! `--format json`: one array of diagnostics, positions 1-based, columns in characters.

use serde::ser::{SerializeSeq, Serializer};
use serde_json::{json, Value};

use super::Report;

/// Serializes one diagnostic at a time, so memory holds the output text and a single value tree
/// rather than a tree of every diagnostic (a million findings would need gigabytes).
pub fn render(reports: &[Report]) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::pretty(&mut out);
    let mut array = serializer
        .serialize_seq(None)
        .expect("writing JSON to memory cannot fail");
    for r in reports {
        for d in &r.diagnostics {
            let (line, column, end_line, end_column) = r.files.span_1based(d.location);
            let path = &r.files.get(d.location.file).name;
            let mut v = json!({
                "path": path,
                "code": d.rule.code,
                "name": d.rule.name,
                "group": d.rule.group.as_str(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
            });
            if let Some(h) = &d.help {
                v["help"] = json!(h);
            }
            if !d.labels.is_empty() {
                v["labels"] = Value::Array(
                    d.labels
                        .iter()
                        .map(|l| {
                            let (line, column, end_line, end_column) = r.files.span_1based(l.location);
                            json!({"path": r.files.get(l.location.file).name, "message": l.message, "line": line, "column": column, "end_line": end_line, "end_column": end_column})
                        })
                        .collect(),
                );
            }
            if let Some(f) = &d.fix {
                v["fix"] = json!({
                    "title": f.title,
                    "applicability": match f.applicability { corefile_model::Applicability::Safe => "safe", corefile_model::Applicability::Unsafe => "unsafe" },
                    "edits": f.edits.iter().map(|e| {
                        let (line, column, end_line, end_column) = r.files.span_1based(e.location);
                        json!({"path": r.files.get(e.location.file).name, "line": line, "column": column, "end_line": end_line, "end_column": end_column, "new_text": e.new_text})
                    }).collect::<Vec<_>>(),
                });
            }
            array
                .serialize_element(&v)
                .expect("writing JSON to memory cannot fail");
        }
    }
    array.end().expect("writing JSON to memory cannot fail");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
