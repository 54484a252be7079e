//! CoreDNS's own verdicts (shared corpus) for the plugins of helper H2, run through each
//! plugin's setup. Reads /work/shared/corpus/coredns/cases.jsonl at run time; skips when absent.

use std::collections::BTreeMap;

use corefile_model::files::{FileId, Location, TextRange, TextSize};
use corefile_model::{ChainId, ServerBlock, Severity, Token};
use corefile_plugins::{plugin, Controller, SetupContext};

const CORPUS: &str = "/work/shared/corpus/coredns/cases.jsonl";
const PLUGINS: &[&str] = &[
    "rewrite", "template", "acl", "view", "metadata", "header", "minimal", "any", "chaos",
];

/// Interim lexer (quotes, comments, lines) until the shared harness is on main.
fn lex(input: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut line = 1u32;
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, ch)) = chars.peek() {
        if ch == '\n' {
            line += 1;
            chars.next();
            continue;
        }
        if ch.is_whitespace() {
            chars.next();
            continue;
        }
        if ch == '#' {
            while chars.peek().is_some_and(|&(_, c)| c != '\n') {
                chars.next();
            }
            continue;
        }
        let tok_line = line;
        let mut text = String::new();
        let mut quoted = false;
        let mut lf = 0;
        if ch == '"' {
            quoted = true;
            chars.next();
            while let Some((_, c)) = chars.next() {
                if c == '\\' && chars.peek().is_some_and(|&(_, n)| n == '"') {
                    text.push('"');
                    chars.next();
                } else if c == '"' {
                    break;
                } else {
                    if c == '\n' {
                        lf += 1;
                        line += 1;
                    }
                    text.push(c);
                }
            }
        } else {
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                text.push(c);
                chars.next();
            }
        }
        let end = chars.peek().map_or(input.len(), |&(i, _)| i);
        let range = TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32));
        out.push(Token {
            text,
            loc: Location::new(FileId(0), range),
            line: tok_line,
            lf,
            quoted,
            chain: ChainId(0),
        });
    }
    out
}

/// Runs the setup of the plugin named by the first token over all of `input`; true if it fails.
fn fails(input: &str) -> Option<bool> {
    let tokens = lex(input);
    let def = plugin(&tokens.first()?.text)?;
    let block = ServerBlock {
        keys: Vec::new(),
        directives: Vec::new(),
        open_brace: None,
        close_brace: None,
    };
    let zones = vec![".".to_string()];
    let mut c = Controller::new(
        def.name,
        &tokens,
        SetupContext {
            block: &block,
            zones: &zones,
        },
    );
    let result = (def.setup)(&mut c);
    Some(result.is_err() || c.diagnostics.iter().any(|d| d.severity == Severity::Error))
}

#[test]
fn corpus_agreement() {
    let Ok(text) = std::fs::read_to_string(CORPUS) else {
        eprintln!("skipping: {CORPUS} not found");
        return;
    };
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut mismatches = Vec::new();
    for line in text.lines() {
        let field = |name: &str| -> Option<String> {
            let key = format!("\"{name}\": ");
            let at = line.find(&key)? + key.len();
            let rest = &line[at..];
            if rest.starts_with("null") {
                return None;
            }
            let mut out = String::new();
            let mut it = rest[1..].chars();
            while let Some(c) = it.next() {
                match c {
                    '"' => break,
                    '\\' => match it.next()? {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'u' => {
                            let hex: String = it.by_ref().take(4).collect();
                            out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                        }
                        other => out.push(other),
                    },
                    _ => out.push(c),
                }
            }
            Some(out)
        };
        let (Some(name), Some(kind), Some(input), Some(expect)) = (
            field("plugin"),
            field("kind"),
            field("input"),
            field("expect"),
        ) else {
            continue;
        };
        let Some(&plugin_name) = PLUGINS.iter().find(|p| **p == name) else {
            continue;
        };
        if kind != "directive" || field("caveat").is_some() {
            continue;
        }
        let Some(failed) = fails(&input) else {
            continue;
        };
        let entry = tally.entry(plugin_name).or_default();
        entry.1 += 1;
        if failed == (expect == "error") {
            entry.0 += 1;
        } else {
            mismatches.push(format!("{plugin_name}: expected {expect}: {input:?}"));
        }
    }
    for (p, (agree, total)) in &tally {
        eprintln!("{p}: {agree}/{total}");
    }
    for m in &mismatches {
        eprintln!("MISMATCH {}", m.chars().take(300).collect::<String>());
    }
    assert!(mismatches.is_empty(), "{} disagreements", mismatches.len());
}
