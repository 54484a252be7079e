//! Kubernetes label selectors as `metav1.ParseToLabelSelector` accepts them (k8s apimachinery
//! `labels.ParseToRequirements` plus the operator filter of `ParseToLabelSelector`), used by the
//! kubernetes plugin's `labels` and `namespace_labels`.
//!
//! Grammar: comma-separated requirements `key`, `!key`, `key=value`, `key==value`,
//! `key in (v1, v2)`, `key notin (v1)`. `!=`, `>` and `<` parse but `ParseToLabelSelector`
//! refuses them. Keys are `[prefix/]name`, prefix a lower-case DNS subdomain (≤ 253), name ≤ 63
//! of `[A-Za-z0-9]` at both ends and `-_.` inside; values follow the name rule or are empty.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme<'a> {
    Identifier(&'a str),
    In,
    NotIn,
    Not,
    Equals,
    DoubleEquals,
    NotEquals,
    Greater,
    Less,
    OpenParen,
    CloseParen,
    Comma,
    End,
}

impl<'a> Lexeme<'a> {
    fn text(&self) -> &'a str {
        match self {
            Lexeme::Identifier(s) => s,
            Lexeme::In => "in",
            Lexeme::NotIn => "notin",
            Lexeme::Not => "!",
            Lexeme::Equals => "=",
            Lexeme::DoubleEquals => "==",
            Lexeme::NotEquals => "!=",
            Lexeme::Greater => ">",
            Lexeme::Less => "<",
            Lexeme::OpenParen => "(",
            Lexeme::CloseParen => ")",
            Lexeme::Comma => ",",
            Lexeme::End => "end of string",
        }
    }

    /// Where a value or key is expected, `in`/`notin` are plain identifiers.
    fn as_value(&self) -> Option<&'a str> {
        match self {
            Lexeme::Identifier(s) => Some(s),
            Lexeme::In => Some("in"),
            Lexeme::NotIn => Some("notin"),
            _ => None,
        }
    }
}

fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

fn lex(s: &str) -> Vec<Lexeme<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        } else if is_special(c) {
            // Longest operator: only `!=` and `==` have two characters.
            let two = b.get(i + 1) == Some(&b'=');
            let (lexeme, len) = match (c, two) {
                (b'!', true) => (Lexeme::NotEquals, 2),
                (b'=', true) => (Lexeme::DoubleEquals, 2),
                (b'!', false) => (Lexeme::Not, 1),
                (b'=', false) => (Lexeme::Equals, 1),
                (b'(', _) => (Lexeme::OpenParen, 1),
                (b')', _) => (Lexeme::CloseParen, 1),
                (b',', _) => (Lexeme::Comma, 1),
                (b'>', _) => (Lexeme::Greater, 1),
                _ => (Lexeme::Less, 1),
            };
            out.push(lexeme);
            i += len;
        } else {
            let start = i;
            while i < b.len() && !is_special(b[i]) && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n')
            {
                i += 1;
            }
            out.push(match &s[start..i] {
                "in" => Lexeme::In,
                "notin" => Lexeme::NotIn,
                word => Lexeme::Identifier(word),
            });
        }
    }
    out.push(Lexeme::End);
    out
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

/// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`, at most 63 bytes.
fn check_name(name: &str, what: &str) -> Result<(), String> {
    let b = name.as_bytes();
    if b.len() > 63 {
        return Err(format!("{what} `{name}` is longer than 63 characters"));
    }
    let ends_ok = b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric);
    if !ends_ok || !b.iter().copied().all(is_name_char) {
        return Err(format!(
            "{what} `{name}` must start and end with a letter or digit and contain only letters, digits, `-`, `_` and `.`"
        ));
    }
    Ok(())
}

/// A lower-case RFC 1123 subdomain of at most 253 bytes.
fn check_prefix(prefix: &str) -> Result<(), String> {
    let label_ok = |l: &str| {
        let b = l.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_lowercase() | b[0].is_ascii_digit()
            && b[b.len() - 1].is_ascii_lowercase() | b[b.len() - 1].is_ascii_digit()
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    };
    if prefix.len() > 253 || !prefix.split('.').all(label_ok) {
        return Err(format!(
            "label key prefix `{prefix}` must be a lower-case DNS name of at most 253 characters"
        ));
    }
    Ok(())
}

/// `validation.IsQualifiedName`.
fn check_key(key: &str) -> Result<(), String> {
    match key.split('/').collect::<Vec<_>>()[..] {
        [name] => check_name(name, "label key"),
        [prefix, name] => {
            if prefix.is_empty() {
                return Err(format!("label key `{key}` has an empty prefix before `/`"));
            }
            check_prefix(prefix)?;
            check_name(name, "label key name")
        }
        _ => Err(format!("label key `{key}` may contain at most one `/`")),
    }
}

