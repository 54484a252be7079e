//! `corefile-lint fmt`.

use std::io::{Read, Write};
use std::path::Path;

use clap::{Args, ValueEnum};
use corefile_fmt::{FormatError, IndentStyle, LineEnding, Options};
use corefile_model::files::{os_error, LineIndex};

use corefile_embed::{EmbedError, EmbeddedKind};
use corefile_rules::config::{Config, IndentStyle as ConfigIndent};

use crate::configs::start;
use crate::discover::Input;

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files or directories to format in place (`-` formats standard input to standard output).
    /// Default: the current directory.
    pub paths: Vec<String>,
    /// Change nothing; list the files that would be reformatted and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// Change nothing; print a unified diff of what would change and exit 1 if anything would.
    #[arg(long)]
    pub diff: bool,
    /// Spaces per indentation level (default: `[format] indent-width` of `.corefile-lint.toml`, else 4).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=16))]
    pub indent_width: Option<u8>,
    /// Indent with one tab per level.
    #[arg(long, conflicts_with = "indent_width")]
    pub tabs: bool,
    /// Line endings to write (`auto`: those of each file's first line).
    #[arg(long, value_enum, default_value_t = LineEndingArg::Auto)]
    pub line_ending: LineEndingArg,
    /// Also format files with syntax errors, applying only provably safe fixes there (trailing
    /// whitespace, blank lines, indentation before the first error).
    #[arg(long)]
    pub conservative: bool,
    /// Use this config file instead of discovering `.corefile-lint.toml`.
    #[arg(long, value_name = "PATH")]
    pub config: Option<std::path::PathBuf>,
    /// Ignore every `.corefile-lint.toml`.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LineEndingArg {
    Auto,
    Lf,
    Crlf,
}

/// What grammar a file follows, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SourceKind {
    Corefile,
    /// Directives CoreDNS splices inside a server block (`*.override`).
    Fragment,
    /// A Kubernetes manifest that may hold Corefiles in ConfigMaps: each embedded text is
    /// formatted and spliced back; no other byte changes.
    Yaml,
}

impl SourceKind {
    fn of(name: &str, text: &str) -> SourceKind {
        if name.ends_with(".override") {
            SourceKind::Fragment
        } else if corefile_embed::looks_like_yaml(Path::new(name), text) {
            SourceKind::Yaml
        } else {
            SourceKind::Corefile
        }
    }
}

/// What happened to one input.
enum Outcome {
    Unchanged,
    Changed,
    Failed,
}

pub fn run(args: FmtArgs) -> u8 {
    let (inputs, mut configs) = match start(&args.paths, args.config.as_deref(), args.no_config) {
        Ok(started) => started,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let (mut changed, mut failed) = (false, false);
    for input in &inputs {
        let dir = match input {
            Input::File(p) => std::path::absolute(p)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf)),
            Input::Stdin => None,
        }
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
        let config = match configs.for_dir(&dir) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        let opts = options(&args, &config);
        match format_input(input, &args, &opts, &config.configmap_keys) {
            Outcome::Unchanged => {}
            Outcome::Changed => changed = true,
            Outcome::Failed => failed = true,
        }
    }
    if failed {
        2
    } else if changed && (args.check || args.diff) {
        1
    } else {
        0
    }
}

/// Formatting options: the command line over the config file's `[format]` table over the defaults.
fn options(args: &FmtArgs, config: &Config) -> Options {
    let from_file = &config.format;
    let indent = if args.tabs {
        IndentStyle::Tabs
    } else if let Some(w) = args.indent_width {
        IndentStyle::Spaces(w)
    } else if from_file.indent_style == Some(ConfigIndent::Tabs) {
        IndentStyle::Tabs
    } else {
        IndentStyle::Spaces(from_file.indent_width.unwrap_or(4))
    };
    let line_ending = match args.line_ending {
        LineEndingArg::Auto => LineEnding::Auto,
        LineEndingArg::Lf => LineEnding::Lf,
        LineEndingArg::Crlf => LineEnding::CrLf,
    };
    Options {
        indent,
        line_ending,
    }
}

