//! Every plugin-specific rule of helper H3's plugins (PLG300–PLG399) is reported on the
//! `corefile` example of its own documentation.

mod h3_support;
use h3_support::{lint_corefile, render};

#[test]
fn each_h3_rule_fires_on_its_documented_example() {
    let mut checked = Vec::new();
    for plugin in corefile_plugins::plugins::ALL {
        for rule in plugin.rules.iter().filter(|r| r.code.starts_with("PLG3")) {
            if checked.contains(&rule.code) {
                continue;
            }
            checked.push(rule.code);
            let start = rule.doc.find("```corefile\n").expect("a corefile example") + 12;
            let end = start + rule.doc[start..].find("```").expect("a closed example");
            let found = lint_corefile(&rule.doc[start..end], corefile_plugins::DIRECTIVES);
            assert!(
                found.iter().any(|d| d.code() == rule.code),
                "{} ({}) is not reported on its example; found:\n{}",
                rule.code,
                rule.name,
                render(&found)
            );
        }
    }
    assert!(
        checked.len() >= 20,
        "expected H3's rules, found {checked:?}"
    );
}
