//! Suppression comments in the Corefile itself:
//!
//! ```corefile
//! # corefile-lint: ignore-file[ADR005] reason     (anywhere: the whole file)
//! . {
//!     # corefile-lint: ignore[PLG003] reason      (own line: the next line)
//!     custom_option x
//!     proxy . 1.1.1.1  # corefile-lint: ignore[SYN002] old CoreDNS  (trailing: this line)
//! }
//! ```
//!
//! Codes may be full codes, prefixes, groups or rule names. Suppressions that suppress nothing are
//! reported (`LNT001`), and so are codes that name no rule (`LNT002`).

use corefile_model::{Diagnostic, FileId, Group, LineIndex, Location, Model, RuleMeta, Severity};
use corefile_syntax::SyntaxKind;

use crate::config::selects;

pub static UNUSED_SUPPRESSION: RuleMeta = RuleMeta {
    code: "LNT001",
    name: "unused-suppression",
    group: Group::Lint,
    default_severity: Severity::Warning,
    summary: "A `corefile-lint: ignore[...]` comment that suppresses nothing",
    doc: "## What it does\nReports suppression comments whose codes match no diagnostic on the lines they cover.\n\n\
## Why is this bad?\nA stale suppression hides the next real problem on that line and misleads readers.\n\n\
## Example\n```corefile\n. {\n    whoami  # corefile-lint: ignore[SYN001]\n}\n```\n\n## Fix\nRemove the comment, or the codes that no longer apply.",
};

pub static UNKNOWN_SUPPRESSION_CODE: RuleMeta = RuleMeta {
    code: "LNT002",
    name: "unknown-suppression-code",
    group: Group::Lint,
    default_severity: Severity::Warning,
    summary: "A suppression comment names a code that no rule has",
    doc: "## What it does\nChecks the codes inside `corefile-lint: ignore[...]`.\n\n## Why is this bad?\nA typo in a code suppresses nothing.\n\n\
## Example\n```corefile\n. {\n    proxy . 1.1.1.1  # corefile-lint: ignore[SYN02]\n}\n```\n\n## Fix\nUse a code from `corefile-lint rules`.",
};

pub static ALL: &[&RuleMeta] = &[&UNUSED_SUPPRESSION, &UNKNOWN_SUPPRESSION_CODE];

const MARKER: &str = "corefile-lint:";

#[derive(Debug)]
struct Suppression {
    file: FileId,
    /// 0-based line it covers; `None` for the whole file.
    line: Option<u32>,
    codes: Vec<String>,
    location: Location,
    used: Vec<bool>,
}

/// Removes suppressed diagnostics and adds the `LNT` findings about the suppressions.
pub fn apply(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let mut sups = Vec::new();
    let mut extra = Vec::new();
    for (id, file) in model.files.iter() {
        collect(id, &file.text, &file.lines, &mut sups, &mut extra);
    }
    if sups.is_empty() && extra.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let file = model.files.get(d.location.file);
        let line = file.lines.line_of(d.location.range.start());
        let mut suppressed = false;
        for s in sups
            .iter_mut()
            .filter(|s| s.file == d.location.file && s.line.is_none_or(|l| l == line))
        {
            for (i, c) in s.codes.iter().enumerate() {
                if selects(c, d.rule) {
                    s.used[i] = true;
                    suppressed = true;
                }
            }
        }
        !suppressed
    });
    for s in &sups {
        // Unknown codes were already reported as such.
        let known = |c: &str| crate::all_rules().iter().any(|r| selects(c, r));
        let unused: Vec<&str> = s
            .codes
            .iter()
            .zip(&s.used)
            .filter(|(c, u)| !**u && known(c))
            .map(|(c, _)| c.as_str())
            .collect();
        if !unused.is_empty() {
            extra.push(
                Diagnostic::new(
                    &UNUSED_SUPPRESSION,
                    s.location,
                    format!(
                        "this suppression of {} matches no diagnostic",
                        unused.join(", ")
                    ),
                )
                .with_help("remove it, or the codes that no longer apply"),
            );
        }
    }
    diagnostics.extend(extra);
}

fn collect(
    file: FileId,
    text: &str,
    lines: &LineIndex,
    out: &mut Vec<Suppression>,
    extra: &mut Vec<Diagnostic>,
) {
    if !text.contains(MARKER) {
        return;
    }
    let tokens = corefile_syntax::lex(text);
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != SyntaxKind::COMMENT {
            continue;
        }
        let comment = &text[t.range];
        let Some(at) = comment.find(MARKER) else {
            continue;
        };
        let directive = comment[at + MARKER.len()..].trim_start();
        let (file_level, rest) = if let Some(r) = directive.strip_prefix("ignore-file") {
            (true, r)
        } else if let Some(r) = directive.strip_prefix("ignore") {
            (false, r)
        } else {
            continue;
        };
        let location = Location::new(file, t.range);
        let codes: Vec<String> = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((list, _)) => list
                .split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            None if file_level => vec!["ALL".to_string()],
            None => {
                extra.push(Diagnostic::new(
                    &UNKNOWN_SUPPRESSION_CODE,
                    location,
                    "`corefile-lint: ignore` needs the codes to suppress, e.g. `ignore[SYN001]`",
                ));
                continue;
            }
        };
        for c in &codes {
            if !crate::all_rules().iter().any(|r| selects(c, r)) {
                extra.push(
                    Diagnostic::new(
                        &UNKNOWN_SUPPRESSION_CODE,
                        location,
                        format!("`{c}` is not a rule code, prefix, group or name"),
                    )
                    .with_help("see `corefile-lint rules`"),
                );
            }
        }
        let line = if file_level {
            None
        } else {
            let own_line = tokens[..i]
                .iter()
                .rev()
                .take_while(|p| p.kind != SyntaxKind::NEWLINE)
                .all(|p| p.kind == SyntaxKind::WHITESPACE);
            let this = lines.line_of(t.range.start());
            Some(if own_line {
                next_code_line(&tokens[i + 1..], lines).unwrap_or(this + 1)
            } else {
                this
            })
        };
        let used = vec![false; codes.len()];
        out.push(Suppression {
            file,
            line,
            codes,
            location,
            used,
        });
    }
}

/// The first following line with a significant token.
fn next_code_line(rest: &[corefile_syntax::LexToken], lines: &LineIndex) -> Option<u32> {
    rest.iter()
        .find(|t| !t.kind.is_trivia())
        .map(|t| lines.line_of(t.range.start()))
}
