//! Properties over generated texts: formatting is idempotent, reads exactly like its input
//! (`verify::preserved`) and changes whitespace only. Two generators: Corefiles built from the
//! grammar with random layout (mostly valid), and soups of Corefile pieces (mostly broken, so
//! the conservative mode gets exercised too).

use corefile_fmt::{
    format, format_body, format_body_conservative, format_conservative, verify, FormatError,
    IndentStyle, LineEnding, Options,
};
use proptest::prelude::*;

/// Turns random bytes into choices.
struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b as usize % n
    }

    fn one<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options[self.pick(options.len())]
    }

    fn space(&mut self) -> &'static str {
        self.one(&[" ", " ", "  ", "\t", " \t ", "\u{A0}", "\r "])
    }

    fn indent(&mut self) -> &'static str {
        self.one(&["", "    ", "  ", "\t", "        ", " "])
    }

    fn eol(&mut self, crlf: bool) -> &'static str {
        match (crlf, self.pick(8)) {
            (_, 0) => "   \n",
            (true, _) => "\r\n",
            (false, _) => "\n",
        }
    }

    fn word(&mut self) -> &'static str {
        self.one(&[
            "1.1.1.1",
            "example.org",
            ".",
            "stdout",
            "30",
            "{remote}",
            "\"quoted words\"",
            "\"two\nlines\"",
            "a#dropped",
            "\"\"",
            "{$VAR}",
            "import",
            "x\"y",
        ])
    }

    fn comment(&mut self) -> &'static str {
        self.one(&["# note", "#", "#x  ", "# {", "# \"q"])
    }
}

/// A Corefile from the grammar: snippets, server blocks, imports, directives with nested
/// blocks, comments and blank lines, with braces on various lines.
fn corefile(bytes: &[u8]) -> String {
    let mut c = Choices { bytes, at: 0 };
    let crlf = c.pick(5) == 0;
    let mut out = String::new();
    if c.pick(10) == 0 {
        out.push('\u{FEFF}');
    }
    for _ in 0..1 + c.pick(4) {
        match c.pick(6) {
            0 => {
                out.push_str(c.indent());
                out.push_str("import common.conf");
                out.push_str(c.eol(crlf));
            }
            1 => {
                out.push_str(c.comment());
                out.push_str(c.eol(crlf));
            }
            2 => {
                out.push_str(&"\n".repeat(c.pick(3)));
            }
            kind => {
                if kind == 3 {
                    out.push_str(c.one(&["(snip)", "(a)", "(b)"]));
                } else {
                    for k in 0..1 + c.pick(3) {
                        if k > 0 {
                            out.push_str(if c.pick(3) == 0 { ",\n" } else { c.space() });
                        }
                        out.push_str(c.one(&[
                            "example.org",
                            ".:53",
                            "dns://a.example:1053",
                            "a,b",
                        ]));
                    }
                }
                match c.pick(4) {
                    0 => out.push_str(c.eol(crlf)),
                    1 => {
                        out.push_str(c.eol(crlf));
                        out.push_str(c.eol(crlf));
                    }
                    _ => out.push_str(c.space()),
                }
                out.push('{');
                if c.pick(4) == 0 {
                    out.push(' ');
                    out.push_str(c.comment());
                }
                if c.pick(4) == 0 {
                    out.push(' ');
                } else {
                    out.push_str(c.eol(crlf));
                }
                body(&mut c, &mut out, crlf, 1);
                out.push_str(c.indent());
                out.push('}');
                match c.pick(5) {
                    0 => out.push(' '),
                    1 => {
                        out.push(' ');
                        out.push_str(c.comment());
                        out.push_str(c.eol(crlf));
                    }
                    _ => out.push_str(c.eol(crlf)),
                }
            }
        }
    }
    out
}

