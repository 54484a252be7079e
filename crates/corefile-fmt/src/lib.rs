//! A Corefile formatter that changes whitespace only, and never what CoreDNS reads.
//!
//! ```
//! let opts = corefile_fmt::Options::default();
//! let out = corefile_fmt::format(".:53 {\nforward . 1.1.1.1   # upstream\n  }", &opts).unwrap();
//! assert_eq!(out, ".:53 {\n    forward . 1.1.1.1 # upstream\n}\n");
//! ```
//!
//! # Style
//!
//! In the family of `caddy fmt`:
//! * one level of indentation per open brace (4 spaces by default, or tabs); a line that starts
//!   with `}` is indented one level less;
//! * tokens on a line are separated by one space (tokens written without space between them,
//!   such as `"a"b`, stay together); a trailing comment is separated by one space;
//! * own-line comments are indented like the line they stand in;
//! * at most one blank line is kept; blank lines right after a `{` line or right before a line
//!   starting with `}` are removed, as are blank lines at the start and end of the file;
//! * exactly one blank line after the `}` that closes a server block or snippet;
//! * the `{` of a server block or snippet goes on its header line after one space (when it stood
//!   alone on a following line and the header line has no comment), what follows it on its line moves to the next line, and its `}`
//!   stands on its own line, with the next server block's keys moved to a line of their own;
//! * trailing whitespace is removed and the file ends with exactly one line ending;
//! * line endings follow [`LineEnding`]: by default those of the first line (so a CRLF file stays
//!   CRLF); line breaks inside quoted strings are part of the token and never touched.
//!
//! # What is never changed
//!
//! CoreDNS decides which tokens belong together by line: a directive is its line (plus nested
//! blocks), plugins read arguments with "same line" checks, a `{` alone on the next line is glued
//! to the previous directive, a token after a nested `}` belongs to the directive. So apart from
//! the four server-block/snippet brace moves above (CoreDNS's parser never compares the line of
//! such a brace with its neighbours'; see `verify`), lines are never joined or split, and for
//! every pair of consecutive tokens, "on the same line" stays what it was. Token texts
//! (quoted strings included), comments, the text a mid-word `#` drops (`foo#bar` stays glued),
//! a byte-order mark and a trailing lone `"` are kept byte for byte; a file that ends inside an
//! unterminated quoted string gets no final line ending (it would become part of the string).
//! A directive's `{` on the line after it is left there: moving it up would change how the
//! plugin reads it.
//!
//! Every result is checked against its input before it is returned ([`FormatError::Unsafe`]).

mod layout;
mod lines;
mod render;
pub mod verify;

use std::fmt;

use corefile_syntax::SyntaxError;

/// How to indent one nesting level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndentStyle {
    /// This many spaces per level.
    Spaces(u8),
    /// One tab per level.
    Tabs,
}

/// Which line ending to write (line breaks inside quoted strings are never changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnding {
    /// Those of the input's first line (LF when it has none).
    #[default]
    Auto,
    Lf,
    CrLf,
}

/// Formatting options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub indent: IndentStyle,
    pub line_ending: LineEnding,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            indent: IndentStyle::Spaces(4),
            line_ending: LineEnding::Auto,
        }
    }
}

/// Why a text was not formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The text has errors CoreDNS's parser would refuse: where a block really ends is unknown,
    /// so only [`format_conservative`] applies.
    Syntax(Vec<SyntaxError>),
    /// The result would have read differently from the input (a formatter bug); nothing is
    /// changed. The message names the first difference.
    Unsafe(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Syntax(errors) => write!(
                f,
                "{} syntax error(s), the first: {}",
                errors.len(),
                errors.first().map(|e| e.message.as_str()).unwrap_or("")
            ),
            FormatError::Unsafe(why) => write!(
                f,
                "formatting would change what CoreDNS reads ({why}); the text was left unchanged, please report this"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Which grammar the text follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A whole Corefile.
    Corefile,
    /// Directives spliced into a server block (`*.override`, a file imported inside a block).
    Body,
}

/// How much the formatter may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Full,
    Conservative,
}

/// Formats a whole Corefile. Fails on syntax errors (see [`format_conservative`]).
///
/// The brace moves are safe for server blocks and snippets only: a text that CoreDNS imports
/// inside a block (where the same braces are a directive's) must go through [`format_body`].
pub fn format(text: &str, opts: &Options) -> Result<String, FormatError> {
    run(text, opts, Source::Corefile, Mode::Full)
}

