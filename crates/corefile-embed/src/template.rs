//! Recognises files that are generator templates (Helm/Go `{{ }}`, Jinja `{% %}`, shell or sed
//! placeholders) so they are reported as such instead of being misread as YAML or Corefiles.

use std::fmt;

/// Which kind of generator a template marker belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateEngine {
    /// Helm or Go `text/template`: `{{ ... }}`.
    GoTemplate,
    /// Jinja2 / Ansible: `{% ... %}` or `{# ... #}`.
    Jinja,
    /// A shell or envsubst variable such as `$DNS_DOMAIN` (CoreDNS's own form is `{$NAME}`).
    ShellVariable,
    /// A sed-style placeholder such as `__PILLAR__DNS__SERVER__`.
    Placeholder,
}

impl fmt::Display for TemplateEngine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TemplateEngine::GoTemplate => "helm/go template",
            TemplateEngine::Jinja => "jinja template",
            TemplateEngine::ShellVariable => "shell variable",
            TemplateEngine::Placeholder => "sed placeholder",
        })
    }
}

/// A template marker: where it starts and what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    pub(crate) offset: usize,
    pub(crate) engine: TemplateEngine,
}

impl Marker {
    /// A short excerpt of the marker in `text` for messages.
    pub(crate) fn excerpt(&self, text: &str) -> String {
        match self.engine {
            TemplateEngine::GoTemplate | TemplateEngine::Jinja => delimited(text, self.offset),
            TemplateEngine::ShellVariable | TemplateEngine::Placeholder => {
                word_at(text, self.offset)
            }
        }
    }
}

/// The marker starting at `at`, judged by the bytes there; `{%NAME%}` is CoreDNS's Windows-style
/// environment placeholder, so Jinja needs a blank, `-` or `+` after `{%` (and after `{#`, which
/// a Corefile could otherwise hold as an odd token).
fn marker_at(text: &str, at: usize) -> Option<TemplateEngine> {
    let rest = &text.as_bytes()[at..];
    match rest {
        [b'{', b'{', ..] => Some(TemplateEngine::GoTemplate),
        [b'{', b'%', b' ' | b'\t' | b'\n' | b'\r' | b'-' | b'+', ..]
        | [b'{', b'#', b' ' | b'\t' | b'-', ..] => Some(TemplateEngine::Jinja),
        _ => None,
    }
}

/// The marker up to its closing delimiter or the line end, at most 60 characters.
fn delimited(text: &str, at: usize) -> String {
    let line = &text[at..text[at..].find('\n').map_or(text.len(), |i| at + i)];
    let end = ["}}", "%}", "#}"]
        .iter()
        .filter_map(|close| line[2..].find(close).map(|i| i + 4))
        .min()
        .unwrap_or(line.len());
    line[..end]
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// Every `{{`, `{% ` and `{# ` in the YAML text, in order.
pub(crate) fn structural_markers(yaml: &str) -> Vec<Marker> {
    yaml.match_indices('{')
        .filter_map(|(at, _)| marker_at(yaml, at).map(|engine| Marker { offset: at, engine }))
        .collect()
}

/// The first template marker in a decoded Corefile that is Corefile code. Markers inside quoted
/// Corefile strings are the `template` plugin's own `{{ .Name }}` answers, and comments are
/// ignored.
pub(crate) fn first_corefile_marker(corefile: &str) -> Option<Marker> {
    let bytes = corefile.as_bytes();
    let mut in_quotes = false;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let token_start = at == 0 || bytes[at - 1].is_ascii_whitespace();
        if in_quotes {
            match b {
                b'\\' => at += 1,
                b'"' => in_quotes = false,
                _ => {}
            }
        } else if b == b'"' {
            in_quotes = true;
        } else if b == b'#' && token_start {
            at = corefile[at..].find('\n').map_or(bytes.len(), |i| at + i);
            continue;
        } else if let Some(engine) = matches!(b, b'{' | b'$' | b'_')
            .then(|| corefile_marker_at(corefile, at))
            .flatten()
        {
            return Some(Marker { offset: at, engine });
        }
        at += 1;
    }
    None
}

fn corefile_marker_at(corefile: &str, at: usize) -> Option<TemplateEngine> {
    let bytes = corefile.as_bytes();
    if let Some(engine) = marker_at(corefile, at) {
        return Some(engine);
    }
    let after = |n: usize| bytes.get(at + n).copied().unwrap_or(0);
    let preceded_by_brace = at > 0 && bytes[at - 1] == b'{';
    let braced_name = after(1) == b'{' && (after(2).is_ascii_alphabetic() || after(2) == b'_');
    if bytes[at] == b'$' && !preceded_by_brace && (after(1).is_ascii_uppercase() || braced_name) {
        return Some(TemplateEngine::ShellVariable);
    }
    corefile[at..]
        .starts_with("__PILLAR__")
        .then_some(TemplateEngine::Placeholder)
}

fn word_at(text: &str, at: usize) -> String {
    text[at..]
        .split(|c: char| c.is_whitespace() || c == '"')
        .next()
        .unwrap_or_default()
        .to_string()
}
