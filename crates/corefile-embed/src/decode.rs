//! Decodes a scalar from its YAML source bytes the way a YAML loader does, recording where each
//! decoded byte came from. saphyr gives the value but only character spans of the scalar; the
//! value decoded here is compared with saphyr's, so the two never silently disagree.

use std::ops::Range;

use crate::position::OffsetMap;

/// A decoded scalar and the origin of each of its bytes.
#[derive(Default)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) map: OffsetMap,
}

impl Decoded {
    /// Copies the character at `at` verbatim; returns the offset after it.
    fn copy(&mut self, yaml: &str, at: usize) -> usize {
        let ch = yaml[at..].chars().next().expect("offset inside the text");
        for i in 0..ch.len_utf8() {
            self.map.record(self.text.len() + i, at + i);
        }
        self.text.push(ch);
        at + ch.len_utf8()
    }

    fn copy_range(&mut self, yaml: &str, range: Range<usize>) {
        let mut at = range.start;
        while at < range.end {
            at = self.copy(yaml, at);
        }
    }

    /// Appends a character that YAML syntax produced (an escape, a folded line break); all its
    /// bytes map to `at`.
    fn produce(&mut self, ch: char, at: usize) {
        for i in 0..ch.len_utf8() {
            self.map.record(self.text.len() + i, at);
        }
        self.text.push(ch);
    }

    fn finish(mut self, end: usize) -> Self {
        self.map.record(self.text.len(), end);
        self
    }
}

/// Block scalar chomping indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// One source line of a block scalar's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SourceLine {
    /// The line's bytes, indentation included, line break excluded.
    pub(crate) source: Range<usize>,
    /// The line break bytes (empty on a last line without one).
    pub(crate) line_break: Range<usize>,
    /// The line's text in the decoded value (empty for an empty line).
    pub(crate) decoded: Range<usize>,
}

/// Where the parts of a block scalar are in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BlockLayout {
    /// `|` or `>` with its chomping and indentation indicators.
    pub(crate) indicators: Range<usize>,
    pub(crate) folded: bool,
    pub(crate) chomp: Chomp,
    /// The explicit indentation indicator digit, if any.
    pub(crate) explicit_indent: Option<usize>,
    /// Blanks and comment after the indicators, up to the header's line break.
    pub(crate) header_rest: Range<usize>,
    pub(crate) header_break: Range<usize>,
    /// Column of the content; `None` when the scalar has no content line to tell.
    pub(crate) content_indent: Option<usize>,
    /// Lines that make up the value (for `|+` the trailing empty lines too).
    pub(crate) lines: Vec<SourceLine>,
    /// Empty lines after the value that belong to the scalar's syntax but not to its value.
    pub(crate) trailer: Range<usize>,
}

struct RawLine {
    start: usize,
    text_end: usize,
    break_end: usize,
    spaces: usize,
    /// Whether anything but spaces follows the indentation.
    has_text: bool,
}

fn raw_line(yaml: &str, start: usize) -> RawLine {
    let bytes = yaml.as_bytes();
    let break_start = yaml[start..].find('\n').map_or(yaml.len(), |i| start + i);
    let break_end = (break_start + 1).min(yaml.len());
    let text_end = if break_start > start && bytes[break_start - 1] == b'\r' {
        break_start - 1
    } else {
        break_start
    };
    let spaces = bytes[start..text_end]
        .iter()
        .take_while(|&&b| b == b' ')
        .count();
    RawLine {
        start,
        text_end,
        break_end,
        spaces,
        has_text: start + spaces < text_end,
    }
}

