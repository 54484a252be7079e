//! Go `regexp.Compile` syntax check (package regexp/syntax, Perl flags, Go 1.25+ as CoreDNS is
//! built with). A hand-written parser rather than the `regex` crate: Rust's syntax differs from
//! RE2 in exactly the corners users hit (Rust accepts `\pl`-style loose names differently, `(?x)`,
//! `(?u)`, `\<`, `\e`-free escapes, no repeat-size or nesting limits), so we mirror Go's parser
//! step by step: the same error codes, the same order of checks, the same limits (repeat counts
//! ≤ 1000, nested repeats ≤ 1000 copies, program size, nesting depth). The parse is iterative;
//! group nesting lives in an explicit stack.
//!
//! Messages are Go's: ``error parsing regexp: missing closing ): `(a` ``.

/// What CoreDNS's callers need from a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoRegexp {
    /// `Regexp.NumSubexp()`: capturing groups, named or not.
    pub groups: usize,
}

/// Compiles `pattern` as Go's `regexp.Compile` would; the error is Go's error text.
pub fn compile(pattern: &str) -> Result<GoRegexp, String> {
    Parser::new(pattern).parse().map_err(|e| e.to_string())
}

/// A regexp/syntax error: code and the offending fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SyntaxError {
    code: &'static str,
    expr: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error parsing regexp: {}: `{}`", self.code, self.expr)
    }
}

const INVALID_CHAR_RANGE: &str = "invalid character class range";
const INVALID_ESCAPE: &str = "invalid escape sequence";
const INVALID_NAMED_CAPTURE: &str = "invalid named capture";
const INVALID_PERL_OP: &str = "invalid or unsupported Perl syntax";
const INVALID_REPEAT_OP: &str = "invalid nested repetition operator";
const INVALID_REPEAT_SIZE: &str = "invalid repeat count";
const MISSING_BRACKET: &str = "missing closing ]";
const MISSING_PAREN: &str = "missing closing )";
const MISSING_REPEAT_ARGUMENT: &str = "missing argument to repetition operator";
const TRAILING_BACKSLASH: &str = "trailing backslash at end of expression";
const UNEXPECTED_PAREN: &str = "unexpected )";
const NESTING_DEPTH: &str = "expression nests too deeply";
const TOO_LARGE: &str = "expression too large";

/// Go's `maxHeight` and `maxSize` (128 MiB of 40-byte instructions).
const MAX_HEIGHT: u32 = 1000;
const MAX_SIZE: u64 = (128 << 20) / 40;
const MAX_REPEAT: i64 = 1000;

/// The parts of a parsed node that the limits need: its tree height and program size.
#[derive(Debug, Clone, Copy)]
struct Node {
    height: u32,
    size: u64,
    /// For repeats: the copies this node makes of its operand (Go's `repeatIsValid` budget).
    copies: i64,
    /// Smallest remaining copy budget below this node (1000 / product of nested repeat counts).
    inner_product: i64,
}

impl Node {
    fn leaf(size: u64) -> Node {
        Node {
            height: 1,
            size: size.max(1),
            copies: 1,
            inner_product: 1,
        }
    }

    fn parent(children: &[Node], size: u64) -> Node {
        let height = 1 + children.iter().map(|c| c.height).max().unwrap_or(0);
        let inner_product = children.iter().map(|c| c.inner_product).max().unwrap_or(1);
        Node {
            height,
            size: size.max(1),
            copies: 1,
            inner_product,
        }
    }
}

/// One open group: its branches so far and the items of the branch being read.
struct Group {
    capture: bool,
    /// Finished alternatives.
    branches: Vec<Node>,
    items: Vec<Node>,
}

impl Group {
    fn new(capture: bool) -> Group {
        Group {
            capture,
            branches: Vec::new(),
            items: Vec::new(),
        }
    }

