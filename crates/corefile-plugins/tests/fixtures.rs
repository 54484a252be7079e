//! The fixtures, `tests/fixtures/<plugin>/{ok,err}/*.Corefile`: each is a directive body run as
//! the body of a server block (keys from a first line `# keys: K1 K2`, default `.`). `ok` bodies
//! must get no error (warnings are fine, many of them show one), `err` bodies at least one, and
//! what every body gets is snapshotted in `tests/snapshots/<plugin>__<ok|err>__<name>.snap`.
//! Adding a case is adding a file. Also: no setup panics on broken variants of the fixtures.

mod support;

use corefile_plugins::testing::{has_error, render, setup_text};

#[test]
fn fixture_snapshots() {
    let mut wrong = Vec::new();
    for fixture in support::fixtures() {
        let found = fixture.check();
        let shown = render(&fixture.text, &found);
        if has_error(&found) != fixture.expects_error() {
            wrong.push(format!("{}:\n{shown}", fixture.path.display()));
        }
        let name = format!("{}__{}__{}", fixture.plugin, fixture.verdict, fixture.name);
        insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true, input_file => &fixture.path }, {
            insta::assert_snapshot!(name, shown);
        });
    }
    assert!(
        wrong.is_empty(),
        "fixtures in the wrong folder for their verdict:\n{}",
        wrong.join("\n")
    );
}

/// Tokens that tend to break assumptions: braces, empty and placeholder values, odd addresses.
const ODD: &[&str] = &[
    "{", "}", "\"\"", "{$X}", "%", ":", "[", "::", "1e999", "-1", "\"a b\"", "@", "dns://",
];

/// The fixture bodies without their `# keys:` line, so that each starts with its directive.
fn bodies() -> Vec<String> {
    support::fixtures()
        .into_iter()
        .map(|f| match f.text.strip_prefix("# keys:") {
            Some(rest) => rest.split_once('\n').map_or("", |r| r.1).to_string(),
            None => f.text,
        })
        .collect()
}

#[test]
fn prefixes_do_not_panic() {
    for text in bodies() {
        // The directive name must stay whole: the harness looks the plugin up by it.
        let name_end = text.find(char::is_whitespace).unwrap_or(text.len());
        for (end, _) in text.char_indices().filter(|(i, _)| *i >= name_end) {
            setup_text(&text[..end], &[]);
        }
    }
}

#[test]
fn spliced_tokens_do_not_panic() {
    for text in bodies() {
        let words: Vec<(usize, &str)> = text.match_indices(|c: char| c.is_whitespace()).collect();
        for (at, _) in words {
            for odd in ODD {
                let spliced = format!("{} {odd}{}", &text[..at], &text[at..]);
                setup_text(&spliced, &["example.org", "10.0.0.0/9"]);
            }
        }
    }
}
