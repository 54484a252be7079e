//! Go regular expressions (RE2 syntax, as `regexp.Compile` parses them with Perl extensions).
//! [`capture_groups`] reports the first syntax error Go's `regexp/syntax` would report, or the
//! number of capturing groups (`NumSubexp`), in one left-to-right pass.
//!
//! Not checked: Go's limits on the height of the parsed tree (`expression nests too deeply`,
//! about 1000 nested groups) and on the size of the compiled program, and whether a `\p{Name}` names a Unicode category or
//! script (Go 1.25 looks names up loosely, with aliases; any word is accepted here).

/// Go's bound on `{n,m}` counts.
const MAX_REPEAT: i64 = 1000;

/// Folds a finished item's weight into its group.
fn complete(groups: &mut [u32], item: Option<u32>) {
    if let (Some(weight), Some(group)) = (item, groups.last_mut()) {
        *group = (*group).max(weight);
    }
}

/// POSIX class names allowed inside brackets as `[:name:]` or `[:^name:]`.
const POSIX_CLASSES: &[&str] = &[
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
    "space", "upper", "word", "xdigit",
];

/// Parses `pattern`; `Ok(n)` is the number of capturing groups.
pub fn capture_groups(pattern: &str) -> Result<usize, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser {
        chars: &chars,
        pos: 0,
        groups: 0,
    };
    parser.parse()?;
    Ok(parser.groups)
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    groups: usize,
}

