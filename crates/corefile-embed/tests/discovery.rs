//! File discovery and robustness checks that are not about one fixture.

use std::path::Path;

use corefile_embed::{find_corefiles, looks_like_yaml};

#[test]
fn yaml_files_are_recognised_by_name_or_by_content() {
    let cases = [
        ("coredns.yaml", "", true),
        ("deploy/CoreDNS.YML", "", true),
        ("Corefile", ".:53 {\n}\n", false),
        (
            "manifest",
            "# generated\n---\napiVersion: v1\nkind: ConfigMap\n",
            true,
        ),
        ("dump.txt", "kind: ConfigMap\n", true),
        ("notes.txt", "apiVersion is a field\n", false),
        ("Corefile.j2", "{% if x %}\n", false),
    ];
    for (path, text, expected) in cases {
        assert_eq!(looks_like_yaml(Path::new(path), text), expected, "{path}");
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 100_000;
    let yaml = format!(
        "kind: ConfigMap\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    // saphyr stops at a nesting limit with an error rather than recursing without bound.
    match find_corefiles(&yaml, &[]) {
        Ok(found) => assert!(found.is_empty()),
        Err(error) => assert!(error.to_string().contains("recursion limit"), "{error}"),
    }
}

#[test]
fn invalid_extra_key_patterns_are_reported() {
    let error = find_corefiles("kind: ConfigMap\n", &["server:[".to_string()]).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid key pattern `server:[`"),
        "{error}"
    );
}

#[test]
fn a_large_hosts_block_is_handled_quickly() {
    let mut yaml =
        String::from("kind: ConfigMap\ndata:\n  Corefile: |\n    .:53 {\n      hosts {\n");
    for i in 0..200_000 {
        yaml.push_str(&format!(
            "        10.{}.{}.{} host{i}.example\n",
            i / 65536,
            (i / 256) % 256,
            i % 256
        ));
    }
    yaml.push_str("      }\n    }\n");
    let started = std::time::Instant::now();
    let found = find_corefiles(&yaml, &[]).unwrap();
    assert_eq!(found.len(), 1);
    let last = found[0].text.len() - 1;
    assert_eq!(found[0].yaml_offset(last), yaml.len() - 1);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}
