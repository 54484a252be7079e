//! Output formats, one per file.

mod human;
mod json;

use corefile_model::{Diagnostic, FileDb};

/// The diagnostics of one checked root file and the files they point into.
pub struct Report {
    pub files: FileDb,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with labels (codespan-reporting).
    Human,
    /// A JSON array of diagnostics.
    Json,
}

pub fn render(format: Format, reports: &[Report]) -> String {
    match format {
        Format::Human => human::render(reports),
        Format::Json => json::render(reports),
    }
}