    fn end_branch(&mut self) {
        let items = std::mem::take(&mut self.items);
        let node = match items.len() {
            0 => Node::leaf(1),
            1 => items[0],
            _ => Node::parent(&items, items.iter().map(|n| n.size).sum()),
        };
        self.branches.push(node);
    }

    /// Closes the group: the alternation of its branches (wrapped in a capture if it is one).
    fn finish(mut self) -> Node {
        self.end_branch();
        let alternation = if self.branches.len() == 1 {
            self.branches[0]
        } else {
            let size =
                self.branches.iter().map(|n| n.size).sum::<u64>() + self.branches.len() as u64 - 1;
            Node::parent(&self.branches, size)
        };
        if self.capture {
            Node::parent(&[alternation], 2 + alternation.size)
        } else {
            alternation
        }
    }
}

struct Parser<'a> {
    whole: &'a str,
    rest: &'a str,
    groups: Vec<Group>,
    captures: usize,
}

type Step<T> = Result<T, SyntaxError>;

fn err<T>(code: &'static str, expr: &str) -> Step<T> {
    Err(SyntaxError {
        code,
        expr: expr.to_string(),
    })
}

/// The text of `before` that `after` no longer contains.
fn consumed<'a>(before: &'a str, after: &str) -> &'a str {
    &before[..before.len() - after.len()]
}

fn split_first_char(s: &str) -> Option<(char, &str)> {
    let c = s.chars().next()?;
    Some((c, &s[c.len_utf8()..]))
}

