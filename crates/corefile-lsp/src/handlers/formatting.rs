//! Formatting through corefile-fmt: the whole document, or the changes that touch a range. A
//! document with syntax errors gets the conservative formatting (only what is provably safe).
//! The result is sent as line-level edits, so the editor keeps cursors and folds where they were.

use std::path::Path;

use corefile_fmt::{FormatError, IndentStyle, LineEnding, Options};
use corefile_rules::config::{Config as FileConfig, IndentStyle as FileIndent};
use corefile_syntax::TextSize;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{Range, TextEdit};

use crate::config::{FormatConfig, IndentStyle as EditorIndent};
use crate::document::{DocKind, Snapshot};

/// Options from the `[format]` table of the `.corefile-lint.toml` that applies (as
/// `corefile-lint fmt` reads it), else from the editor's `corefile.format` settings.
pub fn options(snap: &Snapshot, editor: &FormatConfig) -> Options {
    let file = snap
        .path
        .as_deref()
        .and_then(Path::parent)
        .and_then(FileConfig::discover)
        .and_then(|p| FileConfig::load(&p).ok())
        .map(|c| c.format);
    let indent = match file.as_ref().and_then(|f| f.indent_style) {
        Some(FileIndent::Tabs) => IndentStyle::Tabs,
        Some(_) => IndentStyle::Spaces(file.and_then(|f| f.indent_width).unwrap_or(4)),
        None => match editor.indent_style {
            EditorIndent::Tabs => IndentStyle::Tabs,
            EditorIndent::Spaces => IndentStyle::Spaces(editor.indent_width.clamp(1, 16) as u8),
        },
    };
    Options {
        indent,
        line_ending: LineEnding::Auto,
    }
}

/// The formatted text, or the reason it cannot be formatted (as an error response).
fn formatted(snap: &Snapshot, opts: &Options) -> Result<String> {
    let text = &*snap.text.text;
    let body = snap.kind == DocKind::Body;
    let full = if body {
        corefile_fmt::format_body(text, opts)
    } else {
        corefile_fmt::format(text, opts)
    };
    let result = match full {
        Err(FormatError::Syntax(_)) if body => corefile_fmt::format_body_conservative(text, opts),
        Err(FormatError::Syntax(_)) => corefile_fmt::format_conservative(text, opts),
        other => other,
    };
    result.map_err(|e| Error {
        code: ErrorCode::InvalidRequest,
        message: format!("cannot format: {e}").into(),
        data: None,
    })
}

/// Edits that format the document; with `range`, only the changed lines that overlap it.
pub fn format(
    snap: &Snapshot,
    editor: &FormatConfig,
    range: Option<Range>,
) -> Result<Vec<TextEdit>> {
    if snap.kind == DocKind::Yaml {
        return Ok(Vec::new());
    }
    let old = &*snap.text.text;
    let new = formatted(snap, &options(snap, editor))?;
    let old_starts = line_starts(old);
    let new_starts = line_starts(&new);
    let diff = similar::TextDiff::from_lines(old, new.as_str());
    let mut edits = Vec::new();
    for op in diff.ops() {
        let (tag, old_lines, new_lines) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        if let Some(r) = range {
            // A change touching the range's lines is kept whole (the lines are what changes).
            let first = old_lines.start as u32;
            let last = (old_lines.end as u32).max(first + 1) - 1;
            if last < r.start.line || first > r.end.line {
                continue;
            }
        }
        let start = TextSize::from(old_starts[old_lines.start] as u32);
        let end = TextSize::from(old_starts[old_lines.end] as u32);
        edits.push(TextEdit::new(
            Range::new(snap.text.position(start), snap.text.position(end)),
            new[new_starts[new_lines.start]..new_starts[new_lines.end]].to_string(),
        ));
    }
    Ok(edits)
}

/// Byte offset of each line's start, plus the text's length (so `starts[n]` ends line `n - 1`).
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        starts.push(at);
    }
    starts
}
