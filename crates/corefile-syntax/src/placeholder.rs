//! Environment placeholders `{$NAME}` and `{%NAME%}` (CoreDNS expands them at parse time from its
//! process environment; the linter never needs the variables set).

use std::ops::Range;

/// One placeholder inside a token's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte range of the whole `{$NAME}` / `{%NAME%}` within the text.
    pub range: Range<usize>,
    /// The variable name.
    pub name: String,
    /// `true` for the Windows form `{%NAME%}`.
    pub windows: bool,
}

/// Every well-formed placeholder in `text`, in order, as CoreDNS's `replaceEnvReferences` would
/// find them (the name ends at the first closing marker; an empty name stops the scan of that form).
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    scan(text, "{%", "%}", true, &mut out);
    scan(text, "{$", "}", false, &mut out);
    out.sort_by_key(|p| p.range.start);
    out
}

fn scan(text: &str, open: &str, close: &str, windows: bool, out: &mut Vec<Placeholder>) {
    let mut from = 0;
    while let Some(i) = text[from..].find(open).map(|i| i + from) {
        let Some(j) = text[i..].find(close).map(|j| j + i) else {
            break;
        };
        if j == i + open.len() || j < i + open.len() {
            break;
        }
        out.push(Placeholder {
            range: i..j + close.len(),
            name: text[i + open.len()..j].to_string(),
            windows,
        });
        from = j + close.len();
    }
}

/// Whether `text` contains a placeholder (its value is only known where CoreDNS runs).
pub fn has_placeholder(text: &str) -> bool {
    (text.contains("{$") || text.contains("{%")) && !placeholders(text).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_both_forms() {
        let p = placeholders("a{$X}b{%Y%}");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "X");
        assert_eq!(p[1].name, "Y");
        assert!(p[1].windows);
    }

    #[test]
    fn empty_name_stops_the_scan() {
        assert!(placeholders("{$}{$HOME}").is_empty());
        assert_eq!(placeholders("{%%}{$HOME}").len(), 1);
    }

    #[test]
    fn name_ends_at_first_brace() {
        let p = placeholders("{$A{$B}}");
        assert_eq!(p[0].name, "A{$B");
    }
}
