//! The setups of H1's plugins must not panic on broken input: every prefix of every fixture,
//! and every fixture with an odd token spliced in after each word, is run through
//! `testing::setup_text`.

use std::fs;
use std::path::Path;

use corefile_plugins::testing::setup_text;

const PLUGINS: &[&str] = &[
    "kubernetes",
    "forward",
    "cache",
    "autopath",
    "grpc",
    "hosts",
    "transfer",
    "k8s_external",
    "loop",
];

/// Tokens that tend to break assumptions: braces, empty and placeholder values, odd addresses.
const ODD: &[&str] = &[
    "{", "}", "\"\"", "{$X}", "%", ":", "[", "::", "1e999", "-1", "\"a b\"", "@", "dns://",
];

fn fixtures() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut texts = Vec::new();
    for plugin in PLUGINS {
        for kind in ["ok", "err"] {
            for entry in fs::read_dir(root.join(plugin).join(kind)).unwrap() {
                texts.push(fs::read_to_string(entry.unwrap().path()).unwrap());
            }
        }
    }
    texts
}

#[test]
fn prefixes_do_not_panic() {
    for text in fixtures() {
        // The directive name must stay whole: the harness looks the plugin up by it.
        let name_end = text.find(char::is_whitespace).unwrap_or(text.len());
        for (end, _) in text.char_indices().filter(|(i, _)| *i >= name_end) {
            setup_text(&text[..end], &[]);
        }
    }
}

#[test]
fn spliced_tokens_do_not_panic() {
    for text in fixtures() {
        let words: Vec<(usize, &str)> = text.match_indices(|c: char| c.is_whitespace()).collect();
        for (at, _) in words {
            for odd in ODD {
                let spliced = format!("{} {odd}{}", &text[..at], &text[at..]);
                setup_text(&spliced, &["example.org", "10.0.0.0/9"]);
            }
        }
    }
}