/// Decodes the block scalar whose `|` or `>` is at `indicator_at`; `parent_indent` is the
/// indentation of the mapping holding it. `None` if the header is not a block scalar header.
pub(crate) fn decode_block(
    yaml: &str,
    indicator_at: usize,
    parent_indent: usize,
) -> Option<(Decoded, BlockLayout)> {
    let bytes = yaml.as_bytes();
    let folded = match bytes.get(indicator_at)? {
        b'|' => false,
        b'>' => true,
        _ => return None,
    };
    let mut chomp = Chomp::Clip;
    let mut explicit_indent = None;
    let mut at = indicator_at + 1;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'-' => chomp = Chomp::Strip,
            b'+' => chomp = Chomp::Keep,
            b'1'..=b'9' => explicit_indent = Some(usize::from(b - b'0')),
            _ => break,
        }
        at += 1;
    }
    let header = raw_line(yaml, at);
    let header_rest = at..header.text_end;
    let header_break = header.text_end..header.break_end;
    let mut content_indent = explicit_indent.map(|digit| parent_indent + digit);

    // Gather the scalar's lines: empty ones, and content lines at or beyond the indentation.
    let mut lines: Vec<(RawLine, bool)> = Vec::new();
    let mut next = header.break_end;
    while next < yaml.len() && header.break_end > header.text_end {
        let line = raw_line(yaml, next);
        if line.has_text {
            let indent = *content_indent.get_or_insert(line.spaces);
            if line.spaces < indent || indent <= parent_indent {
                break;
            }
        }
        let is_content = content_indent
            .is_some_and(|indent| line.spaces >= indent && line.start + indent < line.text_end);
        next = line.break_end;
        let ends = line.break_end == line.text_end;
        lines.push((line, is_content));
        if ends {
            break;
        }
    }
    let content_indent = content_indent.filter(|&indent| indent > parent_indent);
    let last_content = lines.iter().rposition(|(_, is_content)| *is_content);
    let value_count = match (chomp, last_content) {
        (Chomp::Keep, _) => lines.len(),
        (_, Some(last)) => last + 1,
        (_, None) => 0,
    };
    let trailer_start = lines[..value_count]
        .last()
        .map_or(header.break_end, |(line, _)| line.break_end);

    let mut out = Decoded::default();
    let mut layout_lines = Vec::with_capacity(value_count);
    // Breaks seen since the last content line, and whether that line may fold into the next.
    let mut pending_breaks: Vec<usize> = Vec::new();
    let mut previous_folds: Option<bool> = None;
    for (line, is_content) in &lines[..value_count] {
        let decoded_start;
        if *is_content {
            let text_start = line.start + content_indent.unwrap_or(0);
            let folds = folded && !matches!(bytes[text_start], b' ' | b'\t');
            if let Some(previous) = previous_folds {
                let (&first, empties) = pending_breaks.split_first().expect("a break per line");
                if previous && folds {
                    match empties {
                        [] => out.produce(' ', first),
                        _ => empties.iter().for_each(|&at| out.produce('\n', at)),
                    }
                } else {
                    pending_breaks.iter().for_each(|&at| out.produce('\n', at));
                }
            } else {
                pending_breaks.iter().for_each(|&at| out.produce('\n', at));
            }
            pending_breaks.clear();
            decoded_start = out.text.len();
            out.copy_range(yaml, text_start..line.text_end);
            previous_folds = Some(folds);
        } else {
            decoded_start = out.text.len();
        }
        layout_lines.push(SourceLine {
            source: line.start..line.text_end,
            line_break: line.text_end..line.break_end,
            decoded: decoded_start..out.text.len(),
        });
        if line.break_end > line.text_end {
            pending_breaks.push(line.text_end);
        }
    }
    // The breaks after the last content line: chomping decides.
    let keep = match chomp {
        Chomp::Strip => 0,
        Chomp::Clip => usize::from(last_content.is_some()).min(pending_breaks.len()),
        Chomp::Keep => pending_breaks.len(),
    };
    pending_breaks[..keep]
        .iter()
        .for_each(|&at| out.produce('\n', at));
    // The end of the value maps just past its last source byte.
    let value_end = match keep.checked_sub(1) {
        Some(last) => {
            let at = pending_breaks[last];
            at + if bytes[at] == b'\r' { 2 } else { 1 }
        }
        None if out.text.is_empty() => trailer_start,
        None => out.map.yaml_offset(out.text.len()),
    };
    let end = lines
        .last()
        .map_or(header.break_end, |(line, _)| line.break_end);
    let decoded = out.finish(value_end);
    Some((
        decoded,
        BlockLayout {
            indicators: indicator_at..at,
            folded,
            chomp,
            explicit_indent,
            header_rest,
            header_break,
            content_indent,
            lines: layout_lines,
            trailer: trailer_start..end,
        },
    ))
}

