//! Checks that a formatted text reads exactly like its input, independently of how the
//! formatter works: the same significant tokens (byte for byte), the same "same line"
//! relation between consecutive tokens as CoreDNS computes it, the same comments, the same
//! syntax errors.
//!
//! The relation may differ only next to server-block and snippet braces, where CoreDNS's parser
//! never looks at it: between a key and the block's `{` (the brace counts on the header line or
//! the next one; unless the key's line starts with what could be `import`, which would take the
//! brace as its argument), between that `{` and what follows (the body starts after it either
//! way; a snippet's braces are not part of its body), before the block's `}` and after it (the
//! next block's keys start there on any line) unless the token after it could be `import`,
//! which is an import only at the start of a line.
//!
//! Snippet tokens keep their lines when CoreDNS splices them in, so two snippets imported one
//! after the other put the last token of the first next to the first token of the second, and
//! plugins compare those lines too: between consecutive snippet-body tokens (skipping everything
//! outside snippet bodies) the relation must not change at all.

use corefile_syntax::engine::{ErrorKind, Sink, SyntaxError};
use corefile_syntax::{
    has_placeholder, lex, run_tree_mode, significant_tokens, token_value, Brace, SyntaxKind,
    TextRange, TextSize, Tok,
};

/// `Ok` when `after` reads like `before`; otherwise the first difference. `body`: the texts are
/// fragments spliced inside a server block.
pub fn preserved(before: &str, after: &str, body: bool) -> Result<(), String> {
    compare(&Shape::of(before, body), &Shape::of(after, body))
}

/// `Ok` when the text of `new` reads like the text of `old` (see [`preserved`]).
pub(crate) fn compare(old: &Shape<'_>, new: &Shape<'_>) -> Result<(), String> {
    if old.tokens.len() != new.tokens.len() {
        return Err(format!(
            "{} tokens became {}",
            old.tokens.len(),
            new.tokens.len()
        ));
    }
    for (i, (a, b)) in old.tokens.iter().zip(&new.tokens).enumerate() {
        let (a_text, b_text) = (&old.text[a.range], &new.text[b.range]);
        if a_text != b_text {
            return Err(format!("token {} `{a_text}` became `{b_text}`", i + 1));
        }
        if a.new_line != b.new_line && !old.free_line_before(i) {
            return Err(format!(
                "token {} `{a_text}` {} a new line",
                i + 1,
                if a.new_line {
                    "no longer starts"
                } else {
                    "now starts"
                }
            ));
        }
    }
    let snippet_lines = |shape: &Shape| {
        let body: Vec<&Token> = shape.tokens.iter().filter(|t| t.in_snippet_body).collect();
        body.windows(2)
            .map(|pair| pair[0].end_line < pair[1].line)
            .collect::<Vec<_>>()
    };
    if snippet_lines(old) != snippet_lines(new) {
        return Err(
            "the lines of tokens in different snippets changed relative to each other".into(),
        );
    }
    if old.comments != new.comments {
        return Err("comments changed".into());
    }
    if old.bom != new.bom || old.stray_quotes != new.stray_quotes {
        return Err("byte-order mark or trailing lone quote changed".into());
    }
    if old.errors != new.errors {
        return Err("syntax errors changed".into());
    }
    Ok(())
}

struct Token {
    range: TextRange,
    /// CoreDNS's `isNewLine`: the previous token ends on an earlier line.
    new_line: bool,
    /// The first or last brace of a server block or snippet.
    block_open: bool,
    block_close: bool,
    /// `block_close`, or the `}` that ends a braceless server block.
    block_end: bool,
    in_key: bool,
    /// The first token of this token's line could be `import`.
    line_may_import: bool,
    /// Inside a snippet's braces.
    in_snippet_body: bool,
    line: u32,
    end_line: u32,
    maybe_import: bool,
}

/// How a text reads to CoreDNS, as far as formatting could change it.
pub(crate) struct Shape<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    comments: Vec<&'t str>,
    bom: bool,
    stray_quotes: usize,
    errors: Vec<ErrorKind>,
}

/// Where the parser puts the keys and braces of each server block and snippet, gathered from its
/// events without building a tree (the same places `ast` finds in the tree).
#[derive(Default)]
struct Structure {
    /// The first token of each key.
    keys: Vec<TextRange>,
    /// The `{` and `}` of server blocks and snippets with braces.
    opens: Vec<TextRange>,
    closes: Vec<TextRange>,
    /// The `}` that ends a braceless server block.
    ends: Vec<TextRange>,
    /// From a snippet's `{` to its `}` (or the end of the text).
    snippet_bodies: Vec<TextRange>,
    errors: Vec<ErrorKind>,
}

