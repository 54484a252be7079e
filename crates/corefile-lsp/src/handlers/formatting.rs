//! Formatting through corefile-fmt: the whole document, or the changes that touch a range. A
//! document with syntax errors gets the conservative formatting (only what is provably safe).
//! In a YAML manifest every embedded Corefile is formatted and spliced back, as
//! `corefile-lint fmt` does: no byte outside the ConfigMap values changes. The result is sent as
//! line-level edits, so the editor keeps cursors and folds where they were.

use corefile_embed::EmbeddedKind;
use corefile_fmt::{FormatError, IndentStyle, LineEnding, Options};
use corefile_rules::config::{Config as FileConfig, IndentStyle as FileIndent};
use corefile_syntax::TextSize;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{Range, TextEdit};

use crate::config::{file_config, FormatConfig, IndentStyle as EditorIndent};
use crate::document::{DocKind, Snapshot};

/// The `.corefile-lint.toml` that applies to the document, as `corefile-lint fmt` finds it.
/// Options from the `[format]` table of the configuration file, else from the editor's
/// `corefile.format` settings.
pub fn options(file: Option<&FileConfig>, editor: &FormatConfig) -> Options {
    let file = file.map(|c| &c.format);
    let indent = match file.and_then(|f| f.indent_style) {
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

fn cannot_format(why: impl std::fmt::Display) -> Error {
    Error {
        code: ErrorCode::InvalidRequest,
        message: format!("cannot format: {why}").into(),
        data: None,
    }
}

/// One Corefile text formatted; conservatively when it has syntax errors.
fn formatted_corefile(text: &str, body: bool, opts: &Options) -> Result<String> {
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
    result.map_err(cannot_format)
}

/// The manifest with each of its Corefiles formatted in place. Unchanged when it holds none or
/// cannot be read (an unrelated or half-typed YAML file; its diagnostics say why).
fn formatted_yaml(yaml: &str, opts: &Options, configmap_keys: &[String]) -> Result<String> {
    let Ok(found) = corefile_embed::find_corefiles(yaml, configmap_keys) else {
        return Ok(yaml.to_string());
    };
    let mut edits = Vec::new();
    for e in &found {
        let f = formatted_corefile(&e.text, e.kind == EmbeddedKind::Override, opts)?;
        if f != e.text || !e.is_block_scalar() {
            edits.push((e, f));
        }
    }
    let refs: Vec<_> = edits.iter().map(|(e, f)| (*e, f.as_str())).collect();
    Ok(corefile_embed::splice_all(yaml, &refs))
}

/// Edits that format the document; with `range`, only the changed lines that overlap it.
pub fn format(
    snap: &Snapshot,
    editor: &FormatConfig,
    range: Option<Range>,
) -> Result<Vec<TextEdit>> {
    let old = &*snap.text.text;
    let config = file_config(snap.path.as_deref()).ok().flatten();
    let opts = options(config.as_ref(), editor);
    let new = match snap.kind {
        DocKind::Yaml => {
            let keys = config.as_ref().map_or(&[][..], |c| &c.configmap_keys);
            formatted_yaml(old, &opts, keys)?
        }
        kind => formatted_corefile(old, kind == DocKind::Body, &opts)?,
    };
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