/// `validation.IsValidLabelValue`: empty, or the name rule.
fn check_value(value: &str) -> Result<(), String> {
    if value.is_empty() {
        Ok(())
    } else {
        check_name(value, "label value")
    }
}

struct Parser<'a> {
    lexemes: Vec<Lexeme<'a>>,
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &Lexeme<'a> {
        &self.lexemes[self.at]
    }

    fn take(&mut self) -> Lexeme<'a> {
        let l = self.lexemes[self.at].clone();
        if self.at + 1 < self.lexemes.len() {
            self.at += 1;
        }
        l
    }

    fn requirement(&mut self) -> Result<(), String> {
        let mut negated = false;
        let mut first = self.take();
        if first == Lexeme::Not {
            negated = true;
            first = self.take();
        }
        let Some(key) = first.as_value() else {
            return Err(format!(
                "found `{}` where a label key was expected",
                first.text()
            ));
        };
        check_key(key)?;
        if negated || matches!(self.peek(), Lexeme::End | Lexeme::Comma) {
            return Ok(());
        }
        let operator = self.take();
        match operator {
            Lexeme::In | Lexeme::NotIn => self.value_set(),
            Lexeme::Equals | Lexeme::DoubleEquals => self.single_value().map(|_| ()),
            Lexeme::NotEquals | Lexeme::Greater | Lexeme::Less => {
                self.single_value()?;
                Err(format!(
                    "the `{}` operator is not supported in Kubernetes label selectors here (use `notin (...)` or `!key`)",
                    operator.text()
                ))
            }
            other => Err(format!(
                "found `{}` after label key `{key}`; expected one of `=`, `==`, `!=`, `in`, `notin`",
                other.text()
            )),
        }
    }

    fn single_value(&mut self) -> Result<&'a str, String> {
        if matches!(self.peek(), Lexeme::End | Lexeme::Comma) {
            return Ok("");
        }
        let next = self.take();
        let Some(value) = next.as_value() else {
            return Err(format!(
                "found `{}` where a label value was expected",
                next.text()
            ));
        };
        check_value(value)?;
        Ok(value)
    }

    fn value_set(&mut self) -> Result<(), String> {
        let open = self.take();
        if open != Lexeme::OpenParen {
            return Err(format!(
                "found `{}` where `(` was expected after `in`/`notin`",
                open.text()
            ));
        }
        loop {
            let next = self.take();
            match next {
                Lexeme::CloseParen => return Ok(()),
                Lexeme::Comma => {}
                other => {
                    let Some(value) = other.as_value() else {
                        return Err(format!(
                            "found `{}` in a value list; expected a value, `,` or `)`",
                            other.text()
                        ));
                    };
                    check_value(value)?;
                    if !matches!(self.peek(), Lexeme::Comma | Lexeme::CloseParen) {
                        return Err(format!(
                            "found `{}` where `,` or `)` was expected",
                            self.peek().text()
                        ));
                    }
                }
            }
        }
    }
}

/// Checks a label selector the way the kubernetes plugin's setup does (the option's tokens are
/// joined with single spaces first).
pub fn check_label_selector(selector: &str) -> Result<(), String> {
    let mut p = Parser {
        lexemes: lex(selector),
        at: 0,
    };
    loop {
        match p.peek() {
            Lexeme::End => return Ok(()),
            Lexeme::Not => {}
            l if l.as_value().is_some() => {}
            other => {
                return Err(format!(
                    "found `{}` where a label key or `!` was expected",
                    other.text()
                ))
            }
        }
        p.requirement()?;
        match p.take() {
            Lexeme::End => return Ok(()),
            Lexeme::Comma => {
                if !(p.peek() == &Lexeme::Not || p.peek().as_value().is_some()) {
                    return Err(format!(
                        "found `{}` after `,`; expected a label key",
                        p.peek().text()
                    ));
                }
            }
            other => {
                return Err(format!(
                    "found `{}` where `,` or the end was expected",
                    other.text()
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_selectors() {
        for ok in [
            "environment in (production, staging, qa),application=nginx",
            "istio-injection=enabled",
            "a",
            "!a",
            "a==b",
            "a=",
            "a notin (x)",
            "a in ()",
            "a in (,)",
            "a in (x,,y)",
            "example.com/app=web",
            "in=notin",
            "",
        ] {
            assert_eq!(check_label_selector(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refused_selectors() {
        for bad in [
            "environment in (production, qa",
            "a!=b",
            "a>1",
            "a<1",
            "a in x",
            "a,",
            "(a)",
            "a=b=c",
            "-a=b",
            "a=b-",
            "Example.com/app=web",
            "/app",
            "a/b/c",
            "a in (x y)",
            "!a=b",
            "a b",
        ] {
            assert!(check_label_selector(bad).is_err(), "{bad}");
        }
        let long = "a".repeat(64);
        assert!(check_label_selector(&long).is_err());
    }
}