fn body(c: &mut Choices, out: &mut String, crlf: bool, depth: usize) {
    for _ in 0..c.pick(5) {
        match c.pick(7) {
            0 => out.push_str(c.eol(crlf)),
            1 => {
                out.push_str(c.indent());
                out.push_str(c.comment());
                out.push_str(c.eol(crlf));
            }
            2 => {
                out.push_str(c.indent());
                out.push_str(c.one(&["import snip", "import a", "import b"]));
                out.push_str(c.eol(crlf));
            }
            _ => {
                out.push_str(c.indent());
                out.push_str(c.one(&["log", "forward", "errors", "cache", "hosts"]));
                for _ in 0..c.pick(4) {
                    out.push_str(c.space());
                    out.push_str(c.word());
                }
                if depth < 3 && c.pick(3) == 0 {
                    out.push_str(if c.pick(4) == 0 { c.eol(crlf) } else { " " });
                    out.push('{');
                    out.push_str(c.eol(crlf));
                    body(c, out, crlf, depth + 1);
                    out.push_str(c.indent());
                    out.push('}');
                    if c.pick(4) == 0 {
                        out.push(' ');
                        out.push_str(c.word());
                    }
                }
                if c.pick(4) == 0 {
                    out.push(' ');
                    out.push_str(c.comment());
                }
                out.push_str(c.eol(crlf));
            }
        }
    }
}

/// A soup of pieces: braces, quotes, comments, CRs, imports, in any order.
fn soup(bytes: &[u8]) -> String {
    const PIECES: &[&str] = &[
        "a", "b.org", "{", "}", "\"", "\"x y\"", "#c", "a#b", "import", "(s)", ",", "a,", " ",
        "  ", "\t", "\n", "\n", "\n", "\r\n", "\r", "\u{A0}", "\u{FEFF}", "{$X}", "\"{\"", "\\",
        "log", "\"\n\"", "}}", "{}",
    ];
    bytes
        .iter()
        .map(|&b| PIECES[b as usize % PIECES.len()])
        .collect()
}

fn squash(text: &str) -> String {
    text.chars().filter(|ch| !ch.is_whitespace()).collect()
}

fn options(bytes: &[u8]) -> Options {
    let b = bytes.first().copied().unwrap_or(0);
    Options {
        indent: match b % 3 {
            0 => IndentStyle::Spaces(4),
            1 => IndentStyle::Spaces(2),
            _ => IndentStyle::Tabs,
        },
        line_ending: match b / 3 % 3 {
            0 => LineEnding::Auto,
            1 => LineEnding::Lf,
            _ => LineEnding::CrLf,
        },
    }
}

/// Formats `text` (conservatively when it has syntax errors) and checks the properties.
fn check(text: &str, opts: &Options, body: bool) -> Result<(), TestCaseError> {
    type Formatter = fn(&str, &Options) -> Result<String, FormatError>;
    let (strict, conservative): (Formatter, Formatter) = if body {
        (format_body, format_body_conservative)
    } else {
        (format, format_conservative)
    };
    let run = match strict(text, opts) {
        Err(FormatError::Syntax(_)) => conservative,
        _ => strict,
    };
    let out = run(text, opts).map_err(|e| TestCaseError::fail(format!("{e}: {text:?}")))?;
    let again = run(&out, opts).map_err(|e| TestCaseError::fail(format!("{e}: {out:?}")))?;
    prop_assert_eq!(&again, &out, "not idempotent for {:?}", text);
    if let Err(why) = verify::preserved(text, &out, body) {
        return Err(TestCaseError::fail(format!("{why}: {text:?} -> {out:?}")));
    }
    prop_assert_eq!(squash(&out), squash(text), "{:?} -> {:?}", text, out);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn generated_corefiles(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = corefile(&bytes);
        check(&text, &options(&bytes), false)?;
    }

    #[test]
    fn piece_soups(bytes in prop::collection::vec(any::<u8>(), 0..80)) {
        let text = soup(&bytes);
        check(&text, &options(&bytes), false)?;
        check(&text, &options(&bytes), true)?;
    }
}

#[test]
fn generated_corefiles_are_mostly_valid() {
    // The grammar generator is meant to exercise the full formatter, not only the fallback.
    let valid = (0u8..=255)
        .map(|seed| {
            let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ u64::from(seed);
            let bytes: Vec<u8> = (0..400)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 24) as u8
                })
                .collect();
            let text = corefile(&bytes);
            let ok = format(&text, &Options::default()).is_ok();
            if !ok && seed < 8 {
                println!("{text:?}: {:?}", corefile_syntax::parse(&text).errors());
            }
            ok
        })
        .filter(|ok| *ok)
        .count();
    assert!(valid > 128, "only {valid} of 256 generated Corefiles parse");
}
