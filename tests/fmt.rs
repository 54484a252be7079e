//! `corefile-lint fmt` end to end: the built binary on files in temporary directories.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const MESSY: &str = ".:53 {\nerrors\n  forward . 1.1.1.1   \n}";
const TIDY: &str = ".:53 {\n    errors\n    forward . 1.1.1.1\n}\n";
const BROKEN: &str = ". {\n  whoami }   \n}\n";

fn fmt(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corefile-lint"))
        .arg("fmt")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn fmt_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corefile-lint"))
        .arg("fmt")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    fs::read_to_string(dir.path().join(name)).unwrap()
}

#[test]
fn formats_in_place_and_is_idempotent() {
    let dir = dir_with(&[("Corefile", MESSY)]);
    let out = fmt(dir.path(), &["Corefile"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&dir, "Corefile"), TIDY);
    let again = fmt(dir.path(), &["--check", "Corefile"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}

#[test]
fn check_names_files_and_changes_nothing() {
    let dir = dir_with(&[("Corefile", MESSY), ("tidy.Corefile", TIDY)]);
    let out = fmt(dir.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("would reformat: ./Corefile"), "{err}");
    assert!(!err.contains("tidy.Corefile"), "{err}");
    assert_eq!(read(&dir, "Corefile"), MESSY);
}

#[test]
fn diff_prints_a_unified_diff_and_changes_nothing() {
    let dir = dir_with(&[("Corefile", MESSY)]);
    let out = fmt(dir.path(), &["--diff", "Corefile"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = stdout(&out);
    assert!(
        diff.starts_with("--- Corefile\n+++ Corefile (formatted)\n@@"),
        "{diff}"
    );
    assert!(
        diff.contains("\n-errors\n") && diff.contains("\n+    errors\n"),
        "{diff}"
    );
    assert_eq!(read(&dir, "Corefile"), MESSY);
    let tidy = dir_with(&[("Corefile", TIDY)]);
    let out = fmt(tidy.path(), &["--diff", "Corefile"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
}

#[test]
fn stdin_to_stdout() {
    let out = fmt_stdin(&["-"], MESSY);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), TIDY);
    let out = fmt_stdin(&["--tabs", "-"], MESSY);
    assert_eq!(stdout(&out), TIDY.replace("    ", "\t"));
    let out = fmt_stdin(&["--indent-width", "2", "-"], MESSY);
    assert_eq!(stdout(&out), TIDY.replace("    ", "  "));
    let out = fmt_stdin(&["--check", "-"], MESSY);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("would reformat: <stdin>"));
    assert_eq!(stdout(&out), "");
}

#[test]
fn line_endings() {
    let crlf = ". {\r\nwhoami\r\n}\r\n";
    let out = fmt_stdin(&["-"], crlf);
    assert_eq!(stdout(&out), ". {\r\n    whoami\r\n}\r\n");
    let out = fmt_stdin(&["--line-ending", "lf", "-"], crlf);
    assert_eq!(stdout(&out), ". {\n    whoami\n}\n");
    let out = fmt_stdin(&["--line-ending", "crlf", "-"], MESSY);
    assert_eq!(stdout(&out), TIDY.replace('\n', "\r\n"));
}

#[test]
fn syntax_errors_are_reported_and_the_file_left_alone() {
    let dir = dir_with(&[("bad.Corefile", BROKEN), ("Corefile", MESSY)]);
    let out = fmt(dir.path(), &["."]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("./bad.Corefile:2:10: error: unexpected `}`"),
        "{err}"
    );
    assert!(err.contains("--conservative"), "{err}");
    assert_eq!(read(&dir, "bad.Corefile"), BROKEN);
    // The other file is formatted all the same.
    assert_eq!(read(&dir, "Corefile"), TIDY);
    let out = fmt_stdin(&["-"], BROKEN);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("<stdin>:2:10: error:"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn conservative_applies_only_safe_fixes() {
    let text = "a.example {\n  log\n}\n\n\n\nb.example {\n  whoami }   \n}\n";
    let dir = dir_with(&[("Corefile", text)]);
    let out = fmt(dir.path(), &["--conservative", "Corefile"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 syntax error"), "{}", stderr(&out));
    assert_eq!(
        read(&dir, "Corefile"),
        "a.example {\n    log\n}\n\nb.example {\n  whoami }\n}\n"
    );
}

#[test]
fn fragments_are_formatted_as_block_bodies() {
    let dir = dir_with(&[
        (
            "custom.override",
            "  log\n forward . 1.1.1.1 {\nmax_fails 1\n }\n",
        ),
        ("broken.override", "log\n}\n"),
    ]);
    let out = fmt(dir.path(), &["custom.override"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(&dir, "custom.override"),
        "log\nforward . 1.1.1.1 {\n    max_fails 1\n}\n"
    );
    // A `}` in a fragment would close the block it is spliced into.
    let out = fmt(dir.path(), &["broken.override"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("broken.override:2:1: error:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn discovery_formats_corefile_names_only() {
    let dir = dir_with(&[("Corefile", MESSY), ("notes.txt", MESSY)]);
    fs::create_dir(dir.path().join("conf.d")).unwrap();
    fs::write(dir.path().join("conf.d/extra.server"), MESSY).unwrap();
    let out = fmt(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(&dir, "Corefile"), TIDY);
    assert_eq!(read(&dir, "conf.d/extra.server"), TIDY);
    assert_eq!(read(&dir, "notes.txt"), MESSY);
}

#[test]
fn missing_path_is_a_usage_error() {
    let dir = dir_with(&[]);
    let out = fmt(dir.path(), &["nothere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nothere"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn read_only_files_are_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir_with(&[("Corefile", MESSY)]);
    let path = dir.path().join("Corefile");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = fmt(dir.path(), &["Corefile"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(read(&dir, "Corefile"), MESSY);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
    // Checking a read-only file is fine.
    assert_eq!(
        fmt(dir.path(), &["--check", "Corefile"]).status.code(),
        Some(1)
    );
}

#[cfg(unix)]
#[test]
fn permissions_and_symlinks_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = dir_with(&[("real.Corefile", MESSY)]);
    let real = dir.path().join("real.Corefile");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real.Corefile", dir.path().join("Corefile")).unwrap();
    let out = fmt(dir.path(), &["Corefile"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::symlink_metadata(dir.path().join("Corefile"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(read(&dir, "real.Corefile"), TIDY);
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn configmaps_are_formatted_in_place_and_nothing_else_changes() {
    let yaml = "# keep this comment\nkind: ConfigMap\nmetadata:\n  name: coredns  # and this one\ndata:\n  Corefile: |\n    . {\n    log\n    }\n  NodeHosts: |\n    10.0.0.1  node1\n";
    let quoted = "kind: ConfigMap\ndata:\n  Corefile: \". {\\n    log \\n}\\n\"\n";
    let dir = dir_with(&[("coredns.yaml", yaml), ("quoted.yaml", quoted)]);
    let out = fmt(dir.path(), &["--check", "coredns.yaml", "quoted.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = fmt(dir.path(), &["coredns.yaml", "quoted.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(&dir, "coredns.yaml"),
        yaml.replace("    log\n", "        log\n"),
        "only the Corefile's bytes change"
    );
    // kubectl's one-line form becomes a readable block.
    assert_eq!(
        read(&dir, "quoted.yaml"),
        "kind: ConfigMap\ndata:\n  Corefile: |\n    . {\n        log\n    }\n"
    );
    assert_eq!(
        fmt(dir.path(), &["--check", "coredns.yaml", "quoted.yaml"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn configmaps_with_syntax_errors_are_left_alone_and_templates_skipped() {
    let broken = "kind: ConfigMap\ndata:\n  Corefile: |\n    . { whoami }\n";
    let template =
        "kind: ConfigMap\ndata:\n  Corefile: |\n    {{ .Values.zone }} {\n    log\n    }\n";
    let dir = dir_with(&[("broken.yaml", broken), ("template.yaml", template)]);
    let out = fmt(dir.path(), &["broken.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("broken.yaml:4:16: error"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(&dir, "broken.yaml"), broken);
    let out = fmt(dir.path(), &["template.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("skipped"), "{}", stderr(&out));
    assert_eq!(read(&dir, "template.yaml"), template);
}

#[test]
fn format_options_come_from_the_config_file_and_flags_override_them() {
    let dir = dir_with(&[
        (".corefile-lint.toml", "[format]\nindent-width = 2\n"),
        ("Corefile", ". {\nlog\n}\n"),
    ]);
    assert_eq!(fmt(dir.path(), &["Corefile"]).status.code(), Some(0));
    assert_eq!(read(&dir, "Corefile"), ". {\n  log\n}\n");
    assert_eq!(
        fmt(dir.path(), &["--indent-width", "4", "Corefile"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(read(&dir, "Corefile"), ". {\n    log\n}\n");
    fs::write(
        dir.path().join(".corefile-lint.toml"),
        "[format]\nindent-style = \"tabs\"\n",
    )
    .unwrap();
    assert_eq!(fmt(dir.path(), &["Corefile"]).status.code(), Some(0));
    assert_eq!(read(&dir, "Corefile"), ". {\n\tlog\n}\n");
}

#[cfg(unix)]
#[test]
fn owner_is_kept() {
    use std::os::unix::fs::MetadataExt;
    let dir = dir_with(&[("Corefile", MESSY)]);
    let path = dir.path().join("Corefile");
    if fs::metadata(&path).unwrap().uid() != 0 {
        println!("skipped: changing a file's owner needs root");
        return;
    }
    std::os::unix::fs::chown(&path, Some(4242), Some(4343)).unwrap();
    let out = fmt(dir.path(), &["Corefile"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
    assert_eq!(read(&dir, "Corefile"), TIDY);
}
