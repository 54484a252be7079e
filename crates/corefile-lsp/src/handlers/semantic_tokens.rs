//! Semantic tokens for the whole document: server keys, snippet names, directives, options,
//! `import`, strings, numbers, comments and the `{$VAR}` / `{%VAR%}` placeholders inside words.
//! Tokens never span lines (clients need not support multi-line tokens).

use corefile_syntax::ast::{Directive, Import};
use corefile_syntax::{SyntaxKind, SyntaxToken, TextRange, TextSize};
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenType, SemanticTokens, SemanticTokensLegend,
};

use crate::document::Snapshot;
use crate::syntax::{self, Role};

/// The legend, in the order of [`Kind`]'s discriminants.
const TYPES: [SemanticTokenType; 9] = [
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::MACRO,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::KEYWORD,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::VARIABLE,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Key,
    Snippet,
    Directive,
    Option,
    Keyword,
    String,
    Number,
    Comment,
    Placeholder,
}

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: Vec::new(),
    }
}

pub fn full(snap: &Snapshot) -> SemanticTokens {
    let root = snap.parse.syntax();
    let snippet_names: Vec<String> = syntax::snippets(&root)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let mut spans: Vec<(TextRange, Kind)> = Vec::new();
    for token in root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        let kind = match token.kind() {
            SyntaxKind::COMMENT | SyntaxKind::WORD_COMMENT => Some(Kind::Comment),
            SyntaxKind::WORD | SyntaxKind::STRING => classify(&token, &snippet_names),
            _ => continue,
        };
        push_with_placeholders(&mut spans, &token, kind);
    }
    encode(snap, &spans)
}

fn classify(token: &SyntaxToken, snippet_names: &[String]) -> Option<Kind> {
    let parent = token.parent()?;
    let quoted = token.kind() == SyntaxKind::STRING;
    match parent.kind() {
        SyntaxKind::KEY => match parent.parent()?.parent()?.kind() {
            SyntaxKind::SNIPPET => Some(Kind::Snippet),
            _ => Some(Kind::Key),
        },
        SyntaxKind::IMPORT => {
            let import = Import::cast(parent)?;
            if import.keyword().as_ref() == Some(token) {
                Some(Kind::Keyword)
            } else if snippet_names.contains(&corefile_syntax::ast::value(token)) {
                Some(Kind::Snippet)
            } else {
                Some(Kind::String)
            }
        }
        SyntaxKind::DIRECTIVE => {
            let directive = Directive::cast(parent)?;
            if directive.name_token().as_ref() == Some(token) {
                return Some(match syntax::role(&directive) {
                    Role::Plugin => Kind::Directive,
                    Role::Option { .. } | Role::Nested => Kind::Option,
                });
            }
            if quoted {
                Some(Kind::String)
            } else if is_number(token.text()) {
                Some(Kind::Number)
            } else {
                None
            }
        }
        _ => quoted.then_some(Kind::String),
    }
}

/// Integers, decimals and Go durations (`30s`, `1h30m`, `500ms`).
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let units = ["ns", "us", "µs", "ms", "s", "m", "h"];
    let mut rest = digits;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if n == 0 || rest[..n].matches('.').count() > 1 {
            return false;
        }
        rest = &rest[n..];
        if rest.is_empty() {
            return true;
        }
        match units.iter().find(|u| rest.starts_with(*u)) {
            Some(u)
                if rest[u.len()..].is_empty()
                    || rest[u.len()..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                rest = &rest[u.len()..]
            }
            _ => return false,
        }
    }
    true
}

/// The token as `kind`, with its placeholders cut out as their own spans.
fn push_with_placeholders(
    spans: &mut Vec<(TextRange, Kind)>,
    token: &SyntaxToken,
    kind: Option<Kind>,
) {
    let start = token.text_range().start();
    let mut at = 0usize;
    let text = token.text();
    if token.kind() != SyntaxKind::COMMENT && token.kind() != SyntaxKind::WORD_COMMENT {
        for p in corefile_syntax::placeholders(text) {
            if let Some(k) = kind {
                push(spans, start, at, p.range.start, k);
            }
            push(spans, start, p.range.start, p.range.end, Kind::Placeholder);
            at = p.range.end;
        }
    }
    if let Some(k) = kind {
        push(spans, start, at, text.len(), k);
    }
}

fn push(spans: &mut Vec<(TextRange, Kind)>, base: TextSize, from: usize, to: usize, kind: Kind) {
    if to > from {
        let range = TextRange::new(
            base + TextSize::from(from as u32),
            base + TextSize::from(to as u32),
        );
        spans.push((range, kind));
    }
}

fn encode(snap: &Snapshot, spans: &[(TextRange, Kind)]) -> SemanticTokens {
    let text = &snap.text;
    let mut data = Vec::with_capacity(spans.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for &(range, kind) in spans {
        // Split spans that cross line feeds (quoted strings, placeholders inside them).
        let slice = &text.text[range];
        let mut piece_start = range.start();
        for piece in slice.split('\n') {
            let len = piece.strip_suffix('\r').unwrap_or(piece);
            let units = len.encode_utf16().count() as u32;
            if units > 0 {
                let pos = text.position(piece_start);
                let delta_line = pos.line - prev_line;
                let delta_start = if delta_line == 0 {
                    pos.character - prev_col
                } else {
                    pos.character
                };
                data.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: units,
                    token_type: kind as u32,
                    token_modifiers_bitset: 0,
                });
                prev_line = pos.line;
                prev_col = pos.character;
            }
            piece_start += TextSize::of(piece) + TextSize::from(1);
        }
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::is_number;

    #[test]
    fn numbers() {
        for yes in ["30", "-1", "0.5", "30s", "1h30m", "500ms"] {
            assert!(is_number(yes), "{yes}");
        }
        for no in [
            "1.1.1.1",
            "1.1.1.1x",
            "s30",
            ".",
            "1x",
            "example.org",
            "10.0.0.0/8",
        ] {
            assert!(!is_number(no), "{no}");
        }
    }
}
