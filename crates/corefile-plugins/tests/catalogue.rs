//! The catalogue as other crates use it: every plugin rule is reported on the example of its
//! own documentation, the read-only accessors the cross-plugin rules call, findings that depend
//! on the server block's keys, and value grammars that must not panic.

mod support;

use corefile_model::Model;
use corefile_plugins::plugins::{autopath, forward, grpc, hosts, k8s_external, kubernetes};
use corefile_plugins::testing::{render, setup_text};
use corefile_plugins::values::net::Upstream;
use corefile_plugins::DIRECTIVES;
use support::{lint_corefile, load_corefile};

#[test]
fn each_plugin_rule_fires_on_its_documented_example() {
    let mut checked = Vec::new();
    let mut silent = Vec::new();
    for plugin in corefile_plugins::plugins::ALL {
        for rule in plugin.rules {
            if checked.contains(&rule.code) {
                continue;
            }
            checked.push(rule.code);
            let start =
                rule.doc.find("```corefile\n").unwrap_or_else(|| {
                    panic!("{} ({}) has no corefile example", rule.code, rule.name)
                }) + "```corefile\n".len();
            let end = start + rule.doc[start..].find("```").expect("a closed example");
            let example = &rule.doc[start..end];
            let found = lint_corefile(example, DIRECTIVES);
            if !found.iter().any(|d| d.code() == rule.code) {
                silent.push(format!(
                    "{} ({}) on\n{example}found:\n{}",
                    rule.code,
                    rule.name,
                    render(example, &found)
                ));
            }
        }
    }
    assert!(
        silent.is_empty(),
        "{} of {} rules are not reported on their example:\n{}",
        silent.len(),
        checked.len(),
        silent.join("\n")
    );
    println!("{} plugin rules checked", checked.len());
}

fn model(text: &str) -> Model {
    load_corefile(text).model
}

#[test]
fn kubernetes_config_reports_zones_pods_and_fallthrough() {
    let m = model(
        "cluster.local:53 {\n    kubernetes cluster.local in-addr.arpa {\n        pods verified\n        fallthrough in-addr.arpa\n    }\n}\n",
    );
    let block = &m.blocks[0];
    let config = kubernetes::config(block, &block.zones()).expect("valid kubernetes");
    assert_eq!(config.zones, ["cluster.local.", "in-addr.arpa."]);
    assert_eq!(config.pods, kubernetes::PodsMode::Verified);
    assert_eq!(config.fallthrough, Some(vec!["in-addr.arpa.".to_string()]));
    assert!(!config.zones_unknown);

    let defaults = model("cluster.local {\n    kubernetes\n}\n");
    let block = &defaults.blocks[0];
    let config = kubernetes::config(block, &block.zones()).unwrap();
    assert_eq!(config.zones, ["cluster.local."]);
    assert_eq!(config.pods, kubernetes::PodsMode::Disabled);
    assert_eq!(config.fallthrough, None);

    let broken = model(". {\n    kubernetes cluster.local {\n        pods all\n    }\n}\n");
    assert_eq!(kubernetes::config(&broken.blocks[0], &[".".into()]), None);
    let absent = model(". {\n    whoami\n}\n");
    assert_eq!(kubernetes::config(&absent.blocks[0], &[".".into()]), None);
}

#[test]
fn forward_stanzas_in_order() {
    let m = model(". {\n    forward example.org 10.0.0.1 {\n        except a.example.org\n        next NXDOMAIN\n    }\n    forward . tls://9.9.9.9 /etc/resolv.conf\n}\n");
    let block = &m.blocks[0];
    let stanzas = forward::stanzas(block, &block.zones()).expect("valid forward");
    assert_eq!(stanzas.len(), 2);
    assert_eq!(stanzas[0].from.as_deref(), Some("example.org."));
    assert_eq!(stanzas[0].except, ["a.example.org."]);
    assert!(stanzas[0].passes_on);
    assert_eq!(stanzas[1].from.as_deref(), Some("."));
    assert!(
        matches!(&stanzas[1].to[0].1, Some(Upstream::Ip { addr, .. }) if addr == "tls://9.9.9.9:853")
    );
    assert!(
        matches!(&stanzas[1].to[1].1, Some(Upstream::File { path, .. }) if path == "/etc/resolv.conf")
    );
}

#[test]
fn autopath_source_and_zones() {
    let m = model("cluster.local {\n    autopath @kubernetes\n    kubernetes {\n        pods verified\n    }\n}\n");
    let block = &m.blocks[0];
    let config = autopath::config(block, &block.zones()).expect("valid autopath");
    assert_eq!(
        config.source,
        autopath::SearchSource::Plugin("kubernetes".into())
    );
    assert_eq!(config.zones, ["cluster.local."]);

    let file = model(". {\n    autopath example.org /etc/resolv.conf\n}\n");
    let config = autopath::config(&file.blocks[0], &[".".into()]).unwrap();
    assert_eq!(
        config.source,
        autopath::SearchSource::File("/etc/resolv.conf".into())
    );
    assert_eq!(config.zones, ["example.org."]);
}

#[test]
fn fallthrough_of_other_plugins() {
    let m = model(
        ". {\n    grpc example.org 10.0.0.1 {\n        fallthrough a.example.org\n    }\n    hosts {\n        fallthrough\n    }\n    kubernetes cluster.local\n    k8s_external ext.example {\n        fallthrough a..b\n    }\n}\n",
    );
    let block = &m.blocks[0];
    let zones = block.zones();
    let g = grpc::config(block, &zones).unwrap();
    assert_eq!(g.from.as_deref(), Some("example.org."));
    assert_eq!(g.fallthrough, Some(vec!["a.example.org.".to_string()]));
    let h = hosts::config(block, &zones).unwrap();
    assert_eq!(h.zones, ["."]);
    assert_eq!(h.fallthrough, Some(vec![".".to_string()]));
    let x = k8s_external::config(block, &zones).unwrap();
    assert_eq!(x.zones, ["ext.example."]);
    // Every fallthrough zone was invalid: nothing falls through.
    assert_eq!(x.fallthrough, Some(Vec::new()));
}

/// The value grammars of rewrite, template and view never panic, whatever text they get (a deterministic sample of
/// strings over the characters that matter to them, multi-byte ones included).
#[test]
fn value_grammars_never_panic() {
    use corefile_plugins::values::{expr, gotemplate, regex};
    const ALPHABET: &[&str] = &[
        "(", ")", "[", "]", "{", "}", "\\", "?", "*", "+", "|", "^", "$", ".", ":", "-", "P", "<",
        ">", "p", "x", "1", "0", "a", "é", "\"", "'", "`", " ", "#", "!", "=", "/", ",", "&", "%",
        "_", "{{", "}}", "\n", "name()", "not",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 12) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let _ = regex::compile(&text);
        let _ = expr::compile(&text, &expr::Env::template());
        let _ = gotemplate::check(&text, &["parseInt"]);
    }
}

/// Findings that depend on the server block's keys (the fixtures run under `.`).
#[test]
fn chaos_needs_a_zone_holding_its_names() {
    let codes = |keys: &[&str]| -> Vec<&str> {
        setup_text("chaos CoreDNS-001\n", keys)
            .iter()
            .map(|d| d.rule.code)
            .collect()
    };
    assert_eq!(codes(&["example.org"]), ["PLG212"]);
    assert!(codes(&["."]).is_empty());
    assert!(codes(&["bind", "server"]).is_empty());
    assert!(codes(&["version.bind"]).is_empty());
}
