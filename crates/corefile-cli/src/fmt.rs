//! `corefile-lint fmt`.

use std::io::{Read, Write};
use std::path::Path;

use clap::{Args, ValueEnum};
use corefile_fmt::{FormatError, IndentStyle, LineEnding, Options};
use corefile_model::files::{os_error, LineIndex};

use crate::discover::{inputs, Input};

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
    /// Spaces per indentation level.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u8).range(0..=16))]
    pub indent_width: u8,
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
    /// A Kubernetes manifest that may hold Corefiles in ConfigMaps. Formatting them means
    /// formatting each embedded text and splicing it back (corefile-embed); until that is wired
    /// in, such files are left alone rather than misread as Corefiles.
    Yaml,
}

impl SourceKind {
    fn of(name: &str) -> SourceKind {
        if name.ends_with(".override") {
            SourceKind::Fragment
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
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
    let opts = Options {
        indent: if args.tabs {
            IndentStyle::Tabs
        } else {
            IndentStyle::Spaces(args.indent_width)
        },
        line_ending: match args.line_ending {
            LineEndingArg::Auto => LineEnding::Auto,
            LineEndingArg::Lf => LineEnding::Lf,
            LineEndingArg::Crlf => LineEnding::CrLf,
        },
    };
    let (mut changed, mut failed) = (false, false);
    for input in &inputs {
        match format_input(input, &args, &opts) {
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

fn format_input(input: &Input, args: &FmtArgs, opts: &Options) -> Outcome {
    let (name, text) = match read_input(input) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::Failed;
        }
    };
    let kind = SourceKind::of(&name);
    if kind == SourceKind::Yaml {
        eprintln!("{name}: skipped: Corefiles inside YAML manifests are not formatted yet; format the Corefile text itself");
        return Outcome::Unchanged;
    }
    let Some(formatted) = format_text(&name, &text, kind, args, opts) else {
        return Outcome::Failed;
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

/// The formatted text, or `None` after saying on stderr why there is none.
fn format_text(
    name: &str,
    text: &str,
    kind: SourceKind,
    args: &FmtArgs,
    opts: &Options,
) -> Option<String> {
    let body = kind == SourceKind::Fragment;
    let strict = if body {
        corefile_fmt::format_body(text, opts)
    } else {
        corefile_fmt::format(text, opts)
    };
    let result = match strict {
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
    };
    match result {
        Ok(out) => Some(out),
        Err(FormatError::Syntax(errors)) => {
            let lines = LineIndex::new(text);
            for e in &errors {
                let at = lines.line_col_chars(text, e.range.start());
                eprintln!(
                    "{name}:{}:{}: error: {}",
                    at.line + 1,
                    at.col + 1,
                    e.message
                );
            }
            eprintln!(
                "{name}: not formatted because of the syntax error{} above: fix {}, or run `fmt --conservative` to apply only the fixes that are safe anyway",
                if errors.len() == 1 { "" } else { "s" },
                if errors.len() == 1 { "it" } else { "them" },
            );
            None
        }
        Err(e @ FormatError::Unsafe(_)) => {
            eprintln!("error: {name}: {e}");
            None
        }
    }
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
