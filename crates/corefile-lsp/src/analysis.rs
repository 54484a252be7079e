//! One analysis of an open document: corefile-rules' `lint` over the overlay file system, and the
//! conversions of its results to LSP positions (UTF-16, per file).

use std::path::PathBuf;
use std::sync::Arc;

use corefile_model::load::{RootFile, RootKind};
use corefile_model::{Diagnostic, FileId, Location, Model};
use corefile_rules::config::Config;
use corefile_rules::embedded::lint_yaml;
use corefile_rules::{lint, LintOptions};
use tower_lsp_server::ls_types::{self as lsp, Range, Uri};

use crate::document::DocKind;
use crate::vfs::OverlayVfs;

/// Everything one analysis needs, gathered while the document lock is held, run without it.
pub struct Job {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub kind: DocKind,
    pub text: Arc<str>,
    pub version: i32,
    pub generation: u64,
    pub vfs: OverlayVfs,
    pub plugins: Vec<String>,
}

/// The result of one analysis.
pub struct Analysis {
    pub uri: Uri,
    pub version: i32,
    pub generation: u64,
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
    /// Why the `.corefile-lint.toml` that applies could not be used (defaults were).
    pub config_error: Option<String>,
}

impl Job {
    pub fn run(self) -> Analysis {
        let name = match &self.path {
            Some(p) => p.display().to_string(),
            None => self.uri.as_str().to_string(),
        };
        let (mut config, config_error) = self.file_config();
        config.plugins.extend(self.plugins.iter().cloned());
        let root_kind = match self.kind {
            DocKind::Body => RootKind::Body,
            DocKind::ServerFragment => RootKind::ServerFragment,
            DocKind::Corefile | DocKind::Yaml => RootKind::Corefile,
        };
        let opts = LintOptions {
            config,
            root_kind: Some(root_kind),
        };
        let (model, diagnostics) = if self.kind == DocKind::Yaml {
            if may_hold_corefiles(&self.text) {
                let (files, diagnostics) = lint_yaml(&name, &self.text, &opts);
                (
                    Model {
                        files,
                        ..Model::default()
                    },
                    diagnostics,
                )
            } else {
                (Model::default(), Vec::new())
            }
        } else {
            let root = RootFile {
                name,
                path: self.path.clone(),
                text: self.text.clone(),
            };
            let result = lint(&self.vfs, root, &opts);
            (result.model, result.diagnostics)
        };
        Analysis {
            uri: self.uri,
            version: self.version,
            generation: self.generation,
            model,
            diagnostics,
            config_error,
        }
    }

    /// The nearest `.corefile-lint.toml` above the document, as `corefile-lint check` reads it.
    fn file_config(&self) -> (Config, Option<String>) {
        match crate::config::file_config(self.path.as_deref()) {
            Ok(found) => (found.unwrap_or_default(), None),
            Err(e) => (Config::default(), Some(e)),
        }
    }
}

/// Editors send every YAML file; only those that can be CoreDNS ConfigMaps are analysed, so that
/// unrelated manifests and templates get no YAML or template warnings from this server.
fn may_hold_corefiles(text: &str) -> bool {
    text.contains("Corefile") || text.contains("coredns")
}

/// The root document is always the first file an analysis loads.
pub const ROOT: FileId = FileId(0);

impl Analysis {
    /// Paths of the files this analysis read besides the document itself.
    pub fn imported_paths(&self) -> impl Iterator<Item = &std::path::Path> {
        self.model
            .files
            .iter()
            .filter(|(id, _)| *id != ROOT)
            .filter_map(|(_, f)| f.path.as_deref())
    }

    pub fn uri_of(&self, file: FileId) -> Option<Uri> {
        if file == ROOT {
            return Some(self.uri.clone());
        }
        Uri::from_file_path(self.model.files.get(file).path.as_ref()?)
    }

    pub fn range_of(&self, loc: Location) -> Range {
        let f = self.model.files.get(loc.file);
        let start = f.lines.line_col_utf16(&f.text, loc.range.start());
        let end = f.lines.line_col_utf16(&f.text, loc.range.end());
        Range::new(
            lsp::Position::new(start.line, start.col),
            lsp::Position::new(end.line, end.col),
        )
    }

    pub fn lsp_location(&self, loc: Location) -> Option<lsp::Location> {
        Some(lsp::Location::new(
            self.uri_of(loc.file)?,
            self.range_of(loc),
        ))
    }
}
