//! The only line-structure changes the formatter makes, all at server-block and snippet braces:
//! CoreDNS's parser never compares the line of such a brace with its neighbours' (a block's `{`
//! counts on the header line or on the next one, its body starts after it wherever it is, a
//! snippet body is captured by counting braces, and the keys after a block's `}` start a new
//! block either way), so moving these braces does not change what it reads. Two exceptions:
//! * `import` (or a placeholder that could expand to it) is an import only at the start of a
//!   line: a token after `}` stays after it, and a `{` is not moved up to a line that starts so;
//! * a line where one snippet ends and more follows: snippet tokens keep their lines when they
//!   are spliced in, and plugins compare the lines of consecutive tokens of one directive, which
//!   may come from two snippets. `(a) { log } (b) { log }` imported as `import a`, `import b`
//!   gives `log log` on one line, an argument; split, two `log` directives. Such lines stay whole.

use crate::lines::{Document, Item, ItemKind, Line, Nesting};

/// Moves a lone block `{` up to its header, and gives block braces and what follows them their
/// own lines.
pub(crate) fn restructure(doc: Document) -> Document {
    let mut lines: Vec<Line> = Vec::with_capacity(doc.lines.len());
    for line in doc.lines {
        for segment in split(line) {
            if !join_brace(&mut lines, &segment) {
                lines.push(segment);
            }
        }
    }
    Document { lines, ..doc }
}

/// Cuts a line after a block `{` and around a block `}`.
fn split(line: Line) -> Vec<Line> {
    let cut_before =
        |i: usize, item: &Item| i > 0 && item.block_brace && item.nesting == Nesting::Close;
    let cut_after = |item: &Item, next: &Item| {
        item.block_brace
            && next.is_token()
            && match item.nesting {
                Nesting::Open => true,
                Nesting::Close | Nesting::End => !next.maybe_import,
                Nesting::None => false,
            }
    };
    let items = &line.items;
    let snippet_ends_midline = items.windows(2).any(|pair| {
        pair[0].snippet_brace && pair[0].nesting == Nesting::Close && pair[1].is_token()
    });
    if snippet_ends_midline {
        return vec![line];
    }
    let needs_cut = items.iter().enumerate().any(|(i, item)| {
        cut_before(i, item) || items.get(i + 1).is_some_and(|next| cut_after(item, next))
    });
    if !needs_cut {
        return vec![line];
    }
    let mut out = Vec::new();
    let mut current = Line {
        items: Vec::new(),
        blank_before: line.blank_before,
        start: line.start,
    };
    for (i, item) in items.iter().enumerate() {
        let cut = cut_before(i, item) || (i > 0 && cut_after(&items[i - 1], item));
        if cut && !current.items.is_empty() {
            let start = item.start;
            out.push(std::mem::replace(
                &mut current,
                Line {
                    items: Vec::new(),
                    blank_before: 0,
                    start,
                },
            ));
        }
        current.items.push(*item);
    }
    out.push(current);
    out
}

/// Appends `segment` to the previous line when it is a lone block `{` (with perhaps a comment)
/// right below its header line, which has no comment. Returns whether it did.
fn join_brace(lines: &mut [Line], segment: &Line) -> bool {
    let (brace, comment) = match segment.items.as_slice() {
        [b] => (b, None),
        [b, c] if c.kind == ItemKind::Comment => (b, Some(c)),
        _ => return false,
    };
    if !(brace.follows_key && brace.nesting == Nesting::Open) {
        return false;
    }
    // The header's last key must be on the previous line: no comment-only line between them.
    // A line starting with `{$VAR}` could be an import, which would take the brace as argument.
    let Some(header) = lines.last_mut() else {
        return false;
    };
    if !header.items.iter().any(Item::is_token) || header.items[0].maybe_import {
        return false;
    }
    // A comment after the header would end up after the brace: its order with the tokens is
    // part of what must not change.
    if header
        .items
        .last()
        .is_some_and(|i| i.kind == ItemKind::Comment)
    {
        return false;
    }
    header.items.push(Item {
        space_before: true,
        ..*brace
    });
    header.items.extend(comment.copied());
    true
}
