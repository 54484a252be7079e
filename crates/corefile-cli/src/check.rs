//! `corefile-lint check`.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use corefile_model::load::{RootFile, RootKind};
use corefile_model::{DiskVfs, Severity, Vfs};
use corefile_rules::config::Config;
use corefile_rules::{lint, LintOptions};

use crate::configs::start;
use crate::discover::Input;
use crate::output::{self, Format, Report};

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Files or directories to check (`-` reads standard input). Default: the current directory.
    pub paths: Vec<String>,
    /// Output format (default: `github` when GITHUB_ACTIONS=true, else `human`).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// A directive of a custom CoreDNS build (repeatable); accepted by name, not validated.
    #[arg(long = "plugin", value_name = "NAME")]
    pub plugins: Vec<String>,
    /// The CoreDNS release to check against, e.g. 1.11.3 (default: the newest known).
    #[arg(long, value_name = "VERSION")]
    pub target_version: Option<String>,
    /// Only report these codes, prefixes, groups or rule names (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Never report these codes, prefixes, groups or rule names.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_name = "SEVERITY", value_parser = ["error", "warning", "info", "hint"])]
    pub fail_on: Option<String>,
    /// Exit 0 even when there are findings (I/O and usage errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Use this config file instead of discovering `.corefile-lint.toml`.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Ignore every `.corefile-lint.toml`.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Name to show for standard input (and to resolve its relative imports from).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
}

/// The command line's settings laid over a file's configuration.
fn overlay(a: &CheckArgs, mut c: Config) -> Config {
    c.plugins.extend(a.plugins.iter().cloned());
    if a.target_version.is_some() {
        c.target_version = a.target_version.clone();
    }
    if !a.select.is_empty() {
        c.select = Some(a.select.clone());
    }
    c.ignore.extend(a.ignore.iter().cloned());
    if a.fail_on.is_some() {
        c.fail_on = a.fail_on.clone();
    }
    c
}

pub fn run(args: CheckArgs) -> u8 {
    if let Some(v) = &args.target_version {
        if corefile_model::directives::Version::parse(v).is_none() {
            eprintln!("error: --target-version must look like 1.11.3, got `{v}`");
            return 2;
        }
    }
    let (inputs, mut configs) = match start(&args.paths, args.config.as_deref(), args.no_config) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut reports = Vec::new();
    let mut io_failed = false;
    let mut failing = false;
    for input in &inputs {
        let root = match read_input(input, args.stdin_filename.as_deref()) {
            Ok(root) => root,
            Err(e) => {
                eprintln!("error: {e}");
                io_failed = true;
                continue;
            }
        };
        let dir = root
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
        let config = match configs.for_dir(&dir) {
            Ok(c) => overlay(&args, c),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        let fail_on = config
            .fail_on
            .as_deref()
            .and_then(Severity::parse)
            .unwrap_or(Severity::Error);
        let root_name = root.name.clone();
        let (files, diagnostics) = if is_yaml(input, &root) {
            let opts = LintOptions {
                config,
                root_kind: None,
            };
            corefile_rules::embedded::lint_yaml(&root.name, &root.text, &opts)
        } else {
            let kind = if root.name.ends_with(".override") {
                RootKind::Body
            } else if root.name.ends_with(".server") {
                RootKind::ServerFragment
            } else {
                RootKind::Corefile
            };
            let result = lint(
                &DiskVfs,
                root,
                &LintOptions {
                    config,
                    root_kind: Some(kind),
                },
            );
            let mut model = result.model;
            let files = std::mem::take(&mut model.files);
            // Freeing every token of a large model one by one costs a tenth of the run, and the
            // process ends soon: the rest of the model is left to the operating system.
            std::mem::forget(model);
            (files, result.diagnostics)
        };
        failing |= diagnostics.iter().any(|d| d.severity <= fail_on);
        reports.push(Report {
            files,
            diagnostics,
            root_name,
        });
    }
    let format = args.format.unwrap_or(
        if std::env::var("GITHUB_ACTIONS").as_deref() == Ok("true") {
            Format::Github
        } else {
            Format::Human
        },
    );
    let color = format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    print!("{}", output::render(format, &reports, color));

    let count = |s: Severity| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info) + count(Severity::Hint),
    );
    eprintln!(
        "corefile-lint: {} file{} checked, {errors} error{}, {warnings} warning{}, {infos} note{}",
        reports.len(),
        plural(reports.len()),
        plural(errors),
        plural(warnings),
        plural(infos)
    );
    // Like the models above: the process ends right after this.
    std::mem::forget(reports);
    if io_failed {
        2
    } else if failing && !args.exit_zero {
        1
    } else {
        0
    }
}

/// YAML by name (`.yaml`, `.yml`) or by content (a Kubernetes manifest on standard input).
fn is_yaml(input: &Input, root: &RootFile) -> bool {
    let path = match input {
        Input::File(p) => p.clone(),
        Input::Stdin => PathBuf::from(&root.name),
    };
    corefile_embed::looks_like_yaml(&path, &root.text)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn read_input(input: &Input, stdin_name: Option<&str>) -> Result<RootFile, String> {
    match input {
        Input::Stdin => {
            let name = stdin_name.unwrap_or("<stdin>").to_string();
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(corefile_model::files::MAX_IMPORT_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{name}: {}", corefile_model::files::os_error(&e)))?;
            if bytes.len() as u64 > corefile_model::files::MAX_IMPORT_BYTES {
                return Err(format!(
                    "{name}: larger than {} MiB",
                    corefile_model::files::MAX_IMPORT_BYTES >> 20
                ));
            }
            let text = String::from_utf8(bytes).map_err(|e| {
                format!(
                    "{name}: not valid UTF-8 (first bad byte at offset {})",
                    e.utf8_error().valid_up_to()
                )
            })?;
            let path = stdin_name.and_then(|n| std::path::absolute(n).ok());
            Ok(RootFile {
                name,
                path,
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
fn normalize(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}
