//! From the syntax tree to lines of items, each line being what CoreDNS reads as one line (a
//! quoted string spanning lines keeps its line going), each item knowing its role.

use corefile_syntax::{has_placeholder, token_value, Parse, SyntaxKind, SyntaxNode, SyntaxToken};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKind {
    /// A significant token, with the text a mid-word `#` drops glued to it.
    Token,
    /// A `#` comment (its trailing whitespace excluded).
    Comment,
    /// A lone `"` at the end of the file (CoreDNS reads nothing for it).
    StrayQuote,
}

/// What a token does to nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nesting {
    None,
    Open,
    Close,
    /// The `}` that ends a braceless server block: it ends the block but closes no `{`.
    End,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    /// Byte range of the item's text in the input.
    pub start: usize,
    pub end: usize,
    pub kind: ItemKind,
    pub nesting: Nesting,
    /// The `{`, `}` of a server block or snippet (or the `}` ending a braceless block).
    pub block_brace: bool,
    /// The `{`, `}` of a snippet.
    pub snippet_brace: bool,
    /// An opening block brace right after a server-block key.
    pub follows_key: bool,
    /// A token that is or could become (through an environment placeholder) the keyword
    /// `import`, which CoreDNS honours only at the start of a line.
    pub maybe_import: bool,
    /// Whitespace separated it from the previous item on its line.
    pub space_before: bool,
}

