//! Significant tokens as CoreDNS's parser sees them: kind, place, line and provenance.

use rowan::TextRange;

use crate::lexer::{token_value, LexToken};
use crate::SyntaxKind;

/// A significant token (word or quoted string) of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    /// WORD, STRING, L_BRACE or R_BRACE.
    pub kind: SyntaxKind,
    pub range: TextRange,
    /// Which file the token is written in (an index the caller assigns; 0 for the parsed text).
    pub file: u32,
    /// 1-based line of the token's first character.
    pub line: u32,
    /// Line feeds inside the token (quoted tokens may span lines).
    pub lf: u32,
    /// Import chain that brought the token in (0: written in the file itself).
    pub chain: u32,
    /// Index of this token among the file's lexed tokens (used to interleave trivia).
    pub lex_index: u32,
    pub brace: Brace,
}

/// Whether a token's value is exactly `{` or `}` (quoted braces count, as in CoreDNS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brace {
    None,
    Open,
    Close,
}

/// The significant tokens of one file, with CoreDNS's line numbers.
pub fn significant_tokens(text: &str, lexed: &[LexToken], file: u32) -> Vec<Tok> {
    let mut out = Vec::with_capacity(lexed.len() / 2 + 1);
    let mut line = 1u32;
    for (i, t) in lexed.iter().enumerate() {
        let s = &text[t.range];
        match t.kind {
            SyntaxKind::WORD | SyntaxKind::STRING | SyntaxKind::L_BRACE | SyntaxKind::R_BRACE => {
                let lf = s.bytes().filter(|&b| b == b'\n').count() as u32;
                let brace = match t.kind {
                    SyntaxKind::L_BRACE => Brace::Open,
                    SyntaxKind::R_BRACE => Brace::Close,
                    SyntaxKind::STRING => match &*token_value(t.kind, s) {
                        "{" => Brace::Open,
                        "}" => Brace::Close,
                        _ => Brace::None,
                    },
                    _ => Brace::None,
                };
                out.push(Tok {
                    kind: t.kind,
                    range: t.range,
                    file,
                    line,
                    lf,
                    chain: 0,
                    lex_index: i as u32,
                    brace,
                });
                line += lf;
            }
            _ => line += s.bytes().filter(|&b| b == b'\n').count() as u32,
        }
    }
    out
}
