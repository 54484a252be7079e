//! The language server's text synchronisation never panics: random sequences of incremental and
//! whole-document changes, addressed in UTF-16 positions that may be anywhere (past line ends,
//! past the last line, inside surrogate pairs, end before start), applied to an open document,
//! and after each change the requests that read a snapshot (symbols, folding, semantic tokens,
//! hover, completion at the edit) run on the new text.
#![no_main]

use corefile_lsp::document::{DocKind, Document};
use corefile_lsp::handlers::{completion, folding, hover, semantic_tokens, symbols};
use corefile_lsp::tower_lsp_server::ls_types::{
    Position, Range, TextDocumentContentChangeEvent, Uri,
};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Session {
    body: bool,
    initial: String,
    changes: Vec<Change>,
}

#[derive(Arbitrary, Debug)]
struct Change {
    /// `None` replaces the whole document.
    range: Option<((u8, u8), (u8, u8))>,
    text: String,
}

fuzz_target!(|session: Session| {
    let uri: Uri = "file:///fuzz/Corefile".parse().expect("a valid URI");
    let kind = if session.body {
        DocKind::Body
    } else {
        DocKind::Corefile
    };
    let mut document = Document::new(uri, kind, 0, session.initial);
    for (version, change) in session.changes.into_iter().take(64).enumerate() {
        let position = |(line, character): (u8, u8)| Position::new(line.into(), character.into());
        let range = change
            .range
            .map(|(start, end)| Range::new(position(start), position(end)));
        let at = range.map_or(Position::new(0, 0), |r| r.start);
        document.apply_changes(
            version as i32 + 1,
            vec![TextDocumentContentChangeEvent {
                range,
                range_length: None,
                text: change.text,
            }],
        );
        let snapshot = document.snapshot();
        assert_eq!(snapshot.parse.syntax().to_string(), &*snapshot.text.text);
        symbols::document_symbols(&snapshot);
        folding::folding_ranges(&snapshot);
        semantic_tokens::full(&snapshot);
        hover::hover(&snapshot, &[], at);
        completion::completion(&snapshot, &[], at);
    }
});
