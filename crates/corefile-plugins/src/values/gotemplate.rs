//! Go `text/template` parse check, as `template.New(name).Funcs(funcs).Parse(text)` runs it
//! (packages text/template and text/template/parse): the lexer's errors (unclosed actions,
//! comments and strings, bad characters and numbers), the parser's (unknown functions, undefined
//! variables, empty commands, misplaced `else`/`end`/`break`, control structures left open at the
//! end). Field names and argument types are only checked when the template runs, as in Go.
//! Control structures are tracked on an explicit stack, so nesting depth costs no recursion.

/// The functions every Go template has (text/template `builtins`).
pub const BUILTIN_FUNCS: &[&str] = &[
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// Parses `text` with the builtins plus `extra_funcs`; the error in our words.
pub fn check(text: &str, extra_funcs: &[&str]) -> Result<(), String> {
    let mut parser = TemplateParser {
        funcs: extra_funcs,
        vars: vec!["$".to_string()],
        frames: Vec::new(),
        range_depth: 0,
    };
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let (body, remaining) = split_action(after)?;
        if let Some(body) = body {
            parser.action(&lex_action(body)?)?;
        }
        rest = remaining;
    }
    match parser.frames.last() {
        Some(frame) => Err(format!(
            "`{{{{{}}}}}` is never closed: add `{{{{end}}}}`",
            frame.kind
        )),
        None => Ok(()),
    }
}

/// Splits off one action after its `{{`: the inside text (None for a comment) and what follows
/// the closing `}}`. Handles the `{{- ` and ` -}}` trim markers.
fn split_action(after: &str) -> Result<(Option<&str>, &str), String> {
    let trimmed_left = after
        .strip_prefix('-')
        .filter(|s| s.starts_with([' ', '\t', '\r', '\n']));
    let inner = trimmed_left.map_or(after, |s| s.trim_start_matches([' ', '\t', '\r', '\n']));
    if let Some(comment) = inner.strip_prefix("/*") {
        let end = comment
            .find("*/")
            .ok_or("unclosed comment: `{{/*` without `*/}}`")?;
        let tail = &comment[end + 2..];
        let tail = if let Some(t) = tail.strip_prefix(" -}}") {
            t
        } else {
            tail.strip_prefix("}}")
                .ok_or("a comment must end with `*/}}`")?
        };
        return Ok((None, tail));
    }
    // Find the closing delimiter outside quoted strings.
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\n' {
                        return Err(if quote == b'"' {
                            "unterminated quoted string".to_string()
                        } else {
                            "unterminated character constant".to_string()
                        });
                    }
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= bytes.len() {
                    return Err(if quote == b'"' {
                        "unterminated quoted string".to_string()
                    } else {
                        "unterminated character constant".to_string()
                    });
                }
                i += 1;
            }
            b'`' => {
                let end = inner[i + 1..]
                    .find('`')
                    .ok_or("unterminated raw quoted string")?;
                i += end + 2;
            }
            b'}' if inner[i..].starts_with("}}") => {
                let body = &inner[..i];
                let body = body
                    .strip_suffix(" -")
                    .or_else(|| body.strip_suffix("\t-"))
                    .unwrap_or(body);
                return Ok((Some(body), &inner[i + 2..]));
            }
            _ => i += 1,
        }
    }
    Err("unclosed action: `{{` without `}}`".to_string())
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Ident(String),
    Keyword(&'static str),
    Field,
    Dot,
    Variable(String),
    Literal,
    LeftParen,
    RightParen,
    Pipe,
    Declare,
    Assign,
    Comma,
    Char(char),
}

const KEYWORDS: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
    "nil", "true", "false",
];

fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// text/template's `atTerminator`.
fn at_terminator(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || ".,|:)(".contains(c))
}

