//! Snippets as symbols: go to the definition `(name)` from an `import name`, find every import of
//! a snippet, and rename a snippet at its definition and all its imports (in this document).

use std::collections::HashMap;

use corefile_syntax::ast::Import;
use corefile_syntax::{SyntaxKind, TextRange};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Location, Position, Range, TextEdit, WorkspaceEdit};

use crate::document::Snapshot;
use crate::syntax;

/// A snippet name under the cursor: where it is defined and where it is imported.
struct Occurrences {
    /// The name inside `(name)`.
    definition: TextRange,
    imports: Vec<TextRange>,
    /// The occurrence under the cursor.
    at: TextRange,
}

fn occurrences(snap: &Snapshot, pos: Position) -> Option<Occurrences> {
    let root = snap.parse.syntax();
    let token = syntax::word_at(&root, snap.text.offset(pos))?;
    let parent = token.parent()?;
    let snippets = syntax::snippets(&root);
    let name = match parent.kind() {
        SyntaxKind::IMPORT => {
            let import = Import::cast(parent)?;
            (import.argument().as_ref() == Some(&token)).then(|| import.pattern())??
        }
        SyntaxKind::KEY => snippets
            .iter()
            .find(|(_, s)| s.name_token().as_ref() == Some(&token))?
            .0
            .clone(),
        _ => return None,
    };
    // CoreDNS keeps the last definition of a redeclared name out (it is an error); use the first.
    let (_, snippet) = snippets.iter().find(|(n, _)| *n == name)?;
    let definition = syntax::snippet_name_range(snippet)?;
    let imports: Vec<TextRange> = root
        .descendants()
        .filter_map(Import::cast)
        .filter(|i| i.pattern().as_deref() == Some(name.as_str()))
        .filter_map(|i| i.argument())
        .map(|t| syntax::value_range(&t))
        .collect();
    let at = if token.parent().map(|p| p.kind()) == Some(SyntaxKind::KEY) {
        definition
    } else {
        syntax::value_range(&token)
    };
    Some(Occurrences {
        definition,
        imports,
        at,
    })
}

pub fn definition(snap: &Snapshot, pos: Position) -> Option<Location> {
    let occ = occurrences(snap, pos)?;
    Some(Location::new(
        snap.uri.clone(),
        snap.text.range(occ.definition),
    ))
}

pub fn references(snap: &Snapshot, pos: Position, include_declaration: bool) -> Vec<Location> {
    let Some(occ) = occurrences(snap, pos) else {
        return Vec::new();
    };
    include_declaration
        .then_some(occ.definition)
        .into_iter()
        .chain(occ.imports)
        .map(|r| Location::new(snap.uri.clone(), snap.text.range(r)))
        .collect()
}

pub fn prepare_rename(snap: &Snapshot, pos: Position) -> Option<Range> {
    occurrences(snap, pos).map(|occ| snap.text.range(occ.at))
}

pub fn rename(snap: &Snapshot, pos: Position, new_name: &str) -> Result<Option<WorkspaceEdit>> {
    let Some(occ) = occurrences(snap, pos) else {
        return Ok(None);
    };
    if new_name.is_empty()
        || new_name
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '{' | '}' | '"' | '#'))
    {
        return Err(Error::invalid_params(format!(
            "`{new_name}` cannot be a snippet name: use a single word without spaces, quotes, parentheses, braces or `#`"
        )));
    }
    let edits = std::iter::once(occ.definition)
        .chain(occ.imports)
        .map(|r| TextEdit::new(snap.text.range(r), new_name.to_string()))
        .collect();
    Ok(Some(WorkspaceEdit {
        changes: Some(HashMap::from([(snap.uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }))
}
