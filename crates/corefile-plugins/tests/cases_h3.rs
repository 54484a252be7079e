//! CoreDNS's own verdicts (shared/corpus/coredns/cases.jsonl) for helper H3's plugins: each
//! `directive` case is run through its plugin's setup, each `corefile` case through the setup of
//! every H3 plugin it uses, and "has an error" must match `expect`.
//! Prints agreement per plugin; fails on disagreement in cases without a caveat.
//! Directive cases go through `corefile_plugins::testing::setup_text` (one token list, like
//! CoreDNS's test controller); corefile cases through the real loader.

use std::collections::BTreeMap;
use std::path::PathBuf;

mod h3_support;
use corefile_model::Diagnostic;
use corefile_plugins::testing::{setup_text, tokens};
use h3_support::{lint_corefile, render};

/// The directives of H3's plugins, as written in a Corefile.
const DIRECTIVES: &[&str] = &[
    "dnstap",
    "errors",
    "log",
    "tls",
    "quic",
    "https",
    "https3",
    "grpc_server",
    "timeouts",
    "proxyproto",
    "multisocket",
    "trace",
    "bind",
    "health",
    "ready",
    "prometheus",
    "reload",
    "pprof",
    "shed",
    "cancel",
    "debug",
    "nsid",
    "bufsize",
    "root",
    "local",
    "whoami",
    "on",
    "erratic",
];
/// The same plugins as the corpus names them (`metrics` for `prometheus`).
const PLUGINS: &[&str] = &[
    "dnstap",
    "errors",
    "log",
    "tls",
    "quic",
    "https",
    "https3",
    "grpc_server",
    "timeouts",
    "proxyproto",
    "multisocket",
    "trace",
    "bind",
    "health",
    "ready",
    "metrics",
    "reload",
    "pprof",
    "shed",
    "cancel",
    "debug",
    "nsid",
    "bufsize",
    "root",
    "local",
    "whoami",
    "on",
    "erratic",
];

/// `shared/corpus` beside the repository (or beside any folder above this crate), or `None`.
fn corpus_dir() -> Option<PathBuf> {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared").join("corpus"))
        .find(|dir| dir.is_dir())
}

/// The few JSON shapes of the corpus lines: strings, null and arrays of strings.
fn parse_line(line: &str) -> BTreeMap<String, Vec<String>> {
    let mut fields = BTreeMap::new();
    let mut chars = line.chars().peekable();
    let read_string = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| {
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        s.push(
                            char::from_u32(u32::from_str_radix(&hex, 16).unwrap())
                                .unwrap_or('\u{fffd}'),
                        );
                    }
                    Some(other) => s.push(other),
                    None => {}
                },
                _ => s.push(c),
            }
        }
        s
    };
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let name = read_string(&mut chars);
        while chars.peek().is_some_and(|c| *c == ':' || c.is_whitespace()) {
            chars.next();
        }
        let mut values = Vec::new();
        match chars.next() {
            Some('"') => values.push(read_string(&mut chars)),
            Some('[') => loop {
                match chars.next() {
                    Some('"') => values.push(read_string(&mut chars)),
                    Some(']') | None => break,
                    _ => {}
                }
            },
            _ => {
                while chars.peek().is_some_and(|c| *c != ',' && *c != '}') {
                    chars.next();
                }
            }
        }
        fields.insert(name, values);
    }
    fields
}

#[test]
fn corpus_cases_of_h3_plugins() {
    let Some(text) =
        corpus_dir().and_then(|d| std::fs::read_to_string(d.join("coredns/cases.jsonl")).ok())
    else {
        println!("SKIPPED corpus_cases_of_h3_plugins: shared/corpus is not present");
        return;
    };
    let mut per_plugin: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for line in text.lines() {
        let case = parse_line(line);
        let get = |k: &str| {
            case.get(k)
                .and_then(|v| v.first())
                .cloned()
                .unwrap_or_default()
        };
        let plugin = get("plugin");
        if !PLUGINS.contains(&plugin.as_str()) {
            continue;
        }
        let keys = case.get("server_keys").cloned().unwrap_or_default();
        let input = get("input");
        let found: Vec<Diagnostic> = if get("kind") != "directive" {
            lint_corefile(&input, DIRECTIVES)
        } else if tokens(&input)
            .first()
            .is_some_and(|t| corefile_plugins::plugin(&t.text).is_none())
        {
            // The test called setup under a name CoreDNS does not register (caveat
            // `directive-name`): a Corefile cannot express that case.
            skipped.push(get("id"));
            continue;
        } else {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            setup_text(&input, &keys)
        };
        let has_error = corefile_plugins::testing::has_error(&found);
        let agrees = has_error == (get("expect") == "error");
        let caveat = case.get("caveat").is_some_and(|v| !v.is_empty());
        let entry = per_plugin.entry(plugin.clone()).or_default();
        match (caveat, agrees) {
            (false, true) => entry.0 += 1,
            (false, false) => entry.1 += 1,
            (true, true) => entry.2 += 1,
            (true, false) => entry.3 += 1,
        }
        if !agrees {
            failures.push(format!(
                "{} [{}] expect {} got:\n{}\n--- input:\n{}",
                get("id"),
                get("caveat"),
                get("expect"),
                render(&found),
                input
            ));
        }
    }
    println!("plugin: agree/total (caveat-free) | agree/total (caveated)");
    for (plugin, (ok, bad, cok, cbad)) in &per_plugin {
        println!("{plugin:12} {ok}/{} | {cok}/{}", ok + bad, cok + cbad);
    }
    for f in &failures {
        println!("DISAGREE {f}\n");
    }
    println!("not runnable (unregistered directive name): {skipped:?}");
    let hard: usize = per_plugin.values().map(|v| v.1).sum();
    assert_eq!(hard, 0, "caveat-free disagreements, see the output");
}

/// Not a verdict check: prints what H3's plugins report on the real-world Corefiles, for review.
#[test]
fn realworld_corefiles_report() {
    let Some(dir) = corpus_dir().and_then(|d| std::fs::read_dir(d.join("realworld")).ok()) else {
        println!("SKIPPED realworld_corefiles_report: shared/corpus is not present");
        return;
    };
    let mut paths: Vec<_> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "Corefile"))
        .collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for d in lint_corefile(&text, DIRECTIVES) {
            let name = path.file_name().unwrap().to_string_lossy();
            println!("{name} {} {}: {}", d.severity.as_str(), d.code(), d.message);
        }
    }
}
