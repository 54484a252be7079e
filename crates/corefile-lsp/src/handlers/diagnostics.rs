//! Diagnostics to publish for an analysis: the document's own, and those found in files it
//! imports, shown on the `import` that brought them in with the real place as related information.

use std::collections::HashMap;

use corefile_model::{Diagnostic, FileId, Location, Severity};
use tower_lsp_server::ls_types as lsp;

use crate::analysis::{Analysis, ROOT};

pub fn publishable(analysis: &Analysis) -> Vec<lsp::Diagnostic> {
    let sites = import_sites(analysis);
    analysis
        .diagnostics
        .iter()
        .filter_map(|d| {
            if d.location.file == ROOT {
                return Some(to_lsp(analysis, d, d.location, None));
            }
            let site = sites
                .get(&d.location.file)
                .copied()
                .or_else(|| d.labels.iter().map(|l| l.location).find(|l| l.file == ROOT))?;
            let file = &analysis.model.files.get(d.location.file).name;
            Some(to_lsp(analysis, d, site, Some(file)))
        })
        .collect()
}

/// For each imported file, the `import` in the document that (first) brought it in.
fn import_sites(analysis: &Analysis) -> HashMap<FileId, Location> {
    let model = &analysis.model;
    let mut sites = HashMap::new();
    let tokens = model.blocks.iter().flat_map(|b| {
        b.keys
            .iter()
            .map(|k| &k.token)
            .chain(b.directives.iter().flat_map(|d| &d.tokens))
    });
    for t in tokens {
        if t.loc.file == ROOT || sites.contains_key(&t.loc.file) {
            continue;
        }
        if let Some(site) = model.chain(t.chain).iter().find(|s| s.loc.file == ROOT) {
            sites.insert(t.loc.file, site.loc);
        }
    }
    sites
}

/// One diagnostic in LSP form, shown at `shown_at` (its own place, or the import site of the file
/// it is in, named by `imported_from`).
pub fn to_lsp(
    analysis: &Analysis,
    d: &Diagnostic,
    shown_at: Location,
    imported_from: Option<&str>,
) -> lsp::Diagnostic {
    let mut message = match imported_from {
        Some(file) => format!("in `{file}`: {}", d.message),
        None => d.message.clone(),
    };
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut related: Vec<lsp::DiagnosticRelatedInformation> = Vec::new();
    if imported_from.is_some() {
        if let Some(location) = analysis.lsp_location(d.location) {
            related.push(lsp::DiagnosticRelatedInformation {
                location,
                message: "the problem is here".into(),
            });
        }
    }
    related.extend(d.labels.iter().filter_map(|l| {
        Some(lsp::DiagnosticRelatedInformation {
            location: analysis.lsp_location(l.location)?,
            message: l.message.clone(),
        })
    }));
    let tags = (d.rule.code == corefile_model::codes::REMOVED_DIRECTIVE.code)
        .then(|| vec![lsp::DiagnosticTag::DEPRECATED]);
    lsp::Diagnostic {
        range: analysis.range_of(shown_at),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.code.to_string())),
        code_description: None,
        source: Some("corefile-lint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    }
}

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}