fn format_input(
    input: &Input,
    args: &FmtArgs,
    opts: &Options,
    configmap_keys: &[String],
) -> Outcome {
    let (name, text) = match read_input(input) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::Failed;
        }
    };
    let kind = SourceKind::of(&name, &text);
    let formatted = if kind == SourceKind::Yaml {
        match format_yaml(&name, &text, args, opts, configmap_keys) {
            YamlOutcome::Formatted(f) => f,
            YamlOutcome::Skipped => return Outcome::Unchanged,
            YamlOutcome::Failed => return Outcome::Failed,
        }
    } else {
        let Some(formatted) = format_text(&name, &text, kind, args, opts) else {
            return Outcome::Failed;
        };
        formatted
    };
    let to_stdout = *input == Input::Stdin && !args.check && !args.diff;
    if to_stdout {
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = stdout
            .write_all(formatted.as_bytes())
            .and_then(|_| stdout.flush())
        {
            eprintln!("error: <stdout>: {}", os_error(&e));
            return Outcome::Failed;
        }
    }
    if formatted == text {
        return Outcome::Unchanged;
    }
    if args.check {
        eprintln!("would reformat: {name}");
    }
    if args.diff {
        print!("{}", unified_diff(&name, &text, &formatted));
    }
    if let (Input::File(path), false, false) = (input, args.check, args.diff) {
        if let Err(e) = write_atomically(path, &formatted) {
            eprintln!("error: {name}: {e}");
            return Outcome::Failed;
        }
    }
    Outcome::Changed
}

enum YamlOutcome {
    Formatted(String),
    /// Not a file with Corefiles to format (or a template): left alone, with a note when useful.
    Skipped,
    Failed,
}

/// Formats every Corefile in a YAML file's ConfigMaps and splices the results back; every byte
/// outside those values stays as it is. Values in kubectl's one-line quoted form become `|`
/// blocks.
fn format_yaml(
    name: &str,
    text: &str,
    args: &FmtArgs,
    opts: &Options,
    configmap_keys: &[String],
) -> YamlOutcome {
    let found = match corefile_embed::find_corefiles(text, configmap_keys) {
        Ok(found) => found,
        Err(e @ EmbedError::Template { .. }) => {
            eprintln!("{name}: skipped, not formattable as it stands: {e}");
            return YamlOutcome::Skipped;
        }
        // A YAML file that does not even parse: only an error if it looked like ours.
        Err(e) if text.contains("Corefile") => {
            eprintln!("error: {name}:{e}");
            return YamlOutcome::Failed;
        }
        Err(_) => return YamlOutcome::Skipped,
    };
    let mut edits = Vec::new();
    let mut failed = false;
    for e in &found {
        let kind = if e.kind == EmbeddedKind::Override {
            SourceKind::Fragment
        } else {
            SourceKind::Corefile
        };
        let shown = format!("{name} ({})", e.key);
        match format_source(&shown, &e.text, kind, args, opts) {
            Ok(f) => {
                if f != e.text || !e.is_block_scalar() {
                    edits.push((e, f));
                }
            }
            Err(error) => {
                failed = true;
                report_not_formatted(name, &shown, &error, |offset| {
                    corefile_embed::line_column(text, e.yaml_offset(offset))
                });
            }
        }
    }
    if failed {
        return YamlOutcome::Failed;
    }
    let refs: Vec<(&corefile_embed::Embedded, &str)> =
        edits.iter().map(|(e, f)| (*e, f.as_str())).collect();
    YamlOutcome::Formatted(corefile_embed::splice_all(text, &refs))
}

