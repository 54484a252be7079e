//! The lexer: logos splits the text into raw tokens; a small pass then applies CoreDNS's
//! context rules (caddyfile/lexer.go `next`) that a DFA cannot express: a `#` inside a word drops
//! the rest of that word, a BOM counts only at the start, and a lone `"` at the end yields nothing.

use logos::Logos;
use rowan::{TextRange, TextSize};

use crate::SyntaxKind;

/// The whitespace CoreDNS splits on is Go's `unicode.IsSpace` (LF is lexed separately).
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
enum Raw {
    #[regex(r"[\t\x0B\x0C\r \u{85}\u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}]+")]
    Whitespace,
    #[token("\n")]
    Newline,
    #[regex(r"#[^\n]*", allow_greedy = true)]
    Comment,
    /// A quoted token: `\` pairs with any next character; unterminated ones run to the end, and
    /// may end with a lone `\` (CoreDNS drops it).
    #[regex(r#""([^"\\]|\\[\s\S])*("|\\)?"#)]
    String,
    /// A word may contain `"` and `#` after its first character, and CR when more word follows
    /// (CoreDNS drops CR without ending the token).
    #[regex(r#"[^\t\n\x0B\x0C\r \u{85}\u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}#"]([^\t\n\x0B\x0C\r \u{85}\u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}]|\r+[^\t\n\x0B\x0C\r \u{85}\u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}])*"#)]
    Word,
}

/// One lexed token: its kind and range. Every byte of the input is in exactly one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexToken {
    pub kind: SyntaxKind,
    pub range: TextRange,
}

/// Lexes `text` into tokens covering every byte, in order.
pub fn lex(text: &str) -> Vec<LexToken> {
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut base = 0usize;
    if text.starts_with('\u{FEFF}') {
        out.push(tok(SyntaxKind::BOM, 0, 3));
        base = 3;
    }
    let body = &text[base..];
    let mut lexer = Raw::lexer(body);
    while let Some(res) = lexer.next() {
        let span = lexer.span();
        let (start, end) = (base + span.start, base + span.end);
        let kind = match res {
            Ok(Raw::Whitespace) => SyntaxKind::WHITESPACE,
            Ok(Raw::Newline) => SyntaxKind::NEWLINE,
            Ok(Raw::Comment) => SyntaxKind::COMMENT,
            Ok(Raw::String) => {
                if is_empty_unterminated(&text[start..end]) {
                    SyntaxKind::STRAY_QUOTE
                } else {
                    SyntaxKind::STRING
                }
            }
            Ok(Raw::Word) => {
                let word = &text[start..end];
                if let Some(hash) = word.find('#') {
                    push_word(&mut out, word, start, start + hash);
                    out.push(tok(SyntaxKind::WORD_COMMENT, start + hash, end));
                } else {
                    push_word(&mut out, word, start, end);
                }
                continue;
            }
            // Every character matches one of the patterns, so logos never fails; keep the bytes
            // anyway rather than lose them.
            Err(()) => SyntaxKind::WORD,
        };
        out.push(tok(kind, start, end));
    }
    out
}

/// A word up to `end`; CRs at its end are dropped by CoreDNS, so they become whitespace.
fn push_word(out: &mut Vec<LexToken>, word: &str, start: usize, end: usize) {
    let len = end - start;
    let trimmed = word[..len].trim_end_matches('\r').len();
    if trimmed == 0 {
        out.push(tok(SyntaxKind::WHITESPACE, start, end));
        return;
    }
    let kind = match &word[..trimmed] {
        "{" => SyntaxKind::L_BRACE,
        "}" => SyntaxKind::R_BRACE,
        _ => SyntaxKind::WORD,
    };
    out.push(tok(kind, start, start + trimmed));
    if trimmed < len {
        out.push(tok(SyntaxKind::WHITESPACE, start + trimmed, end));
    }
}

