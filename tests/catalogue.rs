//! The plugin catalogue covers CoreDNS's plugin.cfg completely, and every entry carries what
//! hover, completion and the docs show.

use corefile_plugins::{plugin, plugins::ALL, DIRECTIVES};

#[test]
fn every_stock_directive_has_a_complete_entry() {
    assert_eq!(ALL.len(), DIRECTIVES.len());
    for name in DIRECTIVES {
        let p = plugin(name).unwrap_or_else(|| panic!("no catalogue entry for `{name}`"));
        assert!(!p.summary.is_empty(), "{name}: summary");
        assert!(
            p.syntax.starts_with(name),
            "{name}: syntax line starts with the directive: {}",
            p.syntax
        );
        assert!(
            p.snippet.starts_with(name),
            "{name}: completion snippet: {}",
            p.snippet
        );
        assert!(!p.history.is_empty(), "{name}: version notes");
        for o in p.options {
            assert!(!o.doc.is_empty(), "{name} option {}: doc", o.name);
        }
        for r in p.rules {
            assert!(
                r.code.starts_with("PLG"),
                "{name}: plugin rules use PLG codes, not {}",
                r.code
            );
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Fix",
            ] {
                assert!(
                    r.doc.contains(section),
                    "{} ({name}) lacks `{section}`",
                    r.code
                );
            }
        }
    }
}

#[test]
fn every_rule_is_documented_and_codes_are_unique() {
    let rules = corefile_rules::all_rules();
    // A code shared by several plugins must be one rule, not two rules with one code.
    let every: Vec<&corefile_model::RuleMeta> = corefile_plugins::all_rules()
        .into_iter()
        .chain(corefile_model::codes::ALL.iter().copied())
        .collect();
    for r in &every {
        let unique = rules.iter().find(|x| x.code == r.code).unwrap();
        assert!(
            std::ptr::eq(*unique, *r),
            "two different rules use the code {}",
            r.code
        );
    }
    for r in &rules {
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Fix",
        ] {
            assert!(r.doc.contains(section), "{} lacks `{section}`", r.code);
        }
        assert!(
            r.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: kebab-case name",
            r.code
        );
    }
}
