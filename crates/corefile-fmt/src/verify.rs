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

use corefile_syntax::ast::Item;
use corefile_syntax::{
    has_placeholder, lex, parse, parse_body, significant_tokens, token_value, Parse, SyntaxKind,
    TextRange, TextSize,
};

/// `Ok` when `after` reads like `before`; otherwise the first difference. `body`: the texts are
/// fragments spliced inside a server block.
pub fn preserved(before: &str, after: &str, body: bool) -> Result<(), String> {
    let old = if body {
        parse_body(before)
    } else {
        parse(before)
    };
    preserved_parsed(before, old, after, body)
}

/// [`preserved`] with the input already parsed. Takes the parse to free its tree before the
/// output is parsed: the two trees of a large file are never alive at once.
pub(crate) fn preserved_parsed(
    before: &str,
    old: Parse,
    after: &str,
    body: bool,
) -> Result<(), String> {
    let old_shape = Shape::of(before, &old);
    let old_errors = error_kinds(&old);
    drop(old);
    let new = if body {
        parse_body(after)
    } else {
        parse(after)
    };
    let new_shape = Shape::of(after, &new);
    if old_shape.tokens.len() != new_shape.tokens.len() {
        return Err(format!(
            "{} tokens became {}",
            old_shape.tokens.len(),
            new_shape.tokens.len()
        ));
    }
    for (i, (a, b)) in old_shape.tokens.iter().zip(&new_shape.tokens).enumerate() {
        let (a_text, b_text) = (&before[a.range], &after[b.range]);
        if a_text != b_text {
            return Err(format!("token {} `{a_text}` became `{b_text}`", i + 1));
        }
        if a.new_line != b.new_line && !old_shape.free_line_before(i) {
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
    if snippet_lines(&old_shape) != snippet_lines(&new_shape) {
        return Err(
            "the lines of tokens in different snippets changed relative to each other".into(),
        );
    }
    if old_shape.comments != new_shape.comments {
        return Err("comments changed".into());
    }
    if old_shape.bom != new_shape.bom || old_shape.stray_quotes != new_shape.stray_quotes {
        return Err("byte-order mark or trailing lone quote changed".into());
    }
    if old_errors != error_kinds(&new) {
        return Err("syntax errors changed".into());
    }
    Ok(())
}

fn error_kinds(parse: &Parse) -> Vec<corefile_syntax::ErrorKind> {
    parse.errors().iter().map(|e| e.kind).collect()
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

struct Shape<'t> {
    tokens: Vec<Token>,
    comments: Vec<&'t str>,
    bom: bool,
    stray_quotes: usize,
}

impl<'t> Shape<'t> {
    fn of(text: &'t str, parse: &Parse) -> Shape<'t> {
        let lexed = lex(text);
        let mut opens = Vec::new();
        let mut closes = Vec::new();
        let mut ends = Vec::new();
        let mut keys = Vec::new();
        let mut bodies = Vec::new();
        for item in parse.root().items() {
            let (keys_of, block) = match item {
                Item::ServerBlock(s) => (s.key_list(), s.block()),
                Item::Snippet(s) => {
                    let block = s.block();
                    let braces = block.as_ref().map(|b| (b.l_brace(), b.r_brace()));
                    if let Some((Some(open), close)) = braces {
                        let end = close.map_or(TextSize::of(text), |c| c.text_range().start());
                        bodies.push(TextRange::new(open.text_range().end(), end));
                    }
                    (s.key_list(), block)
                }
                Item::Import(_) => continue,
            };
            keys.extend(
                keys_of
                    .iter()
                    .flat_map(|k| k.keys().collect::<Vec<_>>())
                    .filter_map(|k| k.token())
                    .map(|t| t.text_range()),
            );
            if let Some(b) = block.as_ref() {
                let open = b.l_brace().map(|t| t.text_range());
                let close = b.r_brace().map(|t| t.text_range());
                opens.extend(open);
                if open.is_some() {
                    closes.extend(close);
                } else {
                    ends.extend(close);
                }
            }
        }
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
        let mut tokens: Vec<Token> = Vec::new();
        let mut prev_end_line = None;
        let mut line_may_import = false;
        for t in significant_tokens(text, &lexed, 0) {
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
        let comments = lexed
            .iter()
            .filter(|t| matches!(t.kind, SyntaxKind::COMMENT | SyntaxKind::WORD_COMMENT))
            .map(|t| text[t.range].trim_end())
            .collect();
        Shape {
            tokens,
            comments,
            bom: lexed.first().is_some_and(|t| t.kind == SyntaxKind::BOM),
            stray_quotes: lexed
                .iter()
                .filter(|t| t.kind == SyntaxKind::STRAY_QUOTE)
                .count(),
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
