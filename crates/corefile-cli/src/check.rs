//! `corefile-lint check`.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use clap::Args;
use corefile_model::load::{RootFile, RootKind};
use corefile_model::{DiskVfs, Severity, Vfs};
use corefile_rules::{lint, LintOptions};

use crate::discover::{inputs, Input};
use crate::output::{self, Format, Report};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check (`-` reads standard input). Default: the current directory.
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// A directive of a custom CoreDNS build (repeatable); accepted, not validated.
    #[arg(long = "plugin", value_name = "NAME")]
    pub plugins: Vec<String>,
}

pub fn run(args: CheckArgs) -> u8 {
    let paths = if args.paths.is_empty() {
        vec![".".to_string()]
    } else {
        args.paths.clone()
    };
    let inputs = match inputs(&paths) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let opts = LintOptions {
        extra_plugins: args.plugins.clone(),
        root_kind: None,
    };
    let mut reports = Vec::new();
    let mut io_failed = false;
    for input in inputs {
        match read_input(&input) {
            Ok(root) => {
                let kind = if root.name.ends_with(".override") {
                    RootKind::Body
                } else {
                    RootKind::Corefile
                };
                let opts = LintOptions {
                    root_kind: Some(kind),
                    ..opts.clone()
                };
                let result = lint(&DiskVfs, root, &opts);
                reports.push(Report {
                    files: result.model.files,
                    diagnostics: result.diagnostics,
                });
            }
            Err(e) => {
                eprintln!("error: {e}");
                io_failed = true;
            }
        }
    }
    let text = output::render(args.format, &reports);
    print!("{text}");
    let errors = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .count();
    if io_failed {
        2
    } else if errors > 0 {
        1
    } else {
        0
    }
}

fn read_input(input: &Input) -> Result<RootFile, String> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(corefile_model::files::MAX_IMPORT_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("<stdin>: {}", corefile_model::files::os_error(&e)))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                format!(
                    "<stdin>: not valid UTF-8 (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                )
            })?;
            Ok(RootFile {
                name: "<stdin>".into(),
                path: None,
                text: Arc::from(text),
            })
        }
        Input::File(path) => {
            let text = DiskVfs
                .read(path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let abs = std::path::absolute(path).ok().map(|p| normalize(&p));
            Ok(RootFile {
                name: path.display().to_string(),
                path: abs,
                text,
            })
        }
    }
}

/// Removes `.` components so import paths print cleanly (no symlink resolution, like Go).
fn normalize(p: &Path) -> std::path::PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}
