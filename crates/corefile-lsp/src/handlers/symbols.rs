//! Document symbols: server blocks named by their keys and snippets by their names, with their
//! directives beneath and each plugin's option lines beneath those (three levels, no deeper).

use corefile_syntax::ast::{Block, Entry, Item};
use corefile_syntax::SyntaxNode;
use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

use crate::document::Snapshot;

pub fn document_symbols(snap: &Snapshot) -> Vec<DocumentSymbol> {
    let root = snap.parse.root();
    if let Some(body) = root.body() {
        return entries(snap, &body, true);
    }
    root.items()
        .filter_map(|item| match item {
            Item::ServerBlock(b) => {
                let keys: Vec<String> = b.keys().iter().map(|k| k.value()).collect();
                let key_list = b.key_list()?;
                Some(symbol(
                    snap,
                    keys.join(" "),
                    None,
                    SymbolKind::NAMESPACE,
                    b.syntax(),
                    key_list.syntax(),
                    b.block().map(|body| entries(snap, &body, true)),
                ))
            }
            Item::Snippet(s) => Some(symbol(
                snap,
                format!("({})", s.name()?),
                Some("snippet".into()),
                SymbolKind::FUNCTION,
                s.syntax(),
                s.key_list()?.syntax(),
                s.block().map(|body| entries(snap, &body, true)),
            )),
            Item::Import(i) => import_symbol(snap, &i),
        })
        .collect()
}

fn entries(snap: &Snapshot, block: &Block, with_options: bool) -> Vec<DocumentSymbol> {
    block
        .entries()
        .filter_map(|entry| match entry {
            Entry::Import(i) => import_symbol(snap, &i),
            Entry::Directive(d) => {
                let name = d.name_token()?;
                let args: Vec<String> = d.args().map(|t| corefile_syntax::ast::value(&t)).collect();
                let children = with_options
                    .then(|| d.block().map(|b| entries(snap, &b, false)))
                    .flatten()
                    .filter(|c| !c.is_empty());
                let kind = if with_options {
                    SymbolKind::FIELD
                } else {
                    SymbolKind::PROPERTY
                };
                let name_node = name.parent()?;
                let mut s = symbol(
                    snap,
                    corefile_syntax::ast::value(&name),
                    (!args.is_empty()).then(|| args.join(" ")),
                    kind,
                    d.syntax(),
                    &name_node,
                    children,
                );
                s.selection_range = snap.text.range(name.text_range());
                Some(s)
            }
        })
        .collect()
}

fn import_symbol(snap: &Snapshot, import: &corefile_syntax::ast::Import) -> Option<DocumentSymbol> {
    let pattern = import.pattern()?;
    Some(symbol(
        snap,
        format!("import {pattern}"),
        None,
        SymbolKind::FILE,
        import.syntax(),
        import.syntax(),
        None,
    ))
}

fn symbol(
    snap: &Snapshot,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    node: &SyntaxNode,
    selection: &SyntaxNode,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    #[allow(deprecated)]
    DocumentSymbol {
        // Clients reject empty names.
        name: if name.is_empty() { "?".into() } else { name },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: snap.text.range(node.text_range()),
        selection_range: snap.text.range(selection.text_range()),
        children,
    }
}