impl<'a> Parser<'a> {
    fn new(pattern: &'a str) -> Parser<'a> {
        Parser {
            whole: pattern,
            rest: pattern,
            groups: vec![Group::new(false)],
            captures: 0,
        }
    }

    fn top(&mut self) -> &mut Group {
        self.groups
            .last_mut()
            .expect("the outermost group is never popped")
    }

    fn push(&mut self, node: Node) -> Step<()> {
        if node.height > MAX_HEIGHT {
            return err(NESTING_DEPTH, self.whole);
        }
        if node.size > MAX_SIZE {
            return err(TOO_LARGE, self.whole);
        }
        self.top().items.push(node);
        Ok(())
    }

    fn parse(mut self) -> Step<GoRegexp> {
        // The text of the repetition operator read in the previous step, if any (Go's lastRepeat).
        let mut last_repeat: Option<&'a str> = None;
        while !self.rest.is_empty() {
            let t = self.rest;
            let mut repeat = None;
            match t.as_bytes()[0] {
                b'(' => {
                    if t.starts_with("(?") {
                        self.rest = self.perl_flags(t)?;
                    } else {
                        self.captures += 1;
                        self.groups.push(Group::new(true));
                        self.rest = &t[1..];
                    }
                }
                b'|' => {
                    self.top().end_branch();
                    self.rest = &t[1..];
                }
                b')' => {
                    if self.groups.len() < 2 {
                        return err(UNEXPECTED_PAREN, self.whole);
                    }
                    let group = self.groups.pop().expect("checked above");
                    self.push(group.finish())?;
                    self.rest = &t[1..];
                }
                b'^' | b'$' | b'.' => {
                    self.push(Node::leaf(1))?;
                    self.rest = &t[1..];
                }
                b'[' => {
                    self.rest = self.class(t)?;
                    self.push(Node::leaf(1))?;
                }
                b'*' | b'+' | b'?' => {
                    let (min, max) = match t.as_bytes()[0] {
                        b'*' => (0, -1),
                        b'+' => (1, -1),
                        _ => (0, 1),
                    };
                    let after =
                        self.repeat(t, &t[1..], last_repeat, RepeatKind::Simple(min, max))?;
                    repeat = Some(t);
                    self.rest = after;
                }
                b'{' => match parse_repeat_braces(t) {
                    None => {
                        self.push(Node::leaf(1))?;
                        self.rest = &t[1..];
                    }
                    Some((min, max, after)) => {
                        if !(0..=MAX_REPEAT).contains(&min)
                            || max > MAX_REPEAT
                            || (max >= 0 && min > max)
                        {
                            return err(INVALID_REPEAT_SIZE, consumed(t, after));
                        }
                        let after =
                            self.repeat(t, after, last_repeat, RepeatKind::Counted(min, max))?;
                        repeat = Some(t);
                        self.rest = after;
                    }
                },
                b'\\' => self.rest = self.escape_outside_class(t)?,
                _ => {
                    let (_, after) = split_first_char(t).expect("non-empty");
                    self.push(Node::leaf(1))?;
                    self.rest = after;
                }
            }
            last_repeat = repeat;
        }
        if self.groups.len() != 1 {
            return err(MISSING_PAREN, self.whole);
        }
        let outer = self.groups.pop().expect("one group left");
        let node = outer.finish();
        if node.height > MAX_HEIGHT {
            return err(NESTING_DEPTH, self.whole);
        }
        if node.size > MAX_SIZE {
            return err(TOO_LARGE, self.whole);
        }
        Ok(GoRegexp {
            groups: self.captures,
        })
    }

    /// Go's `parser.repeat`: `before` starts at the operator, `after` follows it.
    fn repeat(
        &mut self,
        before: &'a str,
        after: &'a str,
        last_repeat: Option<&'a str>,
        kind: RepeatKind,
    ) -> Step<&'a str> {
        let after = after.strip_prefix('?').unwrap_or(after);
        if let Some(last) = last_repeat {
            return err(INVALID_REPEAT_OP, consumed(last, after));
        }
        let Some(operand) = self.top().items.pop() else {
            return err(MISSING_REPEAT_ARGUMENT, consumed(before, after));
        };
        let node = match kind {
            RepeatKind::Simple(0, -1) => Node::parent(&[operand], 2 + operand.size),
            RepeatKind::Simple(..) => Node::parent(&[operand], 1 + operand.size),
            RepeatKind::Counted(min, max) => {
                let size = if max == -1 {
                    if min == 0 {
                        2 + operand.size
                    } else {
                        1 + min as u64 * operand.size
                    }
                } else {
                    max as u64 * operand.size + (max - min) as u64
                };
                let mut node = Node::parent(&[operand], size);
                node.copies = if max == -1 { min } else { max };
                // Go's repeatIsValid: the product of nested counts may not exceed 1000 copies.
                if (min >= 2 || max >= 2) && node.copies > 0 {
                    let product = operand.inner_product.saturating_mul(node.copies);
                    if product > MAX_REPEAT {
                        return err(INVALID_REPEAT_SIZE, consumed(before, after));
                    }
                }
                // Below a `{0}` Go stops counting: that subtree never multiplies.
                node.inner_product = if node.copies > 0 {
                    operand.inner_product.saturating_mul(node.copies)
                } else {
                    1
                };
                node
            }
        };
        self.push(node)?;
        Ok(after)
    }

