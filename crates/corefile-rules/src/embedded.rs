//! Corefiles inside Kubernetes YAML: every ConfigMap key that holds a Corefile is linted as the
//! file CoreDNS would read, and the diagnostics are mapped back to the YAML file's positions.
//!
//! The ConfigMaps of one YAML file are mounted into an in-memory file system the way the usual
//! deployments mount them (`coredns` keys under `/etc/coredns/`, `coredns-custom` keys under
//! `/etc/coredns/custom/`), so `import /etc/coredns/custom/*.server` finds the fragments of the
//! same stream and duplicate zones across them are caught.

use std::path::PathBuf;
use std::sync::Arc;

use corefile_embed::{find_corefiles, EmbedError, Embedded, EmbeddedKind};
use corefile_model::load::{RootFile, RootKind};
use corefile_model::{
    Diagnostic, FileDb, FileId, Group, Label, Location, MemoryVfs, RuleMeta, Severity, TextRange,
    TextSize,
};

use crate::{lint, LintOptions};

pub static NOT_LINTABLE: RuleMeta = RuleMeta {
    code: "LNT003",
    name: "yaml-template",
    group: Group::Lint,
    default_severity: Severity::Warning,
    summary: "A YAML file that is a template (Helm, Jinja, shell variables), so its Corefiles cannot be linted as they stand",
    doc: "## What it does\nRecognizes generator templates (`{{ }}`, `{% %}`, `$VAR`, `__PILLAR__...__`) in a YAML file before \
reading it as a ConfigMap.\n\n## Why is this bad?\nThe Corefile CoreDNS will get only exists after rendering; linting the \
template would misread it.\n\n## Example\n```yaml\ndata:\n  Corefile: |\n    {{ .Values.zone }} {\n        whoami\n    }\n```\n\n\
## Fix\nLint the rendered output instead: `helm template . | corefile-lint check -`.",
};

pub static INVALID_YAML: RuleMeta = RuleMeta {
    code: "LNT004",
    name: "invalid-yaml",
    group: Group::Lint,
    default_severity: Severity::Error,
    summary: "A YAML file that cannot be parsed, so its ConfigMaps cannot be read",
    doc: "## What it does\nReports YAML syntax errors in files checked for embedded Corefiles.\n\n## Why is this bad?\n\
`kubectl apply` refuses the file, and no Corefile in it can be checked.\n\n## Example\n```yaml\ndata:\n  Corefile: |\n  . {\n```\n\n\
## Fix\nFix the YAML at the position named; block scalar lines must be indented more than their key.",
};

pub static ALL: &[&RuleMeta] = &[&NOT_LINTABLE, &INVALID_YAML];

/// Where a ConfigMap key is mounted in the usual CoreDNS deployments.
fn mount_path(e: &Embedded) -> PathBuf {
    let dir = match e.configmap_name.as_deref() {
        Some("coredns-custom") => "/etc/coredns/custom",
        _ => "/etc/coredns",
    };
    PathBuf::from(dir).join(&e.key)
}

/// Lints every Corefile of a YAML file. The returned file database holds the YAML file alone
/// (`FileId(0)`) and every diagnostic points into it.
pub fn lint_yaml(name: &str, text: &str, opts: &LintOptions) -> (FileDb, Vec<Diagnostic>) {
    let mut files = FileDb::default();
    let yaml_id = files.add(name.to_string(), None, Arc::from(text));
    let found = match find_corefiles(text, &opts.config.configmap_keys) {
        Ok(found) => found,
        Err(e) => return (files.clone(), vec![embed_error(&files, yaml_id, &e)]),
    };
    let mut vfs = MemoryVfs::default();
    for e in &found {
        vfs.insert(mount_path(e), &e.text);
    }
    let mut out: Vec<Diagnostic> = Vec::new();
    for e in &found {
        let kind = match e.kind {
            EmbeddedKind::Override => RootKind::Body,
            EmbeddedKind::Corefile => RootKind::Corefile,
            EmbeddedKind::Server => RootKind::ServerFragment,
        };
        let root = RootFile {
            name: format!("{name} ({})", e.key),
            path: Some(mount_path(e)),
            text: Arc::from(e.text.as_str()),
        };
        let result = lint(
            &vfs,
            root,
            &LintOptions {
                config: opts.config.clone(),
                root_kind: Some(kind),
            },
        );
        let to_yaml = |loc: Location| -> Option<Location> {
            let path = result.model.files.get(loc.file).path.as_ref()?;
            let owner = found.iter().find(|f| &mount_path(f) == path)?;
            let r = owner.yaml_range(
                u32::from(loc.range.start()) as usize..u32::from(loc.range.end()) as usize,
            );
            Some(Location::new(
                yaml_id,
                TextRange::new(TextSize::from(r.start as u32), TextSize::from(r.end as u32)),
            ))
        };
        for mut d in result.diagnostics {
            // Globs into mounts of optional ConfigMaps (k3s and AKS `coredns-custom`) match nothing
            // when that ConfigMap is not in this file; that is how those setups are meant.
            if d.rule.code == corefile_model::codes::GLOB_NO_MATCH.code {
                continue;
            }
            let Some(loc) = to_yaml(d.location) else {
                continue;
            };
            d.location = loc;
            d.labels = d
                .labels
                .into_iter()
                .filter_map(|l| {
                    Some(Label {
                        location: to_yaml(l.location)?,
                        message: l.message,
                    })
                })
                .collect();
            if let Some(fix) = d.fix.as_mut() {
                // A fix is only offered when every edit maps into the YAML file.
                let mapped: Option<Vec<_>> = fix
                    .edits
                    .iter()
                    .map(|ed| {
                        Some(corefile_model::Edit {
                            location: to_yaml(ed.location)?,
                            new_text: ed.new_text.clone(),
                        })
                    })
                    .collect();
                match mapped {
                    Some(edits) => fix.edits = edits,
                    None => d.fix = None,
                }
            }
            // A fragment linted on its own and again through an import reports the same things.
            if !out.iter().any(|o| {
                o.location == d.location && o.rule.code == d.rule.code && o.message == d.message
            }) {
                out.push(d);
            }
        }
    }
    out.sort_by_key(|d| (d.location.range.start(), d.rule.code));
    (files, out)
}

fn embed_error(files: &FileDb, file: FileId, e: &EmbedError) -> Diagnostic {
    let src = files.get(file);
    let at = |line: usize, column: usize| -> Location {
        let start = src
            .lines
            .line_start(line.saturating_sub(1) as u32)
            .unwrap_or_default();
        let line_text = &src.text[u32::from(start) as usize..];
        let offset: usize = line_text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        let s = start + TextSize::from(offset as u32);
        Location::new(file, TextRange::empty(s))
    };
    match e {
        EmbedError::Template { line, column, .. } => Diagnostic::new(
            &NOT_LINTABLE,
            at(*line, *column),
            format!("not lintable as it stands: {e}"),
        )
        .with_help("render the template first, e.g. `helm template . | corefile-lint check -`"),
        EmbedError::Syntax {
            line,
            column,
            message,
        } => Diagnostic::new(
            &INVALID_YAML,
            at(*line, *column),
            format!("invalid YAML: {message}"),
        ),
        EmbedError::KeyPattern { .. } | EmbedError::Unmappable { .. } => {
            Diagnostic::new(&INVALID_YAML, at(1, 1), e.to_string())
        }
    }
}
