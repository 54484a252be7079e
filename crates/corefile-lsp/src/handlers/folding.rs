//! Folding ranges: every braced block that spans lines (the closing brace stays visible) and every
//! run of two or more whole-line comments.

use corefile_syntax::ast::Block;
use corefile_syntax::{SyntaxKind, SyntaxToken};
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

use crate::document::Snapshot;

pub fn folding_ranges(snap: &Snapshot) -> Vec<FoldingRange> {
    let root = snap.parse.syntax();
    let line = |t: &SyntaxToken| snap.text.position(t.text_range().start()).line;
    let mut out = Vec::new();
    for block in root.descendants().filter_map(Block::cast) {
        let (Some(open), Some(close)) = (block.l_brace(), block.r_brace()) else {
            continue;
        };
        let (start, end) = (line(&open), line(&close));
        if end > start + 1 {
            out.push(range(start, end - 1, None));
        }
    }
    let mut run: Option<(u32, u32)> = None;
    for comment in root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() == SyntaxKind::COMMENT && starts_line(t))
    {
        let l = line(&comment);
        run = match run {
            Some((first, last)) if l == last + 1 => Some((first, l)),
            Some((first, last)) => {
                if last > first {
                    out.push(range(first, last, Some(FoldingRangeKind::Comment)));
                }
                Some((l, l))
            }
            None => Some((l, l)),
        };
    }
    if let Some((first, last)) = run.filter(|(f, l)| l > f) {
        out.push(range(first, last, Some(FoldingRangeKind::Comment)));
    }
    out.sort_by_key(|r| (r.start_line, r.end_line));
    out
}

/// Only whitespace precedes the comment on its line.
fn starts_line(t: &SyntaxToken) -> bool {
    let mut prev = t.prev_token();
    while let Some(p) = prev {
        match p.kind() {
            SyntaxKind::NEWLINE => return true,
            SyntaxKind::WHITESPACE | SyntaxKind::BOM => prev = p.prev_token(),
            _ => return false,
        }
    }
    true
}

fn range(start: u32, end: u32, kind: Option<FoldingRangeKind>) -> FoldingRange {
    FoldingRange {
        start_line: start,
        start_character: None,
        end_line: end,
        end_character: None,
        kind: Some(kind.unwrap_or(FoldingRangeKind::Region)),
        collapsed_text: None,
    }
}
