//! `--format junit`: one test case per checked file; each finding at or above warning is a failure.

use corefile_model::Severity;

use super::{located, xml_escape, Report};

pub fn render(reports: &[Report]) -> String {
    let all = located(reports);
    let mut paths: Vec<&str> = reports
        .iter()
        .map(|r| r.root_name.as_str())
        .chain(all.iter().map(|l| l.path))
        .collect();
    paths.sort();
    paths.dedup();
    let failing = |p: &str| {
        all.iter()
            .any(|l| l.path == p && l.d.severity <= Severity::Warning)
    };
    let failures = paths.iter().filter(|p| failing(p)).count();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&format!(
        "<testsuites name=\"corefile-lint\" tests=\"{}\" failures=\"{failures}\">\n",
        paths.len()
    ));
    s.push_str(&format!(
        "  <testsuite name=\"corefile-lint\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        paths.len()
    ));
    for path in paths {
        s.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"corefile-lint\"",
            xml_escape(path)
        ));
        let findings: Vec<_> = all
            .iter()
            .filter(|l| l.path == path && l.d.severity <= Severity::Warning)
            .collect();
        if findings.is_empty() {
            s.push_str("/>\n");
            continue;
        }
        s.push_str(">\n");
        for l in findings {
            s.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}:{}:{}: {}[{}] {}</failure>\n",
                xml_escape(&l.d.message),
                l.d.rule.code,
                xml_escape(path),
                l.line,
                l.column,
                l.d.severity.as_str(),
                l.d.rule.code,
                xml_escape(&l.d.message)
            ));
        }
        s.push_str("    </testcase>\n");
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}