/// The flow scalar styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FlowStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
}

/// The offset just past the closing quote of the quoted scalar opening at `start` (saphyr's span
/// end is not reliable there: with CRLF line ends it can run on over a trailing comment).
pub(crate) fn quoted_end(yaml: &str, start: usize, style: FlowStyle) -> Option<usize> {
    let bytes = yaml.as_bytes();
    let mut at = start + 1;
    while let Some(&b) = bytes.get(at) {
        match (style, b) {
            (FlowStyle::DoubleQuoted, b'\\') => at += 2,
            (FlowStyle::DoubleQuoted, b'"') => return Some(at + 1),
            (FlowStyle::SingleQuoted, b'\'') if bytes.get(at + 1) == Some(&b'\'') => at += 2,
            (FlowStyle::SingleQuoted, b'\'') => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// Decodes a plain, single- or double-quoted scalar spanning `span` (quotes included).
pub(crate) fn decode_flow(yaml: &str, span: Range<usize>, style: FlowStyle) -> Option<Decoded> {
    let bytes = yaml.as_bytes();
    let (body_start, body_end) = match style {
        FlowStyle::Plain => (span.start, span.end),
        FlowStyle::SingleQuoted | FlowStyle::DoubleQuoted => (span.start + 1, span.end - 1),
    };
    let mut out = Decoded::default();
    // Blanks are held back until it is known whether a line break follows (then they vanish).
    let mut blanks = body_start..body_start;
    let mut at = body_start;
    while at < body_end {
        let b = bytes[at];
        if matches!(b, b' ' | b'\t') {
            if blanks.is_empty() {
                blanks = at..at;
            }
            at += 1;
            blanks.end = at;
            continue;
        }
        if matches!(b, b'\n' | b'\r') {
            blanks = at..at;
            at = fold(yaml, at, &mut out, false);
            continue;
        }
        out.copy_range(yaml, blanks.clone());
        blanks = at..at;
        at = match (style, b) {
            (FlowStyle::DoubleQuoted, b'\\') => unescape(yaml, at, &mut out)?,
            (FlowStyle::SingleQuoted, b'\'') => {
                out.produce('\'', at);
                at + 2
            }
            _ => out.copy(yaml, at),
        };
    }
    out.copy_range(yaml, blanks);
    Some(out.finish(body_end))
}

/// Folds the line break at `at` and the empty lines after it: one break becomes a space, each
/// further empty line a `\n`; an escaped break (`\` at the line end) leaves no space.
fn fold(yaml: &str, at: usize, out: &mut Decoded, escaped: bool) -> usize {
    let bytes = yaml.as_bytes();
    let skip_break = |at: usize| {
        at + if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            2
        } else {
            1
        }
    };
    let mut next = skip_break(at);
    let mut empty_lines = 0;
    loop {
        while matches!(bytes.get(next), Some(b' ' | b'\t')) {
            next += 1;
        }
        match bytes.get(next) {
            Some(b'\n' | b'\r') => {
                out.produce('\n', next);
                empty_lines += 1;
                next = skip_break(next);
            }
            _ => break,
        }
    }
    if empty_lines == 0 && !escaped {
        out.produce(' ', at);
    }
    next
}

/// Decodes the escape sequence starting with the `\` at `at`; returns the offset after it.
fn unescape(yaml: &str, at: usize, out: &mut Decoded) -> Option<usize> {
    let bytes = yaml.as_bytes();
    let code = *bytes.get(at + 1)?;
    let simple = match code {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'\n' | b'\r' => return Some(fold(yaml, at + 1, out, true)),
        b'x' | b'u' | b'U' => {
            let digits = match code {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let hex = yaml.get(at + 2..at + 2 + digits)?;
            let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            out.produce(ch, at);
            return Some(at + 2 + digits);
        }
        _ => return None,
    };
    out.produce(simple, at);
    Some(at + 2)
}
