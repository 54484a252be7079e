//! `--format concise`: one line per finding, the classic compiler shape.

use super::{located, Report};

pub fn render(reports: &[Report]) -> String {
    let mut s = String::new();
    for l in located(reports) {
        s.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            l.path,
            l.line,
            l.column,
            l.d.severity.as_str(),
            l.d.rule.code,
            l.d.message
        ));
    }
    s
}