    /// Go's `parsePerlFlags`: `(?P<name>`, `(?<name>`, `(?flags)` and `(?flags:`.
    fn perl_flags(&mut self, s: &'a str) -> Step<&'a str> {
        let bytes = s.as_bytes();
        let with_p = bytes.len() > 4 && bytes[2] == b'P' && bytes[3] == b'<';
        let bare = bytes.len() > 3 && bytes[2] == b'<';
        if with_p || bare {
            let name_start = if with_p { 4 } else { 3 };
            let Some(end) = s.find('>') else {
                return err(INVALID_NAMED_CAPTURE, s);
            };
            let name = &s[name_start.min(end)..end];
            let valid =
                !name.is_empty() && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric());
            if !valid {
                return err(INVALID_NAMED_CAPTURE, &s[..=end]);
            }
            self.captures += 1;
            self.groups.push(Group::new(true));
            return Ok(&s[end + 1..]);
        }
        let mut t = &s[2..];
        let mut negated = false;
        let mut saw_flag = false;
        while let Some((c, after)) = split_first_char(t) {
            t = after;
            match c {
                'i' | 'm' | 's' | 'U' => saw_flag = true,
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                }
                ':' | ')' => {
                    if negated && !saw_flag {
                        break;
                    }
                    if c == ':' {
                        self.groups.push(Group::new(false));
                    }
                    return Ok(t);
                }
                _ => break,
            }
        }
        err(INVALID_PERL_OP, consumed(s, t))
    }

    /// A backslash outside a class: assertions, `\Q…\E`, classes, or a single-character escape.
    fn escape_outside_class(&mut self, t: &'a str) -> Step<&'a str> {
        let b = t.as_bytes();
        if b.len() >= 2 {
            match b[1] {
                b'A' | b'b' | b'B' | b'z' => {
                    self.push(Node::leaf(1))?;
                    return Ok(&t[2..]);
                }
                b'C' => return err(INVALID_ESCAPE, &t[..2]),
                b'Q' => {
                    let body = &t[2..];
                    let (literal, rest) = match body.find("\\E") {
                        Some(i) => (&body[..i], &body[i + 2..]),
                        None => (body, ""),
                    };
                    for _ in literal.chars() {
                        self.push(Node::leaf(1))?;
                    }
                    return Ok(rest);
                }
                _ => {}
            }
        }
        if let Some(rest) = unicode_class(t)? {
            self.push(Node::leaf(1))?;
            return Ok(rest);
        }
        if let Some(rest) = perl_class(t) {
            self.push(Node::leaf(1))?;
            return Ok(rest);
        }
        let (_, rest) = parse_escape(t)?;
        self.push(Node::leaf(1))?;
        Ok(rest)
    }

    /// Go's `parseClass`: `s` starts at `[`; returns the text after the closing `]`.
    fn class(&mut self, s: &'a str) -> Step<&'a str> {
        let mut t = &s[1..];
        if let Some(after) = t.strip_prefix('^') {
            t = after;
        }
        let mut first = true;
        while t.is_empty() || !t.starts_with(']') || first {
            first = false;
            if t.len() > 2 && t.starts_with("[:") {
                if let Some(after) = posix_class(t)? {
                    t = after;
                    continue;
                }
            }
            if let Some(after) = unicode_class(t)? {
                t = after;
                continue;
            }
            if let Some(after) = perl_class(t) {
                t = after;
                continue;
            }
            let range_start = t;
            let (lo, after) = class_char(t, s)?;
            t = after;
            if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
                let (hi, after) = class_char(&t[1..], s)?;
                t = after;
                if hi < lo {
                    return err(INVALID_CHAR_RANGE, consumed(range_start, t));
                }
            }
        }
        Ok(&t[1..])
    }
}

#[derive(Debug, Clone, Copy)]
enum RepeatKind {
    /// `*`, `+`, `?` as (min, max) with -1 for unbounded.
    Simple(i64, i64),
    /// `{n}`, `{n,}`, `{n,m}`.
    Counted(i64, i64),
}

/// Go's `parseRepeat`: `{n}`, `{n,}` or `{n,m}` at the start of `s`; None means `{` is a literal.
/// A number of 10^8 or more reads as -1 (then refused as a repeat size by the caller).
fn parse_repeat_braces(s: &str) -> Option<(i64, i64, &str)> {
    let s = s.strip_prefix('{')?;
    let (mut min, s) = parse_repeat_int(s)?;
    let (max, s) = if let Some(s) = s.strip_prefix(',') {
        if s.starts_with('}') {
            (-1, s)
        } else {
            let (max, s) = parse_repeat_int(s)?;
            if max < 0 {
                min = -1;
            }
            (max, s)
        }
    } else {
        (min, s)
    };
    let rest = s.strip_prefix('}')?;
    Some((min, max, rest))
}

