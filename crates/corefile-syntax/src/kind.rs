//! One `SyntaxKind` for tokens and nodes, as in taplo and rust-analyzer.

/// Every kind of token and node in a Corefile syntax tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u16)]
#[allow(non_camel_case_types)]
pub enum SyntaxKind {
    // ---- tokens (trivia) ----
    /// Spaces, tabs, CR and the other Unicode spaces CoreDNS splits on (never LF).
    WHITESPACE = 0,
    /// One LF: the only character that ends a line for CoreDNS.
    NEWLINE,
    /// `#` at the start of a token, to the end of the line.
    COMMENT,
    /// The text CoreDNS drops after a `#` inside a word, up to the next whitespace (`foo#bar`).
    WORD_COMMENT,
    /// A byte-order mark at the start of the file.
    BOM,
    /// A `"` at the very end of the file with nothing after it: CoreDNS yields no token for it.
    STRAY_QUOTE,
    // ---- tokens (significant) ----
    /// A bare word.
    WORD,
    /// A double-quoted word (may span lines; unterminated ones run to the end of the file).
    STRING,
    /// A bare `{`.
    L_BRACE,
    /// A bare `}`.
    R_BRACE,
    // ---- nodes ----
    ROOT,
    /// A server block: keys and a body.
    SERVER_BLOCK,
    /// The keys (addresses) of a server block or the name of a snippet.
    KEY_LIST,
    /// One key.
    KEY,
    /// A snippet definition `(name) { … }`.
    SNIPPET,
    /// `{ … }` (or the body of a braceless server block).
    BLOCK,
    /// A directive line (its name, arguments and nested blocks); inside nested blocks, an option line.
    DIRECTIVE,
    /// `import PATTERN`.
    IMPORT,
    /// Tokens that could not be placed.
    ERROR,
}

impl SyntaxKind {
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            SyntaxKind::WHITESPACE
                | SyntaxKind::NEWLINE
                | SyntaxKind::COMMENT
                | SyntaxKind::WORD_COMMENT
                | SyntaxKind::BOM
                | SyntaxKind::STRAY_QUOTE
        )
    }

    pub fn is_token(self) -> bool {
        (self as u16) < (SyntaxKind::ROOT as u16)
    }
}

impl From<SyntaxKind> for rowan::SyntaxKind {
    fn from(kind: SyntaxKind) -> Self {
        rowan::SyntaxKind(kind as u16)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CorefileLanguage {}

impl rowan::Language for CorefileLanguage {
    type Kind = SyntaxKind;

    fn kind_from_raw(raw: rowan::SyntaxKind) -> SyntaxKind {
        assert!(raw.0 <= SyntaxKind::ERROR as u16);
        // SAFETY: `SyntaxKind` is `repr(u16)` with contiguous discriminants up to ERROR.
        unsafe { std::mem::transmute::<u16, SyntaxKind>(raw.0) }
    }

    fn kind_to_raw(kind: SyntaxKind) -> rowan::SyntaxKind {
        kind.into()
    }
}

pub type SyntaxNode = rowan::SyntaxNode<CorefileLanguage>;
pub type SyntaxToken = rowan::SyntaxToken<CorefileLanguage>;
pub type SyntaxElement = rowan::SyntaxElement<CorefileLanguage>;