/// Builds a [`Structure`] from the parser's events. Depth 1 is the root's children (server
/// blocks, snippets, imports), depth 2 their key list and block, depth 3 the keys.
struct StructureSink {
    text_len: TextSize,
    out: Structure,
    kinds: Vec<SyntaxKind>,
    /// Tokens before this lexed index are placed already (the parser may report one again).
    next_lex: u32,
    /// Inside the first key list of a server block or snippet.
    in_keys: bool,
    /// The current key has had its first token.
    key_done: bool,
    /// Inside the first block of a server block or snippet: its first and last tokens so far.
    in_block: bool,
    block_ends: Option<(Tok, Tok)>,
    /// What the current top-level item has seen.
    item_is_snippet: bool,
    item_had_keys: bool,
    item_had_block: bool,
}

impl StructureSink {
    fn new(text: &str) -> Self {
        StructureSink {
            text_len: TextSize::of(text),
            out: Structure::default(),
            kinds: Vec::new(),
            next_lex: 0,
            in_keys: false,
            key_done: false,
            in_block: false,
            block_ends: None,
            item_is_snippet: false,
            item_had_keys: false,
            item_had_block: false,
        }
    }

    fn in_item(&self) -> bool {
        matches!(
            self.kinds.get(1),
            Some(SyntaxKind::SERVER_BLOCK | SyntaxKind::SNIPPET)
        )
    }

    fn close_block(&mut self) {
        let (first, last) = match self.block_ends.take() {
            Some((first, last)) => (Some(first), Some(last)),
            None => (None, None),
        };
        let open = first.filter(|t| t.brace == Brace::Open).map(|t| t.range);
        let close = last.filter(|t| t.brace == Brace::Close).map(|t| t.range);
        match open {
            Some(open) => {
                self.out.opens.push(open);
                self.out.closes.extend(close);
                if self.item_is_snippet {
                    let end = close.map_or(self.text_len, |c| c.start());
                    self.out
                        .snippet_bodies
                        .push(TextRange::new(open.end(), end));
                }
            }
            None => self.out.ends.extend(close),
        }
    }
}

impl Sink for StructureSink {
    fn start(&mut self, kind: SyntaxKind) {
        let depth = self.kinds.len();
        self.kinds.push(kind);
        match (depth, kind) {
            (1, SyntaxKind::SERVER_BLOCK | SyntaxKind::SNIPPET) => {
                self.item_is_snippet = kind == SyntaxKind::SNIPPET;
                self.item_had_keys = false;
                self.item_had_block = false;
            }
            (2, SyntaxKind::KEY_LIST) if self.in_item() && !self.item_had_keys => {
                self.item_had_keys = true;
                self.in_keys = true;
            }
            (2, SyntaxKind::BLOCK) if self.in_item() && !self.item_had_block => {
                self.item_had_block = true;
                self.in_block = true;
            }
            (3, SyntaxKind::KEY) if self.in_keys => self.key_done = false,
            _ => {}
        }
    }

    fn token(&mut self, tok: &Tok, _text: &str) {
        if tok.lex_index < self.next_lex {
            return;
        }
        self.next_lex = tok.lex_index + 1;
        match self.kinds.len() {
            4 if self.in_keys && self.kinds[3] == SyntaxKind::KEY && !self.key_done => {
                self.key_done = true;
                self.out.keys.push(tok.range);
            }
            3 if self.in_block => {
                let first = self.block_ends.map_or(*tok, |(first, _)| first);
                self.block_ends = Some((first, *tok));
            }
            _ => {}
        }
    }

    fn finish(&mut self) {
        let depth = self.kinds.len() - 1;
        let kind = self.kinds.pop();
        match (depth, kind) {
            (2, Some(SyntaxKind::KEY_LIST)) => self.in_keys = false,
            (2, Some(SyntaxKind::BLOCK)) if self.in_block => {
                self.in_block = false;
                self.close_block();
            }
            _ => {}
        }
    }

    fn error(&mut self, error: SyntaxError) {
        self.out.errors.push(error.kind);
    }
}