/// The items of one action's text.
fn lex_action(body: &str) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    let mut depth: i32 = 0;
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        if c.is_whitespace() {
            rest = after;
            continue;
        }
        match c {
            '=' => items.push(Item::Assign),
            ':' if after.starts_with('=') => {
                items.push(Item::Declare);
                rest = &after[1..];
                continue;
            }
            ':' => return Err("expected `:=`".to_string()),
            '|' => items.push(Item::Pipe),
            ',' => items.push(Item::Comma),
            '(' => {
                depth += 1;
                items.push(Item::LeftParen);
            }
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err("unexpected right paren".to_string());
                }
                items.push(Item::RightParen);
            }
            '"' => {
                let end = quoted_end(after, '"').ok_or("unterminated quoted string")?;
                check_go_string(&after[..end])?;
                items.push(Item::Literal);
                rest = &after[end + 1..];
                continue;
            }
            '`' => {
                let end = after.find('`').ok_or("unterminated raw quoted string")?;
                items.push(Item::Literal);
                rest = &after[end + 1..];
                continue;
            }
            '\'' => {
                let end = quoted_end(after, '\'').ok_or("unterminated character constant")?;
                let inner = &after[..end];
                if inner.is_empty() || (!inner.starts_with('\\') && inner.chars().count() != 1) {
                    return Err(format!("malformed character constant `'{inner}'`"));
                }
                items.push(Item::Literal);
                rest = &after[end + 1..];
                continue;
            }
            '$' | '.' if !(c == '.' && after.starts_with(|d: char| d.is_ascii_digit())) => {
                let len = after
                    .find(|d: char| !is_word_char(d))
                    .unwrap_or(after.len());
                let word = &after[..len];
                let tail = &after[len..];
                if !at_terminator(tail) {
                    return Err(format!(
                        "bad character `{}` after `{c}{word}`",
                        tail.chars().next().unwrap_or(' ')
                    ));
                }
                items.push(match (c, word.is_empty()) {
                    ('$', _) => Item::Variable(format!("${word}")),
                    (_, true) => Item::Dot,
                    _ => Item::Field,
                });
                rest = tail;
                continue;
            }
            _ if c == '+' || c == '-' || c == '.' || c.is_ascii_digit() => {
                let len = rest
                    .char_indices()
                    .skip(1)
                    .find(|&(i, d)| {
                        let prev = rest.as_bytes()[i - 1] | 0x20;
                        !(is_word_char(d)
                            || d == '.'
                            || ((d == '+' || d == '-') && (prev == b'e' || prev == b'p')))
                    })
                    .map_or(rest.len(), |(i, _)| i);
                let number = &rest[..len];
                if !is_go_number(number) {
                    return Err(format!("bad number syntax: `{number}`"));
                }
                items.push(Item::Literal);
                rest = &rest[len..];
                continue;
            }
            _ if is_word_char(c) => {
                let len = rest.find(|d: char| !is_word_char(d)).unwrap_or(rest.len());
                let word = &rest[..len];
                if !at_terminator(&rest[len..]) {
                    return Err(format!(
                        "bad character `{}` after `{word}`",
                        rest[len..].chars().next().unwrap_or(' ')
                    ));
                }
                items.push(match KEYWORDS.iter().find(|k| **k == word) {
                    Some(&"nil" | &"true" | &"false") => Item::Literal,
                    Some(k) => Item::Keyword(k),
                    None => Item::Ident(word.to_string()),
                });
                rest = &rest[len..];
                continue;
            }
            _ if c.is_ascii() && !c.is_ascii_control() => items.push(Item::Char(c)),
            _ => return Err(format!("unrecognized character in action: {c:?}")),
        }
        rest = after;
    }
    if depth > 0 {
        return Err("unclosed left paren".to_string());
    }
    Ok(items)
}

/// Index of the closing quote (escapes skipped).
fn quoted_end(s: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\n' => return None,
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            _ if c == quote => return Some(i),
            _ => {}
        }
    }
    None
}