/// Formats a fragment that CoreDNS splices inside a server block (a `*.override` file).
pub fn format_body(text: &str, opts: &Options) -> Result<String, FormatError> {
    run(text, opts, Source::Body, Mode::Full)
}

/// Formats a Corefile that may have syntax errors, touching only what is provably safe:
/// * everything before the top-level item (server block, snippet or import; in a fragment, the
///   directive) that holds the first syntax error is parsed exactly as CoreDNS parses it, so its
///   lines are re-indented and their token spacing normalised;
/// * from that item on, lines keep their indentation and spacing;
/// * everywhere: trailing whitespace removed, runs of blank lines reduced to one, blank lines
///   at the start and end removed, line endings per [`Options::line_ending`], one final line
///   ending.
///
/// Lines are never joined or split, and no blank line is added. On a text without errors this
/// re-indents everything but leaves the line structure alone.
pub fn format_conservative(text: &str, opts: &Options) -> Result<String, FormatError> {
    run(text, opts, Source::Corefile, Mode::Conservative)
}

/// [`format_conservative`] for a fragment spliced inside a server block.
pub fn format_body_conservative(text: &str, opts: &Options) -> Result<String, FormatError> {
    run(text, opts, Source::Body, Mode::Conservative)
}

fn run(text: &str, opts: &Options, source: Source, mode: Mode) -> Result<String, FormatError> {
    let body = source == Source::Body;
    let parse = if body {
        corefile_syntax::parse_body(text)
    } else {
        corefile_syntax::parse(text)
    };
    if mode == Mode::Full && !parse.errors().is_empty() {
        return Err(FormatError::Syntax(parse.errors().to_vec()));
    }
    std::thread::scope(|scope| {
        // The safety check reads the input on its own, so on a large text it runs beside the
        // formatting instead of after it.
        let input_shape =
            worth_a_thread(text).then(|| scope.spawn(|| verify::Shape::of(text, body)));
        let out = {
            let doc = lines::Document::build(text, &parse);
            match mode {
                Mode::Full => render::render(text, &layout::restructure(doc), opts, None),
                Mode::Conservative => {
                    let safe_end = lines::safe_prefix_end(text, &parse, body);
                    render::render(text, &doc, opts, Some(safe_end))
                }
            }
        };
        // The input's tree and the output's shape are never alive together.
        drop(parse);
        let before = match input_shape {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => verify::Shape::of(text, body),
        };
        verify::compare(&before, &verify::Shape::of(&out, body)).map_err(FormatError::Unsafe)?;
        Ok(out)
    })
}

/// Whether a text is large enough that a second thread (tens of microseconds to start) pays.
fn worth_a_thread(text: &str) -> bool {
    const BYTES_WORTH_A_THREAD: usize = 64 * 1024;
    text.len() >= BYTES_WORTH_A_THREAD
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_linear_and_indentation_capped() {
        let depth = 20_000;
        let text = format!(". {{\n{}{}}}\n", "a {\n".repeat(depth), "}\n".repeat(depth));
        let out = format(&text, &Options::default()).unwrap();
        let widest = out.lines().map(str::len).max().unwrap();
        assert!(widest <= 4 * 64 + 3, "a line of {widest} bytes");
        assert_eq!(format(&out, &Options::default()).unwrap(), out);
    }

    #[test]
    fn many_braces_on_one_line() {
        let text = format!(
            ". {{\n    a {}{}\n}}\n",
            "{ ".repeat(20_000),
            "} ".repeat(20_000)
        );
        let out = format(&text, &Options::default()).unwrap();
        assert_eq!(out, text.replace(" \n", "\n"));
    }

    #[test]
    fn syntax_errors_refuse_full_formatting() {
        let err = format(". { whoami }\n", &Options::default()).unwrap_err();
        assert!(
            matches!(err, FormatError::Syntax(ref e) if e.len() == 1),
            "{err:?}"
        );
        assert_eq!(
            format_conservative(". { whoami }   \n\n\n", &Options::default()).unwrap(),
            ". { whoami }\n"
        );
    }

    #[test]
    fn empty_and_blank_inputs() {
        let opts = Options::default();
        assert_eq!(format("", &opts).unwrap(), "");
        assert_eq!(format(" \n\t\n", &opts).unwrap(), "");
        assert_eq!(format("\u{FEFF}", &opts).unwrap(), "\u{FEFF}");
        assert_eq!(format("# only\n\n", &opts).unwrap(), "# only\n");
        assert_eq!(format_body("", &opts).unwrap(), "");
    }
}
