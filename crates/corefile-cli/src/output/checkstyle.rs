//! `--format checkstyle`: the Checkstyle XML most CI servers can read.

use corefile_model::Severity;

use super::{located, xml_escape, Report};

pub fn render(reports: &[Report]) -> String {
    let mut s =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    let all = located(reports);
    let mut paths: Vec<&str> = reports
        .iter()
        .map(|r| r.root_name.as_str())
        .chain(all.iter().map(|l| l.path))
        .collect();
    paths.sort();
    paths.dedup();
    for path in paths {
        s.push_str(&format!("  <file name=\"{}\">\n", xml_escape(path)));
        for l in all.iter().filter(|l| l.path == path) {
            let severity = match l.d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "info",
            };
            s.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"corefile-lint.{}\"/>\n",
                l.line,
                l.column,
                xml_escape(&l.d.message),
                l.d.rule.code
            ));
        }
        s.push_str("  </file>\n");
    }
    s.push_str("</checkstyle>\n");
    s
}