/// Formats one Corefile text: strictly, or with `--conservative` only the safe fixes when it has
/// syntax errors (saying so on stderr under `name`).
fn format_source(
    name: &str,
    text: &str,
    kind: SourceKind,
    args: &FmtArgs,
    opts: &Options,
) -> Result<String, FormatError> {
    let body = kind == SourceKind::Fragment;
    let strict = if body {
        corefile_fmt::format_body(text, opts)
    } else {
        corefile_fmt::format(text, opts)
    };
    match strict {
        Err(FormatError::Syntax(errors)) if args.conservative => {
            eprintln!(
                "{name}: {} syntax error{}; only the fixes that are safe anyway were applied",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            if body {
                corefile_fmt::format_body_conservative(text, opts)
            } else {
                corefile_fmt::format_conservative(text, opts)
            }
        }
        other => other,
    }
}

/// Says on stderr why `subject` (the file `name`, or a value in it) was not formatted;
/// `position` turns an offset of the Corefile text into the 1-based (line, column) in `name`.
fn report_not_formatted(
    name: &str,
    subject: &str,
    error: &FormatError,
    position: impl Fn(usize) -> (usize, usize),
) {
    match error {
        FormatError::Syntax(errors) => {
            for e in errors {
                let (line, col) = position(u32::from(e.range.start()) as usize);
                eprintln!("{name}:{line}:{col}: error: {}", e.message);
            }
            eprintln!(
                "{subject}: not formatted because of the syntax error{} above: fix {}, or run `fmt --conservative` to apply only the fixes that are safe anyway",
                if errors.len() == 1 { "" } else { "s" },
                if errors.len() == 1 { "it" } else { "them" },
            );
        }
        FormatError::Unsafe(_) => eprintln!("error: {subject}: {error}"),
    }
}

/// The formatted text, or `None` after saying on stderr why there is none.
fn format_text(
    name: &str,
    text: &str,
    kind: SourceKind,
    args: &FmtArgs,
    opts: &Options,
) -> Option<String> {
    format_source(name, text, kind, args, opts)
        .map_err(|e| {
            let lines = LineIndex::new(text);
            report_not_formatted(name, name, &e, |offset| {
                let at = lines.line_col_chars(text, (offset as u32).into());
                (at.line as usize + 1, at.col as usize + 1)
            });
        })
        .ok()
}

fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .to_string()
}

fn read_input(input: &Input) -> Result<(String, String), String> {
    let (name, bytes) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("<stdin>: {}", os_error(&e)))?;
            ("<stdin>".to_string(), bytes)
        }
        Input::File(path) => {
            let name = path.display().to_string();
            let bytes = std::fs::read(path).map_err(|e| format!("{name}: {}", os_error(&e)))?;
            (name, bytes)
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not valid UTF-8 (first bad byte at offset {}); the formatter only rewrites UTF-8 text",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok((name, text))
}

/// Replaces the file's content through a temporary file in the same directory and a rename,
/// so an interrupted run leaves either the old or the new content. Symlinks are followed (the
/// link stays a link); permissions and owner are kept.
fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let target = std::fs::canonicalize(path).map_err(|e| os_error(&e))?;
    let metadata = std::fs::metadata(&target).map_err(|e| os_error(&e))?;
    let permissions = metadata.permissions();
    if permissions.readonly() {
        return Err("the file is read-only, so it was left as it is; make it writable (chmod u+w) or format a copy through standard input (`fmt - < FILE`)".into());
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".corefile-fmt-")
        .tempfile_in(dir)
        .map_err(|e| {
            format!(
                "cannot create a temporary file in {}: {}",
                dir.display(),
                os_error(&e)
            )
        })?;
    temp.write_all(text.as_bytes())
        .and_then(|_| temp.as_file().sync_all())
        .and_then(|_| std::fs::set_permissions(temp.path(), permissions))
        .map_err(|e| format!("cannot write the temporary file: {}", os_error(&e)))?;
    keep_owner(&metadata, temp.as_file())?;
    temp.persist(&target)
        .map_err(|e| format!("cannot replace the file: {}", os_error(&e.error)))?;
    Ok(())
}

/// Gives the replacement the original's owner and group; refuses when that is not allowed, as
/// the rename would otherwise hand the file to whoever ran the formatter.
#[cfg(unix)]
fn keep_owner(original: &std::fs::Metadata, temp: &std::fs::File) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let current = temp.metadata().map_err(|e| os_error(&e))?;
    if (current.uid(), current.gid()) == (original.uid(), original.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(temp, Some(original.uid()), Some(original.gid())).map_err(|e| {
        format!(
            "cannot keep the file's owner ({}), so it was left as it is; run the formatter as its owner or format it through standard input",
            os_error(&e)
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::Metadata, _: &std::fs::File) -> Result<(), String> {
    Ok(())
}
