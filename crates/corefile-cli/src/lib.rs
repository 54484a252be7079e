//! The `corefile-lint` command line (the binary in the repository root is a thin wrapper, so
//! that `cargo install --path .`, which pre-commit runs, installs it): argument parsing, file
//! discovery, configuration, output formats.

mod check;
mod configs;
mod discover;
mod explain;
mod fmt;
mod lsp;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The language toolkit for CoreDNS's Corefile.
#[derive(Parser, Debug)]
#[command(name = "corefile-lint", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Report every problem CoreDNS would refuse to start on, and the mistakes it silently accepts.
    Check(check::CheckArgs),
    /// Format Corefiles in place (whitespace only; never changes what CoreDNS reads).
    Fmt(fmt::FmtArgs),
    /// List every rule code with its group and summary.
    Rules {
        /// `markdown` prints the full rule reference (docs/rules.md is generated with it).
        #[arg(long, value_parser = ["text", "markdown"], default_value = "text")]
        format: String,
    },
    /// Print a rule's documentation: what it checks, why, an example and the fix.
    Explain {
        /// A code such as SYN001, or a rule name such as unknown-directive.
        code: String,
    },
    /// Run the language server over standard input and output (for editors).
    Lsp(lsp::LspArgs),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Rules { format } => explain::list(&format),
        Command::Explain { code } => explain::explain(&code),
        Command::Lsp(args) => lsp::run(args),
    };
    ExitCode::from(code)
}
