//! Open documents: text kept in sync with the client through incremental edits addressed in
//! UTF-16 positions, and per-version snapshots that requests read.

use std::path::PathBuf;
use std::sync::Arc;

use corefile_model::{LineCol, LineIndex, TextRange, TextSize};
use corefile_syntax::Parse;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

use crate::analysis::Analysis;

/// How a document's text is read as configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A whole Corefile.
    Corefile,
    /// A fragment CoreDNS splices inside a server block (`*.override`).
    Body,
    /// Server blocks imported at the top level of a Corefile (`*.server`).
    ServerFragment,
    /// YAML whose ConfigMaps may hold Corefiles.
    Yaml,
}

impl DocKind {
    pub fn detect(uri: &Uri, language_id: &str) -> DocKind {
        let path = uri.path().as_str();
        if language_id == "yaml" || path.ends_with(".yaml") || path.ends_with(".yml") {
            DocKind::Yaml
        } else if path.ends_with(".override") {
            DocKind::Body
        } else if path.ends_with(".server") {
            DocKind::ServerFragment
        } else {
            DocKind::Corefile
        }
    }
}

/// Text plus its line index, with LSP position conversions.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: Arc<str>,
    pub lines: LineIndex,
}

impl Text {
    pub fn new(text: Arc<str>) -> Text {
        let lines = LineIndex::new(&text);
        Text { text, lines }
    }

    pub fn offset(&self, pos: Position) -> TextSize {
        self.lines.offset_utf16(
            &self.text,
            LineCol {
                line: pos.line,
                col: pos.character,
            },
        )
    }

    pub fn position(&self, offset: TextSize) -> Position {
        let lc = self.lines.line_col_utf16(&self.text, offset);
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start()), self.position(range.end()))
    }

    pub fn text_range(&self, range: Range) -> TextRange {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        TextRange::new(start, end.max(start))
    }
}

/// One open document.
pub struct Document {
    pub uri: Uri,
    /// The file-system path for `file:` URIs (imports resolve relative to it).
    pub path: Option<PathBuf>,
    pub kind: DocKind,
    pub version: i32,
    pub text: Text,
    /// Bumped on every change; an analysis started for an older generation is discarded.
    pub generation: u64,
    /// The latest analysis, possibly of an older version.
    pub analysis: Option<Arc<Analysis>>,
    snapshot: Option<Arc<Snapshot>>,
}

/// What a request reads: one version of a document, parsed.
pub struct Snapshot {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub kind: DocKind,
    pub version: i32,
    pub text: Text,
    pub parse: Parse,
}

impl Document {
    pub fn new(uri: Uri, kind: DocKind, version: i32, text: String) -> Document {
        let path = file_path(&uri);
        Document {
            uri,
            path,
            kind,
            version,
            text: Text::new(Arc::from(text)),
            generation: 0,
            analysis: None,
            snapshot: None,
        }
    }

    /// Applies the changes of one `didChange`, in order: each range is relative to the text the
    /// previous change left.
    pub fn apply_changes(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) {
        let mut text = String::from(&*self.text.text);
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let lines = LineIndex::new(&text);
                    let start = offset_in(&lines, &text, range.start);
                    let end = offset_in(&lines, &text, range.end).max(start);
                    text.replace_range(usize::from(start)..usize::from(end), &change.text);
                }
            }
        }
        self.text = Text::new(Arc::from(text));
        self.version = version;
        self.generation += 1;
        self.snapshot = None;
    }

    pub fn snapshot(&mut self) -> Arc<Snapshot> {
        if let Some(s) = &self.snapshot {
            return s.clone();
        }
        let parse = match self.kind {
            DocKind::Body => corefile_syntax::parse_body(&self.text.text),
            DocKind::Corefile | DocKind::ServerFragment => corefile_syntax::parse(&self.text.text),
            // The YAML itself is no Corefile; its embedded Corefiles are parsed per request.
            DocKind::Yaml => corefile_syntax::parse(""),
        };
        let snapshot = Arc::new(Snapshot {
            uri: self.uri.clone(),
            path: self.path.clone(),
            kind: self.kind,
            version: self.version,
            text: self.text.clone(),
            parse,
        });
        self.snapshot = Some(snapshot.clone());
        snapshot
    }

    /// The latest analysis if it is of the current text.
    pub fn current_analysis(&self) -> Option<Arc<Analysis>> {
        self.analysis
            .clone()
            .filter(|a| a.generation == self.generation)
    }
}

fn offset_in(lines: &LineIndex, text: &str, pos: Position) -> TextSize {
    lines.offset_utf16(
        text,
        LineCol {
            line: pos.line,
            col: pos.character,
        },
    )
}

/// The path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let scheme = uri.scheme().as_str();
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: text.into(),
        }
    }

    fn doc(text: &str) -> Document {
        let uri = Uri::from_str("file:///tmp/Corefile").unwrap();
        Document::new(uri, DocKind::Corefile, 1, text.into())
    }

    #[test]
    fn edits_after_non_ascii_use_utf16_columns() {
        // `😀` is two UTF-16 units and four bytes; `é` is one unit and two bytes.
        let mut d = doc("# café 😀 x\n. {\n    cach\n}\n");
        d.apply_changes(2, vec![change(0, 10, 0, 11, "y")]);
        assert_eq!(&*d.text.text, "# café 😀 y\n. {\n    cach\n}\n");
        d.apply_changes(3, vec![change(2, 8, 2, 8, "e"), change(2, 4, 2, 4, "  ")]);
        assert_eq!(&*d.text.text, "# café 😀 y\n. {\n      cache\n}\n");
        assert_eq!(d.version, 3);
    }

    #[test]
    fn multi_line_replacement_and_full_sync() {
        let mut d = doc("a\nb\nc\n");
        d.apply_changes(2, vec![change(0, 1, 2, 0, "-")]);
        assert_eq!(&*d.text.text, "a-c\n");
        d.apply_changes(
            3,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            }],
        );
        assert_eq!(&*d.text.text, "new");
    }

    #[test]
    fn positions_past_the_end_clamp() {
        let mut d = doc("ab\n");
        d.apply_changes(2, vec![change(5, 0, 9, 9, "z")]);
        assert_eq!(&*d.text.text, "ab\nz");
        let t = &d.text;
        assert_eq!(t.position(TextSize::from(4)), Position::new(1, 1));
        assert_eq!(t.offset(Position::new(0, 99)), TextSize::from(2));
    }
}