fn parse_repeat_int(s: &str) -> Option<(i64, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits >= 2 && s.starts_with('0')) {
        return None;
    }
    let mut n: i64 = 0;
    for b in s[..digits].bytes() {
        if n >= 100_000_000 {
            n = -1;
            break;
        }
        n = n * 10 + i64::from(b - b'0');
    }
    Some((n, &s[digits..]))
}

/// `\d \D \s \S \w \W` at the start of `s`.
fn perl_class(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    (b.len() >= 2 && b[0] == b'\\' && matches!(b[1], b'd' | b'D' | b's' | b'S' | b'w' | b'W'))
        .then(|| &s[2..])
}

/// `[:name:]` or `[:^name:]` at the start of `s` (inside a class). None when there is no `:]`.
fn posix_class(s: &str) -> Step<Option<&str>> {
    let Some(i) = s[2..].find(":]") else {
        return Ok(None);
    };
    let name = &s[..i + 4];
    let bare = name[2..name.len() - 2]
        .strip_prefix('^')
        .unwrap_or(&name[2..name.len() - 2]);
    const POSIX: &[&str] = &[
        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
        "space", "upper", "word", "xdigit",
    ];
    if POSIX.contains(&bare) {
        Ok(Some(&s[i + 4..]))
    } else {
        err(INVALID_CHAR_RANGE, name)
    }
}

/// `\pX`, `\p{Name}`, `\PX`, `\P{^Name}` at the start of `s`. None when `s` is no such escape.
fn unicode_class(s: &str) -> Step<Option<&str>> {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b'\\' || (b[1] != b'p' && b[1] != b'P') {
        return Ok(None);
    }
    let t = &s[2..];
    let (seq, name, rest) = match split_first_char(t) {
        Some(('{', _)) => {
            let Some(end) = s.find('}') else {
                return err(INVALID_CHAR_RANGE, s);
            };
            (&s[..=end], &s[3..end], &s[end + 1..])
        }
        Some((c, rest)) => (&s[..2 + c.len_utf8()], &t[..c.len_utf8()], rest),
        None => (s, "", ""),
    };
    let name = name.strip_prefix('^').unwrap_or(name);
    if is_unicode_class_name(name) {
        Ok(Some(rest))
    } else {
        err(INVALID_CHAR_RANGE, seq)
    }
}

/// Go's `parseEscape`: one escaped character at the start of `s` (which starts with `\`).
fn parse_escape(s: &str) -> Step<(char, &str)> {
    let t = &s[1..];
    let Some((c, mut t)) = split_first_char(t) else {
        return err(TRAILING_BACKSLASH, "");
    };
    if c.is_ascii() && !c.is_ascii_alphanumeric() {
        return Ok((c, t));
    }
    let is_octal = |s: &str| {
        s.as_bytes()
            .first()
            .is_some_and(|b| (b'0'..=b'7').contains(b))
    };
    match c {
        '1'..='7' if !is_octal(t) => {}
        '0'..='7' => {
            // A leading 1-7 is only octal when another octal digit follows (else a backreference).
            let mut value = c as u32 - '0' as u32;
            for _ in 1..3 {
                if !is_octal(t) {
                    break;
                }
                value = value * 8 + u32::from(t.as_bytes()[0] - b'0');
                t = &t[1..];
            }
            return Ok((char::from_u32(value).unwrap_or('\0'), t));
        }
        'x' => {
            if let Some(found) = hex_escape(t) {
                return Ok(found);
            }
            return err(INVALID_ESCAPE, consumed(s, hex_escape_end(t)));
        }
        'a' | 'f' | 'n' | 'r' | 't' | 'v' => return Ok((c, t)),
        _ => {}
    }
    err(INVALID_ESCAPE, consumed(s, t))
}