/// `strconv.Unquote` escapes of a double-quoted Go string.
fn check_go_string(inner: &str) -> Result<(), String> {
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            continue;
        }
        let valid = match chars.next() {
            Some('a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' | '"') => true,
            Some('x') => (0..2).all(|_| chars.next().is_some_and(|d| d.is_ascii_hexdigit())),
            Some('u') => (0..4).all(|_| chars.next().is_some_and(|d| d.is_ascii_hexdigit())),
            Some('U') => (0..8).all(|_| chars.next().is_some_and(|d| d.is_ascii_hexdigit())),
            Some('0'..='7') => {
                (0..2).all(|_| chars.next().is_some_and(|d| ('0'..='7').contains(&d)))
            }
            _ => false,
        };
        if !valid {
            return Err(format!("invalid escape in the string \"{inner}\""));
        }
    }
    Ok(())
}

/// A number text/template accepts: Go integer, float or imaginary literal with an optional sign.
fn is_go_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let s = s.strip_suffix('i').unwrap_or(s);
    if s.is_empty() || s.starts_with('_') || s.ends_with('_') || s.contains("__") {
        return false;
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    let lower = plain.to_ascii_lowercase();
    let (radix, digits) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..]),
        Some("0o") => (8, &lower[2..]),
        Some("0b") => (2, &lower[2..]),
        _ => (10, lower.as_str()),
    };
    if radix != 10 {
        return !digits.is_empty()
            && (digits.chars().all(|d| d.is_digit(radix))
                || (radix == 16 && digits.contains('p')));
    }
    digits.parse::<f64>().is_ok() && !digits.contains(['i', 'n'])
}

struct Frame {
    kind: &'static str,
    /// `else` already seen (a second one is an error).
    in_else: bool,
    /// Variables in scope when the frame opened (restored at its `end`).
    vars_before: usize,
}

struct TemplateParser<'f> {
    funcs: &'f [&'f str],
    vars: Vec<String>,
    frames: Vec<Frame>,
    range_depth: usize,
}

