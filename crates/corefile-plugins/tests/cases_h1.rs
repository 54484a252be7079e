//! CoreDNS's own verdicts (corpus cases.jsonl) for the plugins ported by helper H1: each
//! `directive` case is lexed as one token list, like CoreDNS's test controller, and handed to the
//! setup of the plugin its first token names. "Accepted" means no error-severity diagnostic.
//! Cases with a caveat are counted separately and do not fail the test.

use std::collections::BTreeMap;

use corefile_model::{
    ChainId, FileId, Location, ServerBlock, Severity, TextRange, TextSize, Token,
};
use corefile_plugins::{plugin, values::zone, Controller, SetupContext};

const CORPUS: &str = "/work/shared/corpus/coredns/cases.jsonl";
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

/// Splits text into tokens as the Caddyfile lexer does for these cases: whitespace separates,
/// double quotes group (with `\"`), `#` at the start of a token comments out the line.
fn lex(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut line = 1u32;
    while let Some(&(start, ch)) = chars.peek() {
        if ch == '\n' {
            line += 1;
            chars.next();
        } else if ch.is_whitespace() {
            chars.next();
        } else if ch == '#' {
            while chars.peek().is_some_and(|&(_, c)| c != '\n') {
                chars.next();
            }
        } else {
            let (mut value, mut lf, mut end, quoted) = (String::new(), 0, start, ch == '"');
            if quoted {
                chars.next();
                while let Some((i, c)) = chars.next() {
                    end = i + c.len_utf8();
                    match c {
                        '\\' if chars.peek().is_some_and(|&(_, n)| n == '"') => {
                            value.push(chars.next().unwrap().1)
                        }
                        '"' => break,
                        c => {
                            lf += u32::from(c == '\n');
                            value.push(c);
                        }
                    }
                }
            } else {
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    value.push(c);
                    end = i + c.len_utf8();
                    chars.next();
                }
            }
            let range = TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32));
            tokens.push(Token {
                text: value,
                loc: Location::new(FileId(0), range),
                line,
                lf,
                quoted,
                chain: ChainId(0),
            });
            line += lf;
        }
    }
    tokens
}

/// The diagnostics of running the setup of the plugin named by the first token.
fn setup_text(input: &str, server_keys: &[&str]) -> Option<Vec<corefile_model::Diagnostic>> {
    let tokens = lex(input);
    let def = plugin(&tokens.first()?.text)?;
    let zones: Vec<String> = server_keys
        .iter()
        .flat_map(|k| zone::normalize_zone(k).unwrap_or_default())
        .collect();
    let block = ServerBlock {
        keys: Vec::new(),
        directives: Vec::new(),
        open_brace: None,
        close_brace: None,
    };
    let mut c = Controller::new(
        def.name,
        &tokens,
        SetupContext {
            block: &block,
            zones: &zones,
        },
    );
    let result = (def.setup)(&mut c);
    let mut diagnostics = c.diagnostics;
    if let Err(e) = result {
        diagnostics.push(e.into_diagnostic());
    }
    Some(diagnostics)
}

#[derive(Default)]
struct Score {
    agree: usize,
    total: usize,
    caveat_agree: usize,
    caveat_total: usize,
}

#[test]
fn corpus_agreement() {
    let Ok(corpus) = std::fs::read_to_string(CORPUS) else {
        eprintln!("skipped: {CORPUS} is not available");
        return;
    };
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in corpus.lines() {
        let case: serde_json::Value = serde_json::from_str(line).expect("corpus lines are JSON");
        let Some(name) = PLUGINS.iter().find(|p| case["plugin"] == **p) else {
            continue;
        };
        if case["kind"] != "directive" {
            continue;
        }
        let keys: Vec<&str> = case["server_keys"]
            .as_array()
            .map_or(vec!["."], |a| a.iter().filter_map(|k| k.as_str()).collect());
        let input = case["input"].as_str().unwrap_or_default();
        let Some(diagnostics) = setup_text(input, &keys) else {
            continue;
        };
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone())
            .collect();
        let agrees = errors.is_empty() == (case["expect"] == "ok");
        let score = scores.entry(name).or_default();
        if case["caveat"].is_null() {
            score.total += 1;
            score.agree += usize::from(agrees);
            if !agrees {
                failures.push(format!(
                    "{}: expected {}, got {errors:?}\n{input}",
                    case["id"], case["expect"]
                ));
            }
        } else {
            score.caveat_total += 1;
            score.caveat_agree += usize::from(agrees);
        }
    }
    for (name, s) in &scores {
        eprintln!(
            "{name}: {}/{} agree ({}/{} with caveats)",
            s.agree, s.total, s.caveat_agree, s.caveat_total
        );
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
