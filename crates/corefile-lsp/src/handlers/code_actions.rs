//! Code actions: every diagnostic's fix as a quick fix, and all safe fixes at once as
//! `source.fixAll`.

use std::collections::HashMap;

use corefile_model::{Applicability, Diagnostic, Fix, Location, TextSize};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use crate::analysis::{Analysis, ROOT};
use crate::handlers::diagnostics;

pub fn code_actions(
    analysis: &Analysis,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let mut out = Vec::new();
    let fixable = analysis
        .diagnostics
        .iter()
        .filter(|d| d.location.file == ROOT)
        .filter_map(|d| Some((d, d.fix.as_ref()?)));
    if wants(&CodeActionKind::QUICKFIX) {
        for (d, fix) in fixable.clone() {
            let shown = diagnostics::to_lsp(analysis, d, d.location, None);
            if !intersects(shown.range, range) {
                continue;
            }
            let Some(edit) = workspace_edit(analysis, [fix]) else {
                continue;
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![shown]),
                edit: Some(edit),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..CodeAction::default()
            }));
        }
    }
    if wants(&CodeActionKind::SOURCE_FIX_ALL) {
        let safe: Vec<&Fix> = non_overlapping(
            fixable
                .filter(|(_, f)| f.applicability == Applicability::Safe)
                .collect(),
        );
        if let Some(edit) =
            workspace_edit(analysis, safe.iter().copied()).filter(|_| !safe.is_empty())
        {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Apply all {} safe fixes", safe.len()),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(edit),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// Fixes whose edits overlap an earlier fix's are left out (applied together they would clash).
fn non_overlapping<'a>(fixes: Vec<(&'a Diagnostic, &'a Fix)>) -> Vec<&'a Fix> {
    let mut taken: Vec<&Fix> = Vec::new();
    let mut ranges: Vec<Location> = Vec::new();
    for (_, fix) in fixes {
        // Insertions count as one byte wide, so two insertions at one place clash too.
        let span = |l: &Location| {
            (
                l.range.start(),
                l.range.end().max(l.range.start() + TextSize::from(1)),
            )
        };
        let clashes = fix.edits.iter().any(|e| {
            let (es, ee) = span(&e.location);
            ranges.iter().any(|r| {
                let (rs, re) = span(r);
                r.file == e.location.file && rs < ee && es < re
            })
        });
        if !clashes {
            ranges.extend(fix.edits.iter().map(|e| e.location));
            taken.push(fix);
        }
    }
    taken
}

fn workspace_edit<'a>(
    analysis: &Analysis,
    fixes: impl IntoIterator<Item = &'a Fix>,
) -> Option<WorkspaceEdit> {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for fix in fixes {
        for e in &fix.edits {
            let uri = analysis.uri_of(e.location.file)?;
            changes.entry(uri).or_default().push(TextEdit::new(
                analysis.range_of(e.location),
                e.new_text.clone(),
            ));
        }
    }
    Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

fn key(p: Position) -> (u32, u32) {
    (p.line, p.character)
}

fn intersects(a: Range, b: Range) -> bool {
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}