/// `"` or `"\` at the end of the file: CoreDNS collects no character and emits no token.
fn is_empty_unterminated(s: &str) -> bool {
    s == "\"" || s == "\"\\"
}

fn tok(kind: SyntaxKind, start: usize, end: usize) -> LexToken {
    LexToken {
        kind,
        range: TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32)),
    }
}

/// The value CoreDNS's lexer gives a significant token: quotes removed, `\"` unescaped (other
/// backslashes kept), CR dropped outside quotes.
pub fn token_value(kind: SyntaxKind, text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match kind {
        SyntaxKind::STRING => {
            let inner = &text[1..];
            let (inner, terminated) = match inner.strip_suffix('"') {
                // A trailing `\"` is an escaped quote, not the terminator.
                Some(s) if !ends_with_odd_backslashes(s) => (s, true),
                _ => (inner, false),
            };
            let inner = if terminated {
                inner
            } else {
                inner
                    .strip_suffix('\\')
                    .filter(|s| !ends_with_odd_backslashes(s))
                    .unwrap_or(inner)
            };
            if !inner.contains('\\') {
                return Cow::Borrowed(inner);
            }
            let mut out = String::with_capacity(inner.len());
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    match chars.next() {
                        Some('"') => out.push('"'),
                        Some(n) => {
                            out.push('\\');
                            out.push(n);
                        }
                        None => {}
                    }
                } else {
                    out.push(c);
                }
            }
            Cow::Owned(out)
        }
        _ if text.contains('\r') => Cow::Owned(text.replace('\r', "")),
        _ => Cow::Borrowed(text),
    }
}

/// Whether `s` ends in an odd number of backslashes (so a following `"` is escaped).
fn ends_with_odd_backslashes(s: &str) -> bool {
    s.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        lex(text)
            .into_iter()
            .filter(|t| !t.kind.is_trivia())
            .map(|t| token_value(t.kind, &text[t.range]).into_owned())
            .collect()
    }

    #[test]
    fn oracle_13() {
        assert_eq!(
            values("a \"b c\" \"d\\\"e\" f\"g h\" cr\rjoined nb\u{A0}sp"),
            ["a", "b c", "d\"e", "f\"g", "h\"", "crjoined", "nb", "sp"]
        );
    }

    #[test]
    fn mid_word_hash_drops_to_whitespace() {
        assert_eq!(
            values("example.org foo#bar baz"),
            ["example.org", "foo", "baz"]
        );
        assert_eq!(values("foo#bar\"baz qux\" end"), ["foo", "qux\"", "end"]);
        assert_eq!(values("a \"q\"#c d\ne"), ["a", "q", "e"]);
    }

    #[test]
    fn backslashes_in_quotes() {
        assert_eq!(
            values(r#""f\\g" "h\i" "c\\" "a\\\"b""#),
            [r"f\\g", r"h\i", r"c\\", r#"a\\"b"#]
        );
    }

    #[test]
    fn unterminated_quote_runs_to_eof() {
        assert_eq!(values("a \"b\nc d"), ["a", "b\nc d"]);
        assert_eq!(values("a \""), ["a"]);
        assert_eq!(values("a \"x\\"), ["a", "x"]);
        assert_eq!(values("\"\""), [""]);
    }

    #[test]
    fn crlf_and_bom() {
        assert_eq!(values("\u{FEFF}a\r\nb\r\n"), ["a", "b"]);
        assert_eq!(values("a\u{FEFF}"), ["a\u{FEFF}"]);
    }

    #[test]
    fn lossless() {
        for s in [
            "",
            "a",
            "\"",
            "#",
            "a#b#c",
            "\r\r\n",
            "x\"y\"z",
            "{ } {{ }}",
            "\u{FEFF}\u{FEFF}",
        ] {
            let joined: String = lex(s).iter().map(|t| &s[t.range]).collect();
            assert_eq!(joined, s);
        }
    }
}
