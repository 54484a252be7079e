//! Writes a new Corefile text into the YAML in place of an embedded value, changing no byte
//! outside that value (and, when a one-line quoted value becomes a block scalar, the blanks and
//! comment after it on its line).

use std::ops::Range;

use crate::decode::Chomp;
use crate::{Embedded, Layout};

/// The YAML text with `embedded`'s value replaced by `new_text`.
///
/// Block scalars keep their header comment, indentation and, where the decoded value allows, the
/// bytes of unchanged lines; the chomping indicator is chosen to match `new_text`'s trailing line
/// breaks. A quoted or plain value becomes a `|` block scalar indented two columns past its key.
/// Text a block scalar cannot hold (control characters, carriage returns), an empty text in place
/// of a quoted value, or a value inside a flow collection is written as a one-line double-quoted
/// string. `embedded` must come from
/// [`crate::find_corefiles`] on this same `yaml`.
pub fn splice(yaml: &str, embedded: &Embedded, new_text: &str) -> String {
    splice_all(yaml, &[(embedded, new_text)])
}

/// [`splice`] for several values of the same YAML text at once.
///
/// # Panics
/// If two of the values overlap (the same value given twice).
pub fn splice_all(yaml: &str, edits: &[(&Embedded, &str)]) -> String {
    let mut replacements: Vec<(Range<usize>, String)> = edits
        .iter()
        .map(|(embedded, new_text)| replacement(yaml, embedded, new_text))
        .collect();
    replacements.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(yaml.len());
    let mut copied = 0;
    for (range, text) in replacements {
        assert!(range.start >= copied, "overlapping splice edits");
        out.push_str(&yaml[copied..range.start]);
        out.push_str(&text);
        copied = range.end;
    }
    out.push_str(&yaml[copied..]);
    out
}

fn replacement(yaml: &str, embedded: &Embedded, new_text: &str) -> (Range<usize>, String) {
    let (range, mut text) = replacement_text(yaml, embedded, new_text);
    // An empty value's place is right after its key's `:` (or its properties), and a value
    // written there needs a blank before it.
    if embedded.scalar_range.is_empty() {
        text.insert(0, ' ');
    }
    (range, text)
}

fn replacement_text(yaml: &str, embedded: &Embedded, new_text: &str) -> (Range<usize>, String) {
    let range = embedded.scalar_range.clone();
    let eol = line_break_after(yaml, range.start);
    let parent = embedded.parent_indent;
    match &embedded.layout {
        Layout::Block(layout) => {
            let quoted_instead = || {
                let rest = &yaml[layout.header_rest.clone()];
                let text = format!("{}{rest}{eol}", double_quoted(new_text));
                (range.clone(), text)
            };
            if !block_representable(new_text) {
                return quoted_instead();
            }
            let plan = BlockPlan::new(new_text, parent, layout.content_indent);
            // Original lines can be kept where they mean the same under the new indentation; a
            // scalar without content has only empty lines, which must stay shallow enough.
            let lines = plan.lines(new_text);
            let same_indent = match layout.content_indent {
                Some(indent) => indent == plan.indent,
                None => {
                    lines.iter().all(|line| line.is_empty())
                        || layout.lines.iter().all(|l| l.source.len() <= plan.indent)
                }
            };
            let reusable: &[_] = if !layout.folded && same_indent {
                &layout.lines
            } else {
                &[]
            };
            // For each new line, the original line with the same text at the same place, if any.
            let originals: Vec<_> = lines
                .iter()
                .enumerate()
                .map(|(index, line)| {
                    reusable
                        .get(index)
                        .filter(|original| embedded.text[original.decoded.clone()] == **line)
                })
                .collect();
            // Without lines, or with a last line ending the input without a break, every
            // chomping indicator reads the same.
            let ends_input = originals
                .last()
                .is_none_or(|o| o.is_some_and(|o| o.line_break.is_empty()));
            // `|+` reads like `|` when no empty line follows the last one, and none does: the
            // original `|+` took them all into its value.
            let chomp_matches = layout.chomp == plan.chomp
                || (plan.chomp == Chomp::Strip && ends_input)
                || (layout.chomp == Chomp::Keep && plan.chomp == Chomp::Clip);
            let digit_matches = layout.explicit_indent == plan.indent_digit
                || (plan.indent_digit.is_none()
                    && layout.explicit_indent == Some(plan.indent - parent));
            let mut out = String::new();
            if !layout.folded && chomp_matches && digit_matches {
                out.push_str(&yaml[layout.indicators.clone()]);
            } else {
                out.push_str(&plan.header());
            }
            out.push_str(&yaml[layout.header_rest.clone()]);
            match &yaml[layout.header_break.clone()] {
                "" => out.push_str(eol),
                line_break => out.push_str(line_break),
            }
            for (index, (line, original)) in lines.iter().zip(&originals).enumerate() {
                match original {
                    Some(original) => {
                        out.push_str(&yaml[original.source.clone()]);
                        out.push_str(&yaml[original.line_break.clone()]);
                        let is_last = index + 1 == lines.len();
                        if original.line_break.is_empty()
                            && !(is_last && plan.chomp == Chomp::Strip)
                        {
                            out.push_str(eol);
                        }
                    }
                    None => plan.push_line(&mut out, line, eol),
                }
            }
            let trailer = &yaml[layout.trailer.clone()];
            if plan.chomp != Chomp::Keep
                && (lines.is_empty() || blank_lines_fit(trailer, plan.indent))
            {
                out.push_str(trailer);
            }
            if absorbs_following(yaml, range.end, plan.indent, plan.chomp) {
                return quoted_instead();
            }
            (range, out)
        }
        Layout::Flow { in_flow_collection } => {
            let in_place = || (range.clone(), double_quoted(new_text));
            if *in_flow_collection || new_text.is_empty() || !block_representable(new_text) {
                return in_place();
            }
            // The value's line must end after it (a comment may follow, and moves to the header).
            let line_end = yaml[range.end..]
                .find('\n')
                .map_or(yaml.len(), |i| range.end + i);
            let rest = yaml[range.end..line_end].trim_end_matches('\r');
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return in_place();
            }
            let plan = BlockPlan::new(new_text, parent, None);
            let mut out = plan.header();
            out.push_str(rest.trim_end());
            out.push_str(eol);
            for line in plan.lines(new_text) {
                plan.push_line(&mut out, line, eol);
            }
            let replaced_end = (line_end + 1).min(yaml.len());
            if absorbs_following(yaml, replaced_end, plan.indent, plan.chomp) {
                return in_place();
            }
            (range.start..replaced_end, out)
        }
    }
}

