//! Document links: each `import` of a plain path (not a snippet, not a glob) that names an
//! existing file links to it.

use std::path::{Path, PathBuf};

use corefile_model::{DiskVfs, EntryKind, Vfs};
use corefile_syntax::ast::Import;
use tower_lsp_server::ls_types::{DocumentLink, Uri};

use crate::document::Snapshot;
use crate::syntax;

pub fn document_links(snap: &Snapshot) -> Vec<DocumentLink> {
    let root = snap.parse.syntax();
    let snippets: Vec<String> = syntax::snippets(&root)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let base = snap.path.as_deref().and_then(Path::parent);
    root.descendants()
        .filter_map(Import::cast)
        .filter_map(|import| {
            let token = import.argument()?;
            let pattern = import.pattern()?;
            if snippets.contains(&pattern) || pattern.contains(['*', '?', '[']) {
                return None;
            }
            let path = if Path::new(&pattern).is_absolute() {
                PathBuf::from(&pattern)
            } else {
                base?.join(&pattern)
            };
            if DiskVfs.kind(&path) != Some(EntryKind::File) {
                return None;
            }
            Some(DocumentLink {
                range: snap.text.range(syntax::value_range(&token)),
                target: Some(Uri::from_file_path(&path)?),
                tooltip: Some(format!("open {}", path.display())),
                data: None,
            })
        })
        .collect()
}
