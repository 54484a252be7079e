//! Completion: directives where a directive goes (inserting the catalogue's snippet), a plugin's
//! options inside its block, an option's enumerated values, and after `import` the snippets of
//! the document and the files beside it.

use std::path::{Path, PathBuf};

use corefile_model::{DiskVfs, EntryKind, Vfs};
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat,
    MarkupContent, MarkupKind, Position, Range, TextEdit,
};

use crate::document::Snapshot;
use crate::handlers::hover;
use crate::syntax::{self, Place};

pub fn completion(snap: &Snapshot, extra_plugins: &[String], pos: Position) -> Vec<CompletionItem> {
    let root = snap.parse.syntax();
    let offset = snap.text.offset(pos);
    let cursor = syntax::cursor(&root, offset);
    let replace = snap.text.range(cursor.prefix_range);
    match cursor.place {
        Place::DirectiveName => directives(extra_plugins, replace),
        Place::OptionName { plugin } => options(&plugin, replace),
        Place::OptionArg {
            plugin,
            option,
            index: 0,
        } => option_values(&plugin, &option, replace),
        Place::ImportArg => {
            let mut items = snippet_names(snap, replace);
            items.extend(import_paths(snap, &cursor.prefix, replace));
            items
        }
        Place::OptionArg { .. } | Place::DirectiveArg { .. } | Place::Other => Vec::new(),
    }
}

fn markdown(value: String) -> Option<Documentation> {
    Some(Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }))
}

fn edit(range: Range, new_text: &str) -> Option<CompletionTextEdit> {
    Some(CompletionTextEdit::Edit(TextEdit {
        range,
        new_text: new_text.to_string(),
    }))
}

fn directives(extra_plugins: &[String], replace: Range) -> Vec<CompletionItem> {
    let stock = corefile_plugins::DIRECTIVES.iter().map(|name| {
        let def = corefile_plugins::plugin(name);
        // A snippet that is just the name needs no snippet syntax.
        let snippet = def
            .map(|d| d.snippet)
            .filter(|s| !s.is_empty() && s.contains('$'));
        CompletionItem {
            label: name.to_string(),
            kind: Some(CompletionItemKind::MODULE),
            detail: def.map(|d| d.summary.to_string()).filter(|s| !s.is_empty()),
            documentation: markdown(hover::directive_doc(name, &[])),
            insert_text_format: snippet.map(|_| InsertTextFormat::SNIPPET),
            text_edit: edit(replace, snippet.unwrap_or(name)),
            ..CompletionItem::default()
        }
    });
    let custom = extra_plugins
        .iter()
        .filter(|p| !corefile_plugins::DIRECTIVES.contains(&p.as_str()))
        .map(|name| CompletionItem {
            label: name.clone(),
            kind: Some(CompletionItemKind::MODULE),
            detail: Some("custom plugin".into()),
            text_edit: edit(replace, name),
            ..CompletionItem::default()
        });
    let import = CompletionItem {
        label: "import".into(),
        kind: Some(CompletionItemKind::KEYWORD),
        detail: Some("splice in a snippet or files".into()),
        text_edit: edit(replace, "import "),
        ..CompletionItem::default()
    };
    stock.chain(custom).chain(std::iter::once(import)).collect()
}

fn options(plugin: &str, replace: Range) -> Vec<CompletionItem> {
    let Some(def) = corefile_plugins::plugin(plugin) else {
        return Vec::new();
    };
    def.options
        .iter()
        .map(|o| CompletionItem {
            label: o.name.to_string(),
            kind: Some(CompletionItemKind::PROPERTY),
            detail: (!o.args.is_empty()).then(|| format!("{} {}", o.name, o.args)),
            documentation: markdown(hover::option_doc(def, o)),
            text_edit: edit(replace, o.name),
            ..CompletionItem::default()
        })
        .collect()
}

fn option_values(plugin: &str, option: &str, replace: Range) -> Vec<CompletionItem> {
    let Some(o) = corefile_plugins::plugin(plugin).and_then(|d| d.option(option)) else {
        return Vec::new();
    };
    o.values
        .iter()
        .map(|v| CompletionItem {
            label: v.to_string(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            text_edit: edit(replace, v),
            ..CompletionItem::default()
        })
        .collect()
}

fn snippet_names(snap: &Snapshot, replace: Range) -> Vec<CompletionItem> {
    syntax::snippets(&snap.parse.syntax())
        .into_iter()
        .map(|(name, _)| CompletionItem {
            label: name.clone(),
            kind: Some(CompletionItemKind::SNIPPET),
            detail: Some("snippet".into()),
            text_edit: edit(replace, &name),
            ..CompletionItem::default()
        })
        .collect()
}

/// Entries of the directory the typed path names, replacing only its last component.
fn import_paths(snap: &Snapshot, prefix: &str, replace: Range) -> Vec<CompletionItem> {
    let typed = prefix.strip_prefix('"').unwrap_or(prefix);
    let (dir_part, name_part) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let base: PathBuf = if Path::new(dir_part).is_absolute() {
        PathBuf::from(dir_part)
    } else {
        match snap.path.as_deref().and_then(Path::parent) {
            Some(dir) => dir.join(dir_part),
            None => return Vec::new(),
        }
    };
    let Ok(mut names) = DiskVfs.list_dir(&base) else {
        return Vec::new();
    };
    names.sort();
    let own_name = snap.path.as_deref().and_then(Path::file_name);
    // Only the last path component is replaced; its UTF-16 length is what precedes the cursor.
    let name_units = name_part.encode_utf16().count() as u32;
    let start = Position::new(
        replace.end.line,
        replace.end.character.saturating_sub(name_units),
    );
    let range = Range::new(start, replace.end);
    names
        .into_iter()
        .filter(|n| !n.starts_with('.') || name_part.starts_with('.'))
        .filter(|n| Some(std::ffi::OsStr::new(n)) != own_name || !dir_part.is_empty())
        .map(|n| {
            let is_dir = DiskVfs.kind(&base.join(&n)) == Some(EntryKind::Dir);
            let text = if is_dir { format!("{n}/") } else { n.clone() };
            CompletionItem {
                label: text.clone(),
                kind: Some(if is_dir {
                    CompletionItemKind::FOLDER
                } else {
                    CompletionItemKind::FILE
                }),
                text_edit: edit(range, &text),
                ..CompletionItem::default()
            }
        })
        .collect()
}