/// After `\x`: two hex digits or `{hex…}` (≤ U+10FFFF).
fn hex_escape(t: &str) -> Option<(char, &str)> {
    let (c, rest) = split_first_char(t)?;
    if c == '{' {
        let end = rest.find('}')?;
        let digits = &rest[..end];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let value = u32::from_str_radix(digits, 16)
            .ok()
            .filter(|&v| v <= 0x10FFFF)?;
        return Some((
            char::from_u32(value).unwrap_or('\u{FFFD}'),
            &rest[end + 1..],
        ));
    }
    let (d, rest2) = split_first_char(rest)?;
    let value = c.to_digit(16)? * 16 + d.to_digit(16)?;
    Some((char::from_u32(value).unwrap_or('\0'), rest2))
}

/// Where Go stops reading a bad `\x` escape, for the error fragment.
fn hex_escape_end(t: &str) -> &str {
    let Some((c, rest)) = split_first_char(t) else {
        return t;
    };
    if c != '{' {
        return split_first_char(rest).map_or(rest, |(_, r)| r);
    }
    let mut r = rest;
    let mut value: u32 = 0;
    while let Some((d, after)) = split_first_char(r) {
        r = after;
        match d.to_digit(16) {
            Some(v) if d != '}' => {
                value = value.saturating_mul(16).saturating_add(v);
                if value > 0x10FFFF {
                    break;
                }
            }
            _ => break,
        }
    }
    r
}

/// One class member: an escape or a character (Go's `parseClassChar`).
fn class_char<'s>(s: &'s str, whole_class: &str) -> Step<(char, &'s str)> {
    if s.is_empty() {
        return err(MISSING_BRACKET, whole_class);
    }
    if s.starts_with('\\') {
        return parse_escape(s);
    }
    Ok(split_first_char(s).expect("non-empty"))
}

/// Unicode class names Go 1.25 accepts after `\p`: `Any`, `ASCII`, `Assigned`, general
/// categories and their long aliases, and scripts, compared loosely (case-insensitive, ignoring
/// spaces, `_` and `-`, per Unicode TR18).
fn is_unicode_class_name(name: &str) -> bool {
    let loose = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = loose(name);
    !wanted.is_empty() && UNICODE_CLASS_NAMES.iter().any(|n| loose(n) == wanted)
}

