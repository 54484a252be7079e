//! `--format github`: workflow commands that GitHub Actions turns into annotations.

use corefile_model::Severity;

use super::{located, Report};

/// Workflow-command data escaping (`%`, CR, LF; and `:`/`,` inside properties).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[Report]) -> String {
    let mut s = String::new();
    for l in located(reports) {
        let level = match l.d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        let mut message = l.d.message.clone();
        if let Some(h) = &l.d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        s.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(l.path),
            l.line,
            l.column,
            l.end_line,
            l.end_column,
            escape_property(&format!("{} ({})", l.d.rule.code, l.d.rule.name)),
            escape_data(&message)
        ));
    }
    s
}
