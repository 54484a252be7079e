//! Output formats, one per file. Every format reads the same [`Report`]s.

mod checkstyle;
mod concise;
mod github;
mod human;
mod json;
mod junit;
mod sarif;

use corefile_model::{Diagnostic, FileDb};

/// The diagnostics of one checked root file and the files they point into.
pub struct Report {
    pub files: FileDb,
    pub diagnostics: Vec<Diagnostic>,
    /// The root file's name as shown (for formats that list files even when clean).
    pub root_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels (codespan-reporting); the default on a terminal.
    Human,
    /// One `path:line:col: severity[CODE] message` per line.
    Concise,
    /// A JSON array of diagnostics.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow annotations (chosen automatically when GITHUB_ACTIONS=true).
    Github,
    /// Checkstyle XML, for Jenkins and similar.
    Checkstyle,
    /// JUnit XML, one test case per file.
    Junit,
}

pub fn render(format: Format, reports: &[Report], color: bool) -> String {
    match format {
        Format::Human => human::render(reports, color),
        Format::Concise => concise::render(reports),
        Format::Json => json::render(reports),
        Format::Sarif => sarif::render(reports),
        Format::Github => github::render(reports),
        Format::Checkstyle => checkstyle::render(reports),
        Format::Junit => junit::render(reports),
    }
}

/// A diagnostic with its resolved path and 1-based span, as every text format needs it.
pub struct Located<'a> {
    pub d: &'a Diagnostic,
    pub path: &'a str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

pub fn located(reports: &[Report]) -> Vec<Located<'_>> {
    let mut out = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let (line, column, end_line, end_column) = r.files.span_1based(d.location);
            out.push(Located {
                d,
                path: &r.files.get(d.location.file).name,
                line,
                column,
                end_line,
                end_column,
            });
        }
    }
    out
}

/// Escapes text for XML attributes and content.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {
                out.push_str(&format!("&#x{:x};", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}