impl TemplateParser<'_> {
    fn action(&mut self, items: &[Item]) -> Result<(), String> {
        match items.first() {
            Some(Item::Keyword(k)) => self.control(k, &items[1..]),
            _ => self.pipeline(items, "command"),
        }
    }

    fn open(&mut self, kind: &'static str) {
        self.frames.push(Frame {
            kind,
            in_else: false,
            vars_before: self.vars.len(),
        });
        if kind == "range" {
            self.range_depth += 1;
        }
    }

    fn control(&mut self, keyword: &'static str, rest: &[Item]) -> Result<(), String> {
        match keyword {
            "if" | "with" | "range" => {
                let before = self.vars.len();
                self.pipeline(rest, keyword)?;
                // Declarations of the control's pipeline belong to its body.
                let declared: Vec<String> = self.vars.drain(before..).collect();
                self.open(keyword);
                self.vars.extend(declared);
                Ok(())
            }
            "else" => {
                let Some(frame) = self.frames.last_mut() else {
                    return Err(
                        "unexpected `{{else}}` outside `{{if}}`, `{{with}}` or `{{range}}`"
                            .to_string(),
                    );
                };
                if frame.kind == "define" || frame.kind == "block" {
                    return Err(format!(
                        "unexpected `{{{{else}}}}` in `{{{{{}}}}}`",
                        frame.kind
                    ));
                }
                if frame.in_else {
                    return Err("expected `{{end}}`, found a second `{{else}}`".to_string());
                }
                match rest.first() {
                    Some(Item::Keyword(k @ ("if" | "with"))) if *k == frame.kind => {
                        // `{{else if ...}}` chains into the same `{{end}}`.
                        self.vars.truncate(frame.vars_before);
                        self.pipeline(&rest[1..], k)
                    }
                    None => {
                        frame.in_else = true;
                        // `break` and `continue` belong to the range body, not its else part.
                        if frame.kind == "range" {
                            self.range_depth -= 1;
                        }
                        let keep = frame.vars_before;
                        self.vars.truncate(keep);
                        Ok(())
                    }
                    Some(_) => Err("unexpected text after `else`".to_string()),
                }
            }
            "end" => {
                if !rest.is_empty() {
                    return Err("unexpected text after `end`".to_string());
                }
                let frame = self
                    .frames
                    .pop()
                    .ok_or("unexpected `{{end}}`: nothing to close")?;
                if frame.kind == "range" && !frame.in_else {
                    self.range_depth -= 1;
                }
                self.vars.truncate(frame.vars_before);
                if frame.kind == "define" {
                    self.vars = vec!["$".to_string()];
                }
                Ok(())
            }
            "break" | "continue" => {
                if self.range_depth == 0 {
                    return Err(format!("`{{{{{keyword}}}}}` outside `{{{{range}}}}`"));
                }
                if !rest.is_empty() {
                    return Err(format!("unexpected text after `{keyword}`"));
                }
                Ok(())
            }
            "define" => {
                if !self.frames.is_empty() {
                    return Err("`{{define}}` is only allowed at the top level".to_string());
                }
                if !matches!(rest, [Item::Literal]) {
                    return Err("`{{define}}` takes a quoted template name".to_string());
                }
                self.open("define");
                self.vars.truncate(1);
                Ok(())
            }
            "template" | "block" => {
                if !matches!(rest.first(), Some(Item::Literal)) {
                    return Err(format!("`{{{{{keyword}}}}}` needs a quoted template name"));
                }
                if rest.len() > 1 {
                    self.pipeline(&rest[1..], keyword)?;
                } else if keyword == "block" {
                    return Err("missing value for block".to_string());
                }
                if keyword == "block" {
                    self.open("block");
                }
                Ok(())
            }
            _ => Err(format!("unexpected `{keyword}`")),
        }
    }

    /// `[decl :=] command | command ...` (text/template's `pipeline`).
    fn pipeline(&mut self, items: &[Item], context: &str) -> Result<(), String> {
        let mut i = 0;
        // Declarations: `$x :=`, `$x =`, `$i, $e :=` (range only).
        let mut declared = Vec::new();
        loop {
            match (items.get(i), items.get(i + 1)) {
                (Some(Item::Variable(v)), Some(Item::Declare | Item::Assign)) => {
                    declared.push(v.clone());
                    i += 2;
                    break;
                }
                (Some(Item::Variable(v)), Some(Item::Comma)) => {
                    if context != "range" || !declared.is_empty() {
                        return Err(format!("too many declarations in {context}"));
                    }
                    declared.push(v.clone());
                    i += 2;
                    if !matches!(items.get(i), Some(Item::Variable(_))) {
                        return Err("range can only initialize variables".to_string());
                    }
                }
                _ => break,
            }
        }
        self.commands(&items[i..], context)?;
        self.vars.extend(declared);
        Ok(())
    }

    /// The commands of a pipeline, parentheses included, in one pass.
    fn commands(&mut self, items: &[Item], context: &str) -> Result<(), String> {
        // One entry per open pipeline (the outer one and each `(`): its stage count and whether
        // the current command has an operand yet.
        let mut stack: Vec<(usize, bool)> = vec![(0, false)];
        let mut previous_was_operand = false;
        for item in items {
            let top = stack.last_mut().expect("outer pipeline");
            match item {
                Item::Pipe => {
                    if !top.1 {
                        return Err("missing command before `|`".to_string());
                    }
                    top.0 += 1;
                    top.1 = false;
                    previous_was_operand = false;
                    continue;
                }
                Item::LeftParen => {
                    top.1 = true;
                    stack.push((0, false));
                    continue;
                }
                Item::RightParen => {
                    let (_, has) = stack.pop().expect("balanced by the lexer");
                    if !has {
                        return Err("missing value for parenthesized pipeline".to_string());
                    }
                    previous_was_operand = true;
                    continue;
                }
                Item::Field if previous_was_operand => {
                    // `.Field` right after an operand chains onto it (`(x).Field`, `$v.Field`).
                    continue;
                }
                Item::Ident(name) => {
                    if !BUILTIN_FUNCS.contains(&name.as_str())
                        && !self.funcs.contains(&name.as_str())
                    {
                        return Err(format!("function `{name}` is not defined"));
                    }
                }
                Item::Variable(v) => {
                    if !self.vars.iter().any(|d| d == v) {
                        return Err(format!("undefined variable `{v}`"));
                    }
                }
                Item::Field | Item::Dot | Item::Literal => {}
                Item::Keyword(k) => return Err(format!("unexpected `{k}` in {context}")),
                Item::Declare | Item::Assign => {
                    return Err(format!("unexpected assignment in {context}"))
                }
                Item::Comma => return Err(format!("unexpected `,` in {context}")),
                Item::Char(c) => return Err(format!("unexpected `{c}` in operand")),
            }
            let top = stack.last_mut().expect("outer pipeline");
            // Later stages must start with something executable (a function, field or variable).
            if !top.1 && top.0 > 0 && matches!(item, Item::Literal | Item::Dot) {
                return Err(format!(
                    "non executable command in pipeline stage {}",
                    top.0 + 1
                ));
            }
            top.1 = true;
            previous_was_operand = true;
        }
        let (_, has) = stack.pop().expect("outer pipeline");
        if !has {
            return Err(format!("missing value for {context}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FUNCS: &[&str] = &["parseInt"];

    #[test]
    fn accepts_coredns_templates() {
        for t in [
            "{{ .Name }} 60 IN A 10.0.0.1",
            "{{ parseInt }}",
            "{{ .Name }} 3600 IN A 10.{{ parseInt .Group.b 16 8 }}.0.1",
            "{{ index .Match 1 }} 60 IN SOA ns.{{ index .Match 1 }} hostmaster (1 60 60 60 60)",
            "{{ .Name }} 60 IN TXT \"{{ len .Var }}\"",
            "{{if eq .Type \"A\"}}a{{else if .Name}}b{{else}}c{{end}}",
            "{{range $i, $e := .Match}}{{$i}}{{$e}}{{break}}{{end}}",
            "{{with $x := .Name}}{{$x}}{{end}}",
            "{{- .Name -}} {{/* comment */}}",
            "{{ (index .Match 1) | printf \"%s\" }}",
            "{{ $v := 1 }}{{ $v }}",
            "{{ .Meta \"geoip/city/name\" }}",
            "{{ .Name }} 60 IN TXT \"{{ parseInt \"gg\" 16 8 }}\"",
            "{{ .Meta \"foo\" }}-{{ .Name }} 60 IN A 10.{{ .Group.b }}.{{ .Group.c }}.{{ .Group.d }}",
            "{{ .Name }} 60 IN A {{ .Remote }}",
            "{{ if not (eq .Type \"A\") }}{{ printf \"%s.\" .Zone }}{{ end }}",
            "{{ range $i, $m := .Match }}{{ if gt $i 0 }}{{ $m }}{{ end }}{{ end }}",
            "{{ define \"x\" }}a{{ end }}{{ template \"x\" . }}",
            "{{ 'a' }} {{ -1 }} {{ 1.5e3 }} {{ 0x1F }} {{ `raw` }} {{ nil | print }}",
            "plain text, no actions",
        ] {
            check(t, FUNCS).unwrap_or_else(|e| panic!("{t}: {e}"));
        }
    }

    #[test]
    fn rejects_what_go_rejects() {
        for (t, want) in [
            ("{{", "unclosed action"),
            ("{{ notAFunction }}", "not defined"),
            ("{{ $x }}", "undefined variable"),
            ("{{}}", "missing value"),
            ("{{end}}", "unexpected"),
            ("{{else}}", "unexpected"),
            ("{{if .X}}", "never closed"),
            ("{{break}}", "outside"),
            ("{{ \"a }}", "unterminated"),
            ("{{ (.X }}", "unclosed left paren"),
            ("{{ .X) }}", "unexpected right paren"),
            ("{{/* x }}", "unclosed comment"),
            ("{{ 1x }}", "bad number"),
            ("{{ .X | 1 }}", "non executable"),
            ("{{ if .X }}{{ else }}{{ else }}{{ end }}", "second"),
            ("{{ .X @ }}", "unexpected `@`"),
        ] {
            let err = check(t, FUNCS).expect_err(t);
            assert!(err.contains(want), "{t}: {err}");
        }
    }
}