impl Parser<'_> {
    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn rest_starts_with(&self, s: &str) -> bool {
        (self.pos..)
            .zip(s.chars())
            .all(|(i, c)| self.chars.get(i) == Some(&c))
    }

    fn parse(&mut self) -> Result<(), String> {
        // For each open group (the whole expression first): the largest repeat weight among
        // the items completed in it. An item's weight is the largest product of `{n,m}` counts
        // on a path down from it, which Go caps at 1000 (`repeatIsValid`).
        let mut groups: Vec<u32> = vec![1];
        // The weight of the item a repetition operator would apply to, if there is one.
        let mut last: Option<u32> = None;
        // Whether the previous item was a repetition operator (Go refuses `a**`, `a{2}*`).
        let mut after_repeat = false;
        while let Some(c) = self.peek(0) {
            let was_repeat = after_repeat;
            after_repeat = false;
            match c {
                '(' => {
                    if self.peek(1) == Some('?') {
                        if self.group_flags()? {
                            // Flags only, e.g. `(?i)`: nothing pushed.
                            continue;
                        }
                    } else {
                        self.pos += 1;
                        self.groups += 1;
                    }
                    complete(&mut groups, last.take());
                    groups.push(1);
                }
                '|' => {
                    self.pos += 1;
                    complete(&mut groups, last.take());
                }
                ')' => {
                    if groups.len() == 1 {
                        return Err(format!("unexpected `)` at position {}", self.pos + 1));
                    }
                    self.pos += 1;
                    complete(&mut groups, last.take());
                    last = groups.pop();
                }
                '*' | '+' | '?' => {
                    let start = self.pos;
                    self.pos += 1;
                    self.repeat(start, last, was_repeat)?;
                    after_repeat = true;
                }
                '{' => match self.counted_repeat()? {
                    Some((start, min, max)) => {
                        let weight = self.repeat(start, last, was_repeat)?;
                        last = Some(self.repeat_weight(start, weight, min, max)?);
                        after_repeat = true;
                    }
                    None => {
                        // Not a well-formed `{n,m}`: a literal brace.
                        self.pos += 1;
                        complete(&mut groups, last.replace(1));
                    }
                },
                '[' => {
                    self.class()?;
                    complete(&mut groups, last.replace(1));
                }
                '\\' => {
                    self.escape_outside_class()?;
                    complete(&mut groups, last.replace(1));
                }
                _ => {
                    self.pos += 1;
                    complete(&mut groups, last.replace(1));
                }
            }
        }
        if groups.len() > 1 {
            return Err("missing closing `)`".into());
        }
        Ok(())
    }

    /// After `*`, `+`, `?` or `{n,m}` (already consumed from `start`): an optional `?` makes it
    /// lazy; stacking operators or having no operand is an error. Returns the operand's weight.
    fn repeat(
        &mut self,
        start: usize,
        operand: Option<u32>,
        was_repeat: bool,
    ) -> Result<u32, String> {
        if self.peek(0) == Some('?') {
            self.pos += 1;
        }
        let op: String = self.chars[start..self.pos].iter().collect();
        if was_repeat {
            return Err(format!(
                "repetition operators cannot follow each other (`{op}` after another one)"
            ));
        }
        operand.ok_or_else(|| format!("`{op}` at position {} has nothing to repeat", start + 1))
    }

    /// The weight of `{min,max}` applied to an item of `weight` (Go's `repeatIsValid`): `{0}`
    /// and `{0,0}` make anything inside harmless; otherwise the count (max, or min when
    /// unbounded) multiplies. Checked only when a count reaches 2, like Go.
    fn repeat_weight(
        &self,
        start: usize,
        weight: u32,
        min: u32,
        max: Option<u32>,
    ) -> Result<u32, String> {
        if max == Some(0) {
            return Ok(0);
        }
        let count = max.unwrap_or(min).max(1);
        let product = count.saturating_mul(weight);
        if (min >= 2 || max.is_some_and(|m| m >= 2)) && product > MAX_REPEAT as u32 {
            let text: String = self.chars[start..self.pos].iter().collect();
            return Err(format!(
                "`{text}` repeats an inner repetition too often (nested counts may multiply to at most 1000)"
            ));
        }
        Ok(product)
    }

    /// `{min}`, `{min,}` or `{min,max}` at the cursor. `Ok(None)` when the text is not of that
    /// form (Go then takes `{` literally); on success the cursor is after `}` and the start is returned.
    fn counted_repeat(&mut self) -> Result<Option<(usize, u32, Option<u32>)>, String> {
        let start = self.pos;
        let mut i = self.pos + 1;
        let Some(min) = self.int_at(&mut i) else {
            return Ok(None);
        };
        let mut max = Some(min);
        if self.chars.get(i) == Some(&',') {
            i += 1;
            if self.chars.get(i) == Some(&'}') {
                max = None;
            } else {
                match self.int_at(&mut i) {
                    Some(m) => max = Some(m),
                    None => return Ok(None),
                }
            }
        }
        if self.chars.get(i) != Some(&'}') {
            return Ok(None);
        }
        self.pos = i + 1;
        let too_big = |n: i64| !(0..=MAX_REPEAT).contains(&n);
        if too_big(min) || max.is_some_and(too_big) || max.is_some_and(|m| m < min) {
            let text: String = self.chars[start..self.pos].iter().collect();
            return Err(format!("invalid repeat count `{text}` (counts go from 0 to 1000, the second not below the first)"));
        }
        // Both are within 0..=1000 here.
        Ok(Some((start, min as u32, max.map(|m| m as u32))))
    }

    /// Go's `parseInt`: digits without a leading zero; a huge value becomes -1.
    fn int_at(&self, i: &mut usize) -> Option<i64> {
        let first = *self.chars.get(*i)?;
        if !first.is_ascii_digit() {
            return None;
        }
        if first == '0' && self.chars.get(*i + 1).is_some_and(char::is_ascii_digit) {
            return None;
        }
        let mut n: i64 = 0;
        while let Some(d) = self.chars.get(*i).and_then(|c| c.to_digit(10)) {
            n = if !(0..100_000_000).contains(&n) {
                -1
            } else {
                n * 10 + i64::from(d)
            };
            *i += 1;
        }
        Some(n)
    }

    /// `(?...`: a named group (returns false, group opened), flags with a group `(?i:` (false),
    /// or flags alone `(?i)` (true).
    fn group_flags(&mut self) -> Result<bool, String> {
        let start = self.pos;
        if self.rest_starts_with("(?P<") || self.rest_starts_with("(?<") {
            let name_start = self.pos + if self.peek(2) == Some('P') { 4 } else { 3 };
            let Some(len) = self.chars[name_start..].iter().position(|c| *c == '>') else {
                return Err("unterminated group name: `>` is missing".into());
            };
            let name = &self.chars[name_start..name_start + len];
            if name.is_empty() || !name.iter().all(|c| c.is_alphanumeric() || *c == '_') {
                let name: String = name.iter().collect();
                return Err(format!("invalid group name `{name}`"));
            }
            self.pos = name_start + len + 1;
            self.groups += 1;
            return Ok(false);
        }
        self.pos += 2;
        let mut negated = false;
        let mut saw_flag = false;
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            match c {
                'i' | 'm' | 's' | 'U' => saw_flag = true,
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                }
                ':' | ')' if !negated || saw_flag => return Ok(c == ')'),
                _ => break,
            }
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        Err(format!(
            "unsupported group syntax `{text}` (Go supports no look-around or back-references)"
        ))
    }

    /// A backslash outside brackets: assertions, Perl and Unicode classes, `\Q...\E`, or a
    /// character escape.
    fn escape_outside_class(&mut self) -> Result<(), String> {
        match self.peek(1) {
            Some('A' | 'b' | 'B' | 'z' | 'd' | 'D' | 's' | 'S' | 'w' | 'W') => {
                self.pos += 2;
                Ok(())
            }
            Some('p' | 'P') => self.unicode_class(),
            Some('Q') => {
                self.pos += 2;
                while self.pos < self.chars.len() && !self.rest_starts_with("\\E") {
                    self.pos += 1;
                }
                if self.pos < self.chars.len() {
                    self.pos += 2;
                }
                Ok(())
            }
            _ => self.char_escape().map(|_| ()),
        }
    }

    /// `\pL`, `\p{Name}`, `\p{^Name}` (and `\P`): a single-letter category or a spelled name.
    fn unicode_class(&mut self) -> Result<(), String> {
        let start = self.pos;
        self.pos += 2;
        let name: String = if self.peek(0) == Some('{') {
            let Some(len) = self.chars[self.pos..].iter().position(|c| *c == '}') else {
                return Err("unterminated `\\p{...}` class".into());
            };
            let name: String = self.chars[self.pos + 1..self.pos + len].iter().collect();
            self.pos += len + 1;
            name.strip_prefix('^').unwrap_or(&name).to_string()
        } else {
            match self.peek(0) {
                Some(c) => {
                    self.pos += 1;
                    if !"CLMNPSZ".contains(c) {
                        return Err(format!("unknown Unicode category `{c}` in `\\p{c}`"));
                    }
                    return Ok(());
                }
                None => return Err("trailing backslash at the end of the expression".into()),
            }
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let text: String = self.chars[start..self.pos].iter().collect();
            return Err(format!("invalid Unicode class `{text}`"));
        }
        Ok(())
    }

    /// Go's `parseEscape`: a single character written with a backslash. Returns it (for ranges).
    fn char_escape(&mut self) -> Result<char, String> {
        let Some(c) = self.peek(1) else {
            return Err("trailing backslash at the end of the expression".into());
        };
        self.pos += 2;
        let simple = match c {
            'a' => Some('\u{7}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            _ if c.is_ascii() && !c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        };
        if let Some(ch) = simple {
            return Ok(ch);
        }
        match c {
            // A lone non-zero digit is a back-reference; with a following octal digit it is octal.
            '1'..='7' if !self.peek(0).is_some_and(|d| ('0'..='7').contains(&d)) => {
                Err(format!("back-references such as `\\{c}` are not supported"))
            }
            '0'..='7' => {
                // Up to three octal digits in all.
                let mut value = c.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek(0).and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            self.pos += 1;
                        }
                        None => break,
                    }
                }
                Ok(char::from_u32(value).unwrap_or('\0'))
            }
            'x' => self.hex_escape(),
            _ => Err(format!("invalid escape `\\{c}`")),
        }
    }

    /// After `\x`: two hex digits or `{HEX}` up to U+10FFFF.
    fn hex_escape(&mut self) -> Result<char, String> {
        let bad = || "invalid `\\x` escape: use `\\xHH` or `\\x{HHHH}`".to_string();
        if self.peek(0) == Some('{') {
            let Some(len) = self.chars[self.pos..].iter().position(|c| *c == '}') else {
                return Err(bad());
            };
            let digits: String = self.chars[self.pos + 1..self.pos + len].iter().collect();
            self.pos += len + 1;
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(bad());
            }
            return u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(bad);
        }
        let hi = self.peek(0).and_then(|c| c.to_digit(16));
        let lo = self.peek(1).and_then(|c| c.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => {
                self.pos += 2;
                Ok(char::from_u32(h * 16 + l).unwrap_or('\0'))
            }
            _ => Err(bad()),
        }
    }

    /// `[...]` with negation, POSIX classes, Perl and Unicode classes, escapes and ranges.
    fn class(&mut self) -> Result<(), String> {
        self.pos += 1;
        if self.peek(0) == Some('^') {
            self.pos += 1;
        }
        let mut first = true;
        loop {
            match self.peek(0) {
                None => return Err("missing closing `]`".into()),
                Some(']') if !first => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => {}
            }
            first = false;
            if self.rest_starts_with("[:") {
                if let Some(len) = self.posix_class_len()? {
                    self.pos += len;
                    continue;
                }
            }
            if self.peek(0) == Some('\\') {
                match self.peek(1) {
                    Some('p' | 'P') => {
                        self.unicode_class()?;
                        continue;
                    }
                    Some('d' | 'D' | 's' | 'S' | 'w' | 'W') => {
                        self.pos += 2;
                        continue;
                    }
                    _ => {}
                }
            }
            let lo = self.class_char()?;
            if self.peek(0) == Some('-') && self.peek(1).is_some_and(|c| c != ']') {
                self.pos += 1;
                let hi = self.class_char()?;
                if hi < lo {
                    return Err(format!(
                        "invalid character range `{lo}-{hi}`: the end comes before the start"
                    ));
                }
            }
        }
    }

    /// `[:name:]` at the cursor: `Some(length)` for a known name, `None` when there is no `:]`
    /// (the `[` is then an ordinary character).
    fn posix_class_len(&self) -> Result<Option<usize>, String> {
        let body = &self.chars[self.pos + 2..];
        let Some(end) = body.windows(2).position(|w| w == [':', ']']) else {
            return Ok(None);
        };
        let name: String = body[..end].iter().collect();
        let bare = name.strip_prefix('^').unwrap_or(&name);
        if !POSIX_CLASSES.contains(&bare) {
            return Err(format!("unknown character class `[:{name}:]`"));
        }
        Ok(Some(end + 4))
    }

    /// One character inside brackets (Go's `parseClassChar`).
    fn class_char(&mut self) -> Result<char, String> {
        match self.peek(0) {
            None => Err("missing closing `]`".into()),
            Some('\\') => self.char_escape(),
            Some(c) => {
                self.pos += 1;
                Ok(c)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::capture_groups;

    #[test]
    fn counts_capturing_groups() {
        for (re, n) in [
            (r"db\.(.*)", 1),
            (r"^db\.(?P<zone>.*)$", 1),
            (r"(?:a)(b)(?i:c)(?<x>d)", 2),
            (r"(a|b)*(c)+?", 2),
            ("x{2,}y{0,1000}z{3}", 0),
            ("a{,5}b{01}c{", 0),
            (r"[\d\-a-z[:alpha:]\p{Greek}\x41-\x{5A}]", 0),
            (r"\Q(.*)\E", 0),
            (r"^*$*", 0),
            (r"[]a]|[^]b]", 0),
            (r"(?i)a(?-i)b(?U:c)(?)", 0),
            (r"\0\012\.\ ", 0),
            ("(a{10}){100}(b{2,}){500}(c{0}){1000}(d*){1000}", 4),
            ("(?:a{3}|b{400}){2}", 0),
        ] {
            assert_eq!(capture_groups(re), Ok(n), "{re}");
        }
    }

    #[test]
    fn refuses_what_go_refuses() {
        for re in [
            "*",
            "(*)",
            "a|*",
            "a**",
            "a{2}*",
            "a+*",
            "(?i)*",
            "a{1001}",
            "a{3,2}",
            "(",
            "a)",
            "[a",
            "[z-a]",
            r"\1",
            r"\8",
            r"\39",
            r"\q",
            r"\C",
            r"\Z",
            "\\",
            r"\x4",
            r"\x{110000}",
            "(?=a)",
            "(?!a)",
            "(?<=a)",
            "(?P=x)",
            "(a{2}){1000}",
            "(a{2,}){501}",
            "((a{2}){1}){600}",
            "(?:a{3}|b{400}){3}",
            "(?P<>a)",
            "(?P<a-b>x)",
            "(?-)",
            "(?i-)",
            "[[:foo:]]",
            r"\pX",
            r"[\b]",
            "(?<x",
        ] {
            assert!(capture_groups(re).is_err(), "{re}");
        }
    }
}
