//! The `corefile-lint` binary end to end: every output format on the same fixtures (snapshots),
//! exit codes, configuration discovery and override order, suppression placement.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// Runs the binary in `dir` and returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_corefile-lint"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_format_on_the_same_fixtures() {
    let dir = fixtures().join("mixed");
    for format in [
        "human",
        "concise",
        "json",
        "sarif",
        "github",
        "checkstyle",
        "junit",
    ] {
        let (code, stdout, _) = run(
            &dir,
            &["check", "--format", format, "Corefile", "clean.Corefile"],
        );
        assert_eq!(code, 1, "{format}");
        let mut stdout = stdout.replace(env!("CARGO_PKG_VERSION"), "VERSION");
        if format == "sarif" {
            // The rule catalogue grows with every rule; the snapshot keeps the results and
            // checks that every reported rule is described.
            let mut log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            let rules = log["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .clone();
            for r in log["runs"][0]["results"].as_array().unwrap() {
                let i = r["ruleIndex"].as_u64().unwrap() as usize;
                assert_eq!(rules[i]["id"], r["ruleId"]);
            }
            assert!(!rules.is_empty());
            log["runs"][0]["tool"]["driver"]["rules"] =
                serde_json::json!("(the rule catalogue, elided)");
            for r in log["runs"][0]["results"].as_array_mut().unwrap() {
                r["ruleIndex"] = serde_json::json!("checked");
            }
            stdout = serde_json::to_string_pretty(&log).unwrap();
        }
        insta::assert_snapshot!(format!("format_{format}"), stdout);
    }
}

#[test]
fn github_format_is_chosen_on_github_actions() {
    let out = Command::new(env!("CARGO_BIN_EXE_corefile-lint"))
        .args(["check", "Corefile"])
        .current_dir(fixtures().join("mixed"))
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("::error file=Corefile,line=3"));
}

#[test]
fn exit_codes() {
    let dir = fixtures().join("mixed");
    assert_eq!(run(&dir, &["check", "clean.Corefile"]).0, 0);
    assert_eq!(run(&dir, &["check", "Corefile"]).0, 1);
    assert_eq!(run(&dir, &["check", "--exit-zero", "Corefile"]).0, 0);
    // The clean file has no warnings either, but the CIDR info finding fails at `hint`.
    assert_eq!(run(&dir, &["check", "--select", "ADR005", "Corefile"]).0, 0);
    assert_eq!(
        run(
            &dir,
            &[
                "check",
                "--select",
                "ADR005",
                "--fail-on",
                "info",
                "Corefile"
            ]
        )
        .0,
        1
    );
    let (code, _, stderr) = run(&dir, &["check", "missing.Corefile"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("missing.Corefile: no such file or directory"),
        "{stderr}"
    );
    assert_eq!(run(&dir, &["check", "--format", "nonsense"]).0, 2);
    assert_eq!(run(&dir, &["check", "--target-version", "one"]).0, 2);
    let (code, stdout, stderr) = run(&dir, &["check", "."]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("helth") && stderr.contains("2 files checked"),
        "{stderr}"
    );
}

#[test]
fn not_utf8_is_an_io_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("Corefile"), b". {\n    log \xff\n}\n").unwrap();
    let (code, _, stderr) = run(tmp.path(), &["check", "Corefile"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
}

#[test]
fn config_discovery_and_override_order() {
    let dir = fixtures().join("config");
    let (code, stdout, _) = run(
        &dir,
        &["check", "--format", "concise", "Corefile", "sub/Corefile"],
    );
    // fanout is a declared plugin, proxy is downgraded to a warning, ADR005 ignored,
    // and sub/* ignores SYN001.
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!("config_discovered", stdout);
    // Flags override the file: select only SYN.
    let (_, stdout, _) = run(
        &dir,
        &[
            "check", "--format", "concise", "--select", "SYN", "Corefile",
        ],
    );
    assert!(
        stdout.contains("SYN002") && !stdout.contains("ADR"),
        "{stdout}"
    );
    // --no-config ignores the file: fanout becomes unknown and proxy an error again.
    let (code, stdout, _) = run(
        &dir,
        &["check", "--format", "concise", "--no-config", "Corefile"],
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("unknown directive `fanout`") && stdout.contains("error[SYN002]"),
        "{stdout}"
    );
    // --plugin adds to the file's list.
    let (code, _, _) = run(
        &dir,
        &[
            "check",
            "--no-config",
            "--plugin",
            "fanout",
            "--select",
            "SYN001",
            "Corefile",
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn bad_config_names_key_and_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".corefile-lint.toml"), "plugin = [\"x\"]\n").unwrap();
    std::fs::write(tmp.path().join("Corefile"), ". {\n    whoami\n}\n").unwrap();
    let (code, _, stderr) = run(tmp.path(), &["check", "Corefile"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(".corefile-lint.toml: 1:1: unknown field `plugin`"),
        "{stderr}"
    );
}

#[test]
fn suppressions_above_trailing_file_level_and_unused() {
    let (code, stdout, _) = run(
        &fixtures().join("suppress"),
        &["check", "--format", "concise", "Corefile"],
    );
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!("suppressions", stdout);
}

#[test]
fn rules_and_explain() {
    let dir = fixtures();
    let (code, stdout, _) = run(&dir, &["rules"]);
    assert_eq!(code, 0);
    assert!(
        stdout.lines().any(|l| l.starts_with("SYN001  syntax")),
        "{stdout}"
    );
    let (code, stdout, _) = run(&dir, &["explain", "unknown-directive"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("## What it does") && stdout.contains("## Fix"));
    assert_eq!(run(&dir, &["explain", "NOPE"]).0, 2);
}

#[test]
fn configmaps_are_linted_with_yaml_positions() {
    let dir = fixtures().join("yaml");
    let (code, stdout, _) = run(
        &dir,
        &[
            "check",
            "--format",
            "concise",
            "coredns.yaml",
            "kubectl-quoted.yaml",
            "helm.yaml",
        ],
    );
    assert_eq!(code, 1, "{stdout}");
    // `cach` in the override fragment (line 31 of the YAML), the duplicate `.:53` from the
    // `*.server` fragment, the typo inside kubectl's one-line quoted form, and the template.
    insta::assert_snapshot!("configmaps", stdout);
}

#[test]
fn docs_rules_md_is_generated_from_the_rules() {
    let (code, stdout, _) = run(&fixtures(), &["rules", "--format", "markdown"]);
    assert_eq!(code, 0);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == stdout,
        "docs/rules.md is out of date: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}