/// How a new text is laid out as a literal block scalar.
struct BlockPlan {
    chomp: Chomp,
    /// Column of the content.
    indent: usize,
    /// Indentation indicator, needed when the first non-empty line starts with a blank.
    indent_digit: Option<usize>,
}

impl BlockPlan {
    fn new(text: &str, parent: usize, current_indent: Option<usize>) -> Self {
        let chomp = match text.strip_suffix('\n') {
            None => Chomp::Strip,
            Some(body) if body.is_empty() || body.ends_with('\n') => Chomp::Keep,
            Some(_) => Chomp::Clip,
        };
        let needs_digit = text
            .split('\n')
            .find(|line| !line.is_empty())
            .is_some_and(|line| line.starts_with([' ', '\t']));
        let default = parent + 2;
        let mut indent = current_indent.filter(|&i| i > parent).unwrap_or(default);
        if needs_digit && !(1..=9).contains(&(indent - parent)) {
            indent = default;
        }
        BlockPlan {
            chomp,
            indent,
            indent_digit: needs_digit.then_some(indent - parent),
        }
    }

    fn header(&self) -> String {
        let mut header = String::from("|");
        if let Some(digit) = self.indent_digit {
            header.push_str(&digit.to_string());
        }
        header.push_str(match self.chomp {
            Chomp::Strip => "-",
            Chomp::Clip => "",
            Chomp::Keep => "+",
        });
        header
    }

    /// The text's lines; the final line break is the header's business.
    fn lines<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let body = match self.chomp {
            Chomp::Strip if text.is_empty() => return Vec::new(),
            Chomp::Strip => text,
            Chomp::Clip | Chomp::Keep => &text[..text.len() - 1],
        };
        body.split('\n').collect()
    }

    fn push_line(&self, out: &mut String, line: &str, eol: &str) {
        if !line.is_empty() {
            out.extend(std::iter::repeat_n(' ', self.indent));
            out.push_str(line);
        }
        out.push_str(eol);
    }
}

/// The line break style of the line containing `at`.
fn line_break_after(yaml: &str, at: usize) -> &'static str {
    match yaml[at..].find('\n') {
        Some(i) if i > 0 && yaml.as_bytes()[at + i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Whether every character can appear literally in a block scalar and reads back the same in
/// YAML 1.1 loaders (Kubernetes's), which also break lines at U+0085, U+2028 and U+2029.
fn block_representable(text: &str) -> bool {
    text.chars().all(|c| c == '\n' || c == '\t' || printable(c))
}

fn printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `text` as a one-line double-quoted YAML string.
fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if printable(c) => out.push(c),
            c if u32::from(c) <= 0xff => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

fn leading_spaces(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

fn is_blank(line: &str) -> bool {
    line.trim_end_matches('\r').bytes().all(|b| b == b' ')
}

/// Whether blank lines stay empty (not content) under a block scalar indented `indent`.
fn blank_lines_fit(lines: &str, indent: usize) -> bool {
    lines.lines().all(|line| leading_spaces(line) <= indent)
}

/// Whether the lines from `from` on would become part of a block scalar written before them.
fn absorbs_following(yaml: &str, from: usize, indent: usize, chomp: Chomp) -> bool {
    for line in yaml[from..].lines() {
        if is_blank(line) {
            if chomp == Chomp::Keep || leading_spaces(line) > indent {
                return true;
            }
            continue;
        }
        return leading_spaces(line) >= indent;
    }
    false
}
