//! Invariant 1: every string comes back from its tree; bad inputs stay bounded.

use proptest::prelude::*;

fn roundtrip(s: &str) {
    let parse = corefile_syntax::parse(s);
    assert_eq!(parse.syntax().to_string(), s);
    let body = corefile_syntax::parse_body(s);
    assert_eq!(body.syntax().to_string(), s);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        roundtrip(&s);
    }

    /// Strings made of the characters that matter to the lexer and parser.
    #[test]
    fn corefile_alphabet(s in "[a-z. {}\"#\\\\\r\n\t,():$%\u{a0}\u{feff}]{0,200}") {
        roundtrip(&s);
    }
}

#[test]
fn a_million_open_braces() {
    let s = "{".repeat(1_000_000);
    roundtrip(&s);
    let s = format!(". {{\n    log {}\n}}\n", "{ ".repeat(500_000));
    roundtrip(&s);
}

#[test]
fn nul_bytes_and_unterminated_quote_at_eof() {
    roundtrip(". {\n    log \0\0\n}\n");
    roundtrip(". {\n    log \"");
    roundtrip("\"");
}
