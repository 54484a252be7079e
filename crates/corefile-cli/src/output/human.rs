//! The default terminal output: codespan-reporting snippets.

use codespan_reporting::diagnostic::{Diagnostic as Snippet, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::Buffer};

use corefile_model::Severity;

use super::Report;

pub fn render(reports: &[Report], color: bool) -> String {
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = term::Config::default();
    for r in reports {
        let mut files = SimpleFiles::new();
        let ids: Vec<usize> = r
            .files
            .iter()
            .map(|(_, f)| files.add(f.name.clone(), f.text.clone()))
            .collect();
        for d in &r.diagnostics {
            let sev = match d.severity {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
                Severity::Info => CsSeverity::Note,
                Severity::Hint => CsSeverity::Help,
            };
            let mut labels = vec![Label::primary(
                ids[d.location.file.0 as usize],
                d.location.range,
            )];
            for l in &d.labels {
                labels.push(
                    Label::secondary(ids[l.location.file.0 as usize], l.location.range)
                        .with_message(&l.message),
                );
            }
            let mut notes = Vec::new();
            if let Some(h) = &d.help {
                notes.push(format!("help: {h}"));
            }
            let snippet = Snippet::new(sev)
                .with_code(d.rule.code)
                .with_message(&d.message)
                .with_labels(labels)
                .with_notes(notes);
            let _ = term::emit_to_write_style(&mut buf, &config, &files, &snippet);
        }
    }
    String::from_utf8_lossy(buf.as_slice()).into_owned()
}
