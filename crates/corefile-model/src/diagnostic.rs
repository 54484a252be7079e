//! The one diagnostic type every stage produces and every output format, the language server and
//! `--fix` read.

use crate::files::{FileId, Location};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            "hint" => Severity::Hint,
            _ => return None,
        })
    }
}

/// Which stage of CoreDNS would notice the problem (or, for `semantic`/`style`, that it would not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// Refused by CoreDNS's Corefile parser: lexing, braces, directive names, imports, snippets.
    Syntax,
    /// Server-block keys: zones, ports, transports, duplicates.
    Address,
    /// A plugin's own setup code.
    Plugin,
    /// Cross-plugin mistakes CoreDNS accepts silently.
    Semantic,
    /// Layout and formatting.
    Style,
    /// About the linter itself: suppressions, configuration.
    Lint,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Syntax => "syntax",
            Group::Address => "address",
            Group::Plugin => "plugin",
            Group::Semantic => "semantic",
            Group::Style => "style",
            Group::Lint => "lint",
        }
    }
}

/// Static description of one rule code. Every code a diagnostic can carry has exactly one.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `SYN001`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `unknown-directive`.
    pub name: &'static str,
    pub group: Group,
    pub default_severity: Severity,
    /// One line for `corefile-lint rules`.
    pub summary: &'static str,
    /// Markdown with the sections `What it does`, `Why is this bad?`, `Example`, `Fix`.
    pub doc: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Keeps the meaning the user evidently intended; may be applied without review.
    Safe,
    /// Changes behaviour; offered, never applied automatically.
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub location: Location,
    pub new_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Imperative title, e.g. "Replace `proxy` with `forward`".
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// Secondary places: the import chain, the other duplicate, the block a fallthrough belongs to.
    pub labels: Vec<Label>,
    /// How to fix it, in words, when no mechanical fix exists or in addition to it.
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}
impl Eq for RuleMeta {}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            message: message.into(),
            location,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn group(&self) -> Group {
        self.rule.group
    }

    pub fn file(&self) -> FileId {
        self.location.file
    }

    pub fn with_label(mut self, location: Location, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// "did you mean" for a misspelt name: the closest candidate within a small edit distance.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::damerau_levenshtein(name, c);
        let limit = if name.len() <= 4 {
            1
        } else {
            2.max(name.len() / 4)
        };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}
