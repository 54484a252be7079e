//! Writes lines out: indentation from brace nesting, one space between items, blank lines by
//! the style's rules, one line ending style.

use crate::lines::{Document, Item, ItemKind, Line, Nesting};
use crate::{IndentStyle, LineEnding, Options};

/// Deeper nesting is indented like this level, so the output stays linear in the input's size.
const MAX_INDENT_LEVEL: usize = 64;

/// `safe_end`: `None` for full formatting; `Some(offset)` for conservative formatting, where
/// only lines ending before `offset` are re-indented and re-spaced and no blank line is moved.
pub(crate) fn render(
    text: &str,
    doc: &Document,
    opts: &Options,
    safe_end: Option<usize>,
) -> String {
    let eol = match opts.line_ending {
        LineEnding::Lf => "\n",
        LineEnding::CrLf => "\r\n",
        LineEnding::Auto if doc.crlf => "\r\n",
        LineEnding::Auto => "\n",
    };
    let indent_unit = match opts.indent {
        IndentStyle::Spaces(n) => " ".repeat(n as usize),
        IndentStyle::Tabs => "\t".to_string(),
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 16);
    if doc.bom {
        out.push('\u{FEFF}');
    }
    let mut depth = 0usize;
    let mut prev: Option<&Line> = None;
    for line in &doc.lines {
        if let Some(p) = prev {
            out.push_str(eol);
            let blanks = match safe_end {
                None => blank_lines(p, line),
                Some(_) => line.blank_before.min(1),
            };
            for _ in 0..blanks {
                out.push_str(eol);
            }
        }
        let first = &line.items[0];
        let level = if first.nesting == Nesting::Close {
            depth.saturating_sub(1)
        } else {
            depth
        };
        if safe_end.is_none_or(|end| line.end() <= end) {
            for _ in 0..level.min(MAX_INDENT_LEVEL) {
                out.push_str(&indent_unit);
            }
            write_items(text, &line.items, &mut out);
        } else {
            out.push_str(&text[line.start..line.end()]);
        }
        for item in &line.items {
            match item.nesting {
                Nesting::Open => depth += 1,
                Nesting::Close => depth = depth.saturating_sub(1),
                Nesting::None | Nesting::End => {}
            }
        }
        prev = Some(line);
    }
    if prev.is_some() && !doc.open_end {
        out.push_str(eol);
    }
    if !doc.bom && out.starts_with('\u{FEFF}') {
        // Only a first character U+FEFF is a byte-order mark to CoreDNS; here it starts a token.
        out.insert(0, ' ');
    }
    out
}

fn write_items(text: &str, items: &[Item], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 && (item.space_before || item.kind == ItemKind::Comment) {
            out.push(' ');
        }
        out.push_str(&text[item.start..item.end]);
    }
}

/// Blank lines to write between `prev` and `line` in full formatting.
fn blank_lines(prev: &Line, line: &Line) -> u32 {
    let ends_block = prev.items[0].block_brace
        && matches!(prev.items[0].nesting, Nesting::Close | Nesting::End)
        && !prev.items[1..].iter().any(Item::is_token);
    if ends_block {
        return 1;
    }
    let opens = prev
        .items
        .iter()
        .rev()
        .find(|i| i.is_token())
        .is_some_and(|i| i.nesting == Nesting::Open);
    let closes = matches!(line.items[0].nesting, Nesting::Close | Nesting::End);
    if opens || closes {
        0
    } else {
        line.blank_before.min(1)
    }
}