const UNICODE_CLASS_NAMES: &[&str] = &[
    "Any",
    "ASCII",
    "Assigned",
    // General categories and their aliases.
    "C",
    "Cc",
    "Cf",
    "Cn",
    "Co",
    "Cs",
    "L",
    "LC",
    "Ll",
    "Lm",
    "Lo",
    "Lt",
    "Lu",
    "M",
    "Mc",
    "Me",
    "Mn",
    "N",
    "Nd",
    "Nl",
    "No",
    "P",
    "Pc",
    "Pd",
    "Pe",
    "Pf",
    "Pi",
    "Po",
    "Ps",
    "S",
    "Sc",
    "Sk",
    "Sm",
    "So",
    "Z",
    "Zl",
    "Zp",
    "Zs",
    "Cased_Letter",
    "Close_Punctuation",
    "Combining_Mark",
    "Connector_Punctuation",
    "Control",
    "Currency_Symbol",
    "Dash_Punctuation",
    "Decimal_Number",
    "Enclosing_Mark",
    "Final_Punctuation",
    "Format",
    "Initial_Punctuation",
    "Letter",
    "Letter_Number",
    "Line_Separator",
    "Lowercase_Letter",
    "Mark",
    "Math_Symbol",
    "Modifier_Letter",
    "Modifier_Symbol",
    "Nonspacing_Mark",
    "Number",
    "Open_Punctuation",
    "Other",
    "Other_Letter",
    "Other_Number",
    "Other_Punctuation",
    "Other_Symbol",
    "Paragraph_Separator",
    "Private_Use",
    "Punctuation",
    "Separator",
    "Space_Separator",
    "Spacing_Mark",
    "Surrogate",
    "Symbol",
    "Titlecase_Letter",
    "Unassigned",
    "Uppercase_Letter",
    "cntrl",
    "digit",
    "punct",
    // Scripts (Unicode 15).
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cypro_Minoan",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nag_Mundari",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Old_Uyghur",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Toto",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(p: &str) -> usize {
        compile(p).unwrap_or_else(|e| panic!("{p}: {e}")).groups
    }

    fn bad(p: &str) -> String {
        compile(p).expect_err(p)
    }

    #[test]
    fn accepts_re2_syntax() {
        assert_eq!(ok("(.*)\\.example\\.(com)"), 2);
        assert_eq!(ok("(?P<a>x)(?<b>y)(?:z)(?i)w"), 2);
        for p in [
            "",
            "a{2}",
            "a{,5}",
            "a{01}",
            "x{1000}",
            "(a{10}){100}",
            "[]a]",
            "[^]a]",
            "[a-]",
            "\\Q(*\\E",
            "\\pL",
            "\\p{Greek}",
            "\\p{^Han}",
            "[[:alpha:][:^digit:]]",
            "\\x41\\x{10FFFF}",
            "\\012",
            "\\0",
            "^*",
            "(?i:a)+",
            "a*?",
            "\\_",
            "(?-i)a",
            "(|a)",
            "\\pl",
            "\\p{letter}",
        ] {
            ok(p);
        }
    }

    #[test]
    fn rejects_what_go_rejects() {
        assert_eq!(bad("(a"), "error parsing regexp: missing closing ): `(a`");
        assert_eq!(bad("a)"), "error parsing regexp: unexpected ): `a)`");
        assert_eq!(bad("[a"), "error parsing regexp: missing closing ]: `[a`");
        assert_eq!(
            bad("*a"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(
            bad("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert_eq!(
            bad("a++"),
            "error parsing regexp: invalid nested repetition operator: `++`"
        );
        assert_eq!(
            bad("a{1001}"),
            "error parsing regexp: invalid repeat count: `{1001}`"
        );
        assert_eq!(
            bad("(a{100}){100}"),
            "error parsing regexp: invalid repeat count: `{100}`"
        );
        assert_eq!(
            bad("a{2,1}"),
            "error parsing regexp: invalid repeat count: `{2,1}`"
        );
        assert_eq!(
            bad("\\1"),
            "error parsing regexp: invalid escape sequence: `\\1`"
        );
        assert_eq!(
            bad("(?=a)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"
        );
        assert_eq!(
            bad("(?!a)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?!`"
        );
        assert_eq!(
            bad("(?<=a)b"),
            "error parsing regexp: invalid named capture: `(?<=a)b`"
        );
        assert_eq!(
            bad("\\Z"),
            "error parsing regexp: invalid escape sequence: `\\Z`"
        );
        assert_eq!(
            bad("\\C"),
            "error parsing regexp: invalid escape sequence: `\\C`"
        );
        assert_eq!(
            bad("a\\"),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
        assert_eq!(
            bad("[z-a]"),
            "error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            bad("[[:foo:]]"),
            "error parsing regexp: invalid character class range: `[:foo:]`"
        );
        assert_eq!(
            bad("\\p{Nope}"),
            "error parsing regexp: invalid character class range: `\\p{Nope}`"
        );
        assert_eq!(
            bad("(?x)a"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?x`"
        );
        assert_eq!(
            bad("(?u)a"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?u`"
        );
        assert_eq!(
            bad("(?P<>a)"),
            "error parsing regexp: invalid named capture: `(?P<>`"
        );
        assert_eq!(
            bad("\\q"),
            "error parsing regexp: invalid escape sequence: `\\q`"
        );
        assert_eq!(
            bad("[\\b]"),
            "error parsing regexp: invalid escape sequence: `\\b`"
        );
        assert_eq!(
            bad("(?i"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?i`"
        );
        assert_eq!(
            bad("a|*"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
        assert!(bad(&deep).contains("nests too deeply"));
    }
}