impl Item {
    pub fn is_token(&self) -> bool {
        self.kind == ItemKind::Token
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub items: Vec<Item>,
    /// Blank lines before this one in the input.
    pub blank_before: u32,
    /// Offset where the line starts in the input (its indentation included).
    pub start: usize,
}

impl Line {
    pub fn end(&self) -> usize {
        self.items.last().map_or(self.start, |i| i.end)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// The input starts with a byte-order mark.
    pub bom: bool,
    pub lines: Vec<Line>,
    /// The first line break is CRLF.
    pub crlf: bool,
    /// The input ends inside an unterminated quoted string or with a lone `"`: nothing may follow.
    pub open_end: bool,
}

impl Document {
    pub fn build(text: &str, parse: &Parse) -> Document {
        let root = parse.syntax();
        let mut doc = Document {
            bom: false,
            lines: Vec::new(),
            crlf: false,
            open_end: false,
        };
        let mut seen_newline = false;
        let mut items: Vec<Item> = Vec::new();
        let mut line_start = 0usize;
        let mut blank = 0u32;
        let mut space = false;
        let mut prev_is_key = false;
        let mut last = None;
        for token in root
            .descendants_with_tokens()
            .filter_map(|e| e.into_token())
        {
            let range = token.text_range();
            let (start, end) = (usize::from(range.start()), usize::from(range.end()));
            match token.kind() {
                SyntaxKind::BOM => {
                    doc.bom = true;
                    line_start = end;
                }
                SyntaxKind::WHITESPACE => space = true,
                SyntaxKind::NEWLINE => {
                    if !seen_newline {
                        seen_newline = true;
                        doc.crlf = start > 0 && text.as_bytes()[start - 1] == b'\r';
                    }
                    if items.is_empty() {
                        blank += 1;
                    } else {
                        doc.lines.push(Line {
                            items: std::mem::take(&mut items),
                            blank_before: std::mem::take(&mut blank),
                            start: line_start,
                        });
                    }
                    line_start = end;
                    space = false;
                }
                SyntaxKind::COMMENT => {
                    let trimmed = start + token.text().trim_end().len();
                    items.push(plain(start, trimmed, ItemKind::Comment, space));
                }
                SyntaxKind::WORD_COMMENT => match items.last_mut() {
                    // Glued with whatever lies between (only CRs, which CoreDNS skips): a space
                    // there would turn the dropped text into a comment running to the line end.
                    Some(last) if last.is_token() => last.end = end,
                    _ => items.push(plain(start, end, ItemKind::Token, space)),
                },
                SyntaxKind::STRAY_QUOTE => {
                    items.push(plain(start, end, ItemKind::StrayQuote, space));
                }
                _ if token.kind().is_token() => {
                    let mut item = plain(start, end, ItemKind::Token, space);
                    classify(&token, &mut item);
                    item.follows_key =
                        item.block_brace && item.nesting == Nesting::Open && prev_is_key;
                    let value = token_value(token.kind(), token.text());
                    item.maybe_import = value == "import" || has_placeholder(&value);
                    prev_is_key = token.parent().is_some_and(|p| p.kind() == SyntaxKind::KEY);
                    items.push(item);
                }
                _ => {}
            }
            if !matches!(token.kind(), SyntaxKind::WHITESPACE | SyntaxKind::NEWLINE) {
                space = false;
            }
            last = Some(token);
        }
        if !items.is_empty() {
            doc.lines.push(Line {
                items,
                blank_before: blank,
                start: line_start,
            });
        }
        doc.open_end = last.is_some_and(|t| match t.kind() {
            SyntaxKind::STRAY_QUOTE => true,
            SyntaxKind::STRING => !is_terminated(t.text()),
            _ => false,
        });
        doc
    }
}

fn plain(start: usize, end: usize, kind: ItemKind, space_before: bool) -> Item {
    Item {
        start,
        end,
        kind,
        nesting: Nesting::None,
        block_brace: false,
        snippet_brace: false,
        follows_key: false,
        maybe_import: false,
        space_before,
    }
}

/// Sets what a significant token does to nesting, from where the parser put it.
fn classify(token: &SyntaxToken, item: &mut Item) {
    let brace = match token.kind() {
        SyntaxKind::L_BRACE => Nesting::Open,
        SyntaxKind::R_BRACE => Nesting::Close,
        SyntaxKind::STRING => match &*token_value(token.kind(), token.text()) {
            "{" => Nesting::Open,
            "}" => Nesting::Close,
            _ => Nesting::None,
        },
        _ => Nesting::None,
    };
    if brace == Nesting::None {
        return;
    }
    let Some(parent) = token.parent() else { return };
    match parent.kind() {
        SyntaxKind::BLOCK => {
            let owner = parent.parent().map(|p| p.kind());
            item.block_brace =
                matches!(owner, Some(SyntaxKind::SERVER_BLOCK | SyntaxKind::SNIPPET));
            item.snippet_brace = owner == Some(SyntaxKind::SNIPPET);
            item.nesting = if brace == Nesting::Close && !has_open_brace(&parent) {
                Nesting::End
            } else {
                brace
            };
        }
        // The first token of a directive is its name, even `{`; later ones are braces nested
        // beyond the tree's depth limit.
        SyntaxKind::DIRECTIVE if first_significant(&parent).as_ref() != Some(token) => {
            item.nesting = brace;
        }
        _ => {}
    }
}

fn first_significant(node: &SyntaxNode) -> Option<SyntaxToken> {
    node.children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| !t.kind().is_trivia())
}

fn has_open_brace(block: &SyntaxNode) -> bool {
    first_significant(block).is_some_and(|t| {
        t.kind() == SyntaxKind::L_BRACE
            || (t.kind() == SyntaxKind::STRING && token_value(t.kind(), t.text()) == "{")
    })
}

/// Whether a quoted token has its closing quote.
fn is_terminated(text: &str) -> bool {
    text.len() >= 2
        && text.ends_with('"')
        && text[1..text.len() - 1]
            .bytes()
            .rev()
            .take_while(|&b| b == b'\\')
            .count()
            % 2
            == 0
}

/// Where the part of the input that CoreDNS parses exactly like us ends: the start of the
/// top-level item (server block, snippet, import; in a fragment, directive) holding the first
/// syntax error, or the end of the text when there is none. Items start at their first token, so
/// the lines before that offset are all in complete items.
pub(crate) fn safe_prefix_end(text: &str, parse: &Parse, body: bool) -> usize {
    let Some(first) = parse.errors().iter().map(|e| e.range.start()).min() else {
        return text.len();
    };
    let root = parse.syntax();
    let container = if body {
        root.children().find(|n| n.kind() == SyntaxKind::BLOCK)
    } else {
        Some(root)
    };
    let item_start = container
        .and_then(|c| c.children().find(|item| item.text_range().end() > first))
        .map_or(first, |item| item.text_range().start());
    usize::from(item_start.min(first))
}