impl<'t> Shape<'t> {
    /// Parses `text` (a fragment spliced inside a server block when `body`) and reads its shape.
    pub(crate) fn of(text: &'t str, body: bool) -> Shape<'t> {
        let lexed = lex(text);
        let significant = significant_tokens(text, &lexed, 0);
        let comments: Vec<&str> = lexed
            .iter()
            .filter(|t| matches!(t.kind, SyntaxKind::COMMENT | SyntaxKind::WORD_COMMENT))
            .map(|t| text[t.range].trim_end())
            .collect();
        let bom = lexed.first().is_some_and(|t| t.kind == SyntaxKind::BOM);
        let stray_quotes = lexed
            .iter()
            .filter(|t| t.kind == SyntaxKind::STRAY_QUOTE)
            .count();
        drop(lexed);
        let mut sink = StructureSink::new(text);
        run_tree_mode(text, significant.clone(), body, &mut sink);
        let Structure {
            keys,
            opens,
            closes,
            ends,
            snippet_bodies: bodies,
            errors,
        } = sink.out;
        // Every set is in text order, like the tokens: one cursor each.
        let mut cursors = [0usize; 4];
        let mut body_at = 0usize;
        let mut is = |set: &[TextRange], which: usize, r: TextRange| {
            let at = &mut cursors[which];
            while *at < set.len() && set[*at].start() < r.start() {
                *at += 1;
            }
            *at < set.len() && set[*at] == r
        };
        let mut tokens: Vec<Token> = Vec::with_capacity(significant.len());
        let mut prev_end_line = None;
        let mut line_may_import = false;
        for t in significant {
            let raw = &text[t.range];
            let value = token_value(t.kind, raw);
            let block_close = is(&closes, 0, t.range);
            while body_at < bodies.len() && bodies[body_at].end() <= t.range.start() {
                body_at += 1;
            }
            let in_snippet_body = body_at < bodies.len() && bodies[body_at].contains_range(t.range);
            let new_line = prev_end_line.is_none_or(|end| end < t.line);
            let maybe_import = value == "import" || has_placeholder(&value);
            if new_line {
                line_may_import = maybe_import;
            }
            tokens.push(Token {
                range: t.range,
                new_line,
                line_may_import,
                block_open: is(&opens, 1, t.range),
                block_close,
                block_end: block_close || is(&ends, 2, t.range),
                in_key: is(&keys, 3, t.range),
                in_snippet_body,
                line: t.line,
                end_line: t.line + t.lf,
                maybe_import,
            });
            prev_end_line = Some(t.line + t.lf);
        }
        Shape {
            text,
            tokens,
            comments,
            bom,
            stray_quotes,
            errors,
        }
    }

    /// Whether CoreDNS ignores if token `i` starts a new line (see the module comment).
    fn free_line_before(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1).map(|p| &self.tokens[p]) else {
            return false;
        };
        let cur = &self.tokens[i];
        (cur.block_open && prev.in_key && !prev.line_may_import)
            || prev.block_open
            || cur.block_close
            || (prev.block_end && !cur.maybe_import)
    }
}

#[cfg(test)]
mod tests {
    use super::preserved;

    #[test]
    fn accepts_moves_of_block_braces() {
        assert_eq!(
            preserved("a.org\n{\nlog\n}\n", "a.org {\n    log\n}\n", false),
            Ok(())
        );
        assert_eq!(
            preserved(". { log\n}\n", ". {\n    log\n}\n", false),
            Ok(())
        );
        assert_eq!(
            preserved("(s) { log }\n", "(s) {\n    log\n}\n", false),
            Ok(())
        );
        assert_eq!(
            preserved("a {\n} b {\n}\n", "a {\n}\n\nb {\n}\n", false),
            Ok(())
        );
    }

    #[test]
    fn rejects_what_changes_the_reading() {
        let cases = [
            // Joined or split directive lines.
            ("a {\nlog\nerrors\n}\n", "a {\nlog errors\n}\n"),
            ("a {\nlog stdout\n}\n", "a {\nlog\nstdout\n}\n"),
            // A directive's `{` on the next line is not the same as on its line.
            ("a {\nforward . x\n{\n}\n}\n", "a {\nforward . x {\n}\n}\n"),
            // A token after a nested `}` belongs to the directive.
            ("a {\nf {\n} log\n}\n", "a {\nf {\n}\nlog\n}\n"),
            // `import` after a block's `}` is a key; at the start of a line, an import.
            ("a {\n} import x\n", "a {\n}\nimport x\n"),
            // Comments and the text a mid-word `#` drops.
            ("a # one\n", "a # two\n"),
            ("a {\nlog\r#x y\n}\n", "a {\nlog #x y\n}\n"),
            // Token texts.
            ("a \"b  c\"\n", "a \"b c\"\n"),
            // Tokens of two snippets on one line are arguments of one another once spliced.
            (
                "(a) { log } (b) { log }\n",
                "(a) {\nlog\n}\n(b) {\nlog\n}\n",
            ),
        ];
        for (before, after) in cases {
            assert!(
                preserved(before, after, false).is_err(),
                "{before:?} -> {after:?}"
            );
        }
    }
}
