//! Hostile inputs to the `corefile-lint` binary. Each case states what must happen; every run is
//! bounded by a generous wall-clock timeout (the child is killed and the test fails when it is
//! exceeded) and an address-space limit, and must never end in a panic.
//!
//! The heaviest cases are ignored in debug builds, with the reason shown; `scripts/test-all.sh`
//! runs them with `--release`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address-space limit of every run, in KiB: far above what a sane run needs, far below what a
/// runaway allocation reaches.
const MEMORY_LIMIT_KIB: u64 = 4 * 1024 * 1024;

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn assert_code(&self, expected: i32, what: &str) {
        assert_eq!(
            self.code,
            expected,
            "{what}: expected exit {expected}\nstderr: {}\nstdout (start): {}",
            excerpt(&self.stderr),
            excerpt(&self.stdout)
        );
    }
}

fn excerpt(s: &str) -> &str {
    let mut end = s.len().min(2000);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The binary under test: `COREFILE_LINT_BIN` (the release build, for the heavy cases), or the
/// one cargo built for this test.
fn binary() -> String {
    std::env::var("COREFILE_LINT_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_corefile-lint").to_string())
}

/// Runs `corefile-lint ARGS` in `dir`, killing it after `timeout`. Output goes to files so a
/// chatty child cannot block on a full pipe.
fn run(dir: &Path, args: &[&str], stdin: Option<&Path>, timeout: Duration) -> Outcome {
    let out_path = dir.join(".stdout");
    let err_path = dir.join(".stderr");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(binary())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap());
    command.stdin(match stdin {
        Some(path) => Stdio::from(std::fs::File::open(path).unwrap()),
        None => Stdio::null(),
    });
    let started = Instant::now();
    let mut child = command.spawn().expect("spawn corefile-lint");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "corefile-lint {args:?} still running after {timeout:?}: killed; stderr: {}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let outcome = Outcome {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
    };
    assert!(
        !outcome.stderr.contains("panicked") && !outcome.stderr.contains("memory allocation"),
        "corefile-lint {args:?} crashed: {}",
        excerpt(&outcome.stderr)
    );
    assert!(
        status.code().is_some(),
        "corefile-lint {args:?} was killed by a signal ({status}); stderr: {}",
        excerpt(&outcome.stderr)
    );
    outcome
}

fn check(dir: &Path, args: &[&str]) -> Outcome {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    run(dir, &all, None, Duration::from_secs(120))
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// A valid server block of a few plugins, numbered so keys never repeat.
fn server_block(out: &mut String, n: usize) {
    writeln!(
        out,
        "zone{n}.example.org:53 {{\n    errors\n    cache 30\n    forward . 10.0.{}.{} {{\n        max_fails 3\n    }}\n    log\n}}",
        n / 250 % 250,
        n % 250 + 1
    )
    .unwrap();
}

fn corefile_of_size(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    let mut n = 0;
    while text.len() < bytes {
        server_block(&mut text, n);
        n += 1;
    }
    text
}

#[test]
fn a_million_nested_braces_is_a_syntax_error_not_a_stack_overflow() {
    let dir = temp_dir();
    let mut text = String::from(". {\n");
    text.push_str(&"{\n".repeat(1_000_000));
    write(dir.path(), "Corefile", text);
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(1, "a million `{`");
    assert!(
        outcome.stdout.contains("SYN"),
        "{}",
        excerpt(&outcome.stdout)
    );
}

#[test]
fn a_million_nested_braces_inside_a_directive_block_is_a_syntax_error() {
    let dir = temp_dir();
    let mut text = String::from(". {\n    forward . 1.1.1.1 ");
    text.push_str(&"{\n".repeat(1_000_000));
    text.push_str(&"}\n".repeat(1_000_000));
    text.push_str("}\n");
    write(dir.path(), "Corefile", text);
    check(dir.path(), &["Corefile"]).assert_code(1, "a million `{` after a directive");
}

#[test]
#[ignore = "heavy: scripts/test-all.sh runs it with --include-ignored against the release binary"]
fn a_100_mb_corefile_is_checked_in_bounded_time() {
    let dir = temp_dir();
    write(dir.path(), "Corefile", corefile_of_size(100 << 20));
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(0, "100 MB of valid server blocks");
    assert!(outcome.stderr.contains("0 errors"), "{}", outcome.stderr);
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_exit_2() {
    let dir = temp_dir();
    // Sparse: 129 MiB of NUL bytes that take no disk space.
    let file = std::fs::File::create(dir.path().join("Corefile")).unwrap();
    file.set_len(129 << 20).unwrap();
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(2, "a 129 MiB file");
    assert!(
        outcome.stderr.contains("larger than 128 MiB"),
        "{}",
        outcome.stderr
    );
}

#[test]
#[ignore = "heavy: scripts/test-all.sh runs it with --include-ignored against the release binary"]
fn a_million_server_blocks_are_checked() {
    let dir = temp_dir();
    let mut text = String::with_capacity(40 << 20);
    for n in 0..1_000_000 {
        writeln!(text, "z{n}.example:53 {{\n    whoami\n}}").unwrap();
    }
    write(dir.path(), "Corefile", text);
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(0, "a million distinct server blocks");
}

#[test]
fn a_million_identical_server_blocks_report_duplicates_and_end() {
    let dir = temp_dir();
    write(
        dir.path(),
        "Corefile",
        ". {\n    whoami\n}\n".repeat(if cfg!(debug_assertions) {
            100_000
        } else {
            1_000_000
        }),
    );
    let outcome = check(dir.path(), &["--format", "json", "Corefile"]);
    outcome.assert_code(1, "the same key over and over");
    assert!(
        outcome.stdout.contains("ADR"),
        "{}",
        excerpt(&outcome.stdout)
    );
}

#[test]
fn invalid_utf8_exits_2_with_the_offset() {
    let dir = temp_dir();
    write(dir.path(), "Corefile", b". {\n    whoami \xff\xfe\n}\n");
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(2, "invalid UTF-8");
    assert!(
        outcome
            .stderr
            .contains("not valid UTF-8 (first bad byte at offset 15)"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn invalid_utf8_on_stdin_exits_2() {
    let dir = temp_dir();
    let input = write(dir.path(), "input", b"\xc3\x28 {\n}\n");
    let outcome = run(
        dir.path(),
        &["check", "-"],
        Some(&input),
        Duration::from_secs(60),
    );
    outcome.assert_code(2, "invalid UTF-8 on stdin");
    assert!(
        outcome.stderr.contains("<stdin>: not valid UTF-8"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn an_invalid_utf8_import_is_an_error_naming_the_file() {
    let dir = temp_dir();
    write(dir.path(), "bad.conf", b"whoami \x80\n");
    write(dir.path(), "Corefile", ". {\n    import bad.conf\n}\n");
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(1, "an import that is not UTF-8");
    assert!(
        outcome.stdout.contains("not valid UTF-8"),
        "{}",
        outcome.stdout
    );
}

/// CoreDNS's lexer treats NUL as an ordinary character, so NUL-laden words are plain tokens.
#[test]
fn nul_bytes_are_ordinary_characters() {
    let dir = temp_dir();
    write(dir.path(), "Corefile", ". {\n    whoami\n    \0\0\0\n}\n\0");
    let outcome = check(dir.path(), &["--format", "json", "Corefile"]);
    outcome.assert_code(1, "NUL bytes as directive names");
    assert!(outcome.stdout.contains("\"code\""), "{}", outcome.stdout);
}

#[test]
fn an_unterminated_quote_at_eof_is_a_syntax_error() {
    let dir = temp_dir();
    write(
        dir.path(),
        "Corefile",
        ". {\n    whoami\n    hosts \"/etc/hosts",
    );
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(1, "an unterminated quote");
    assert!(outcome.stdout.contains("SYN"), "{}", outcome.stdout);
}

#[test]
fn importing_itself_is_an_import_cycle() {
    let dir = temp_dir();
    write(
        dir.path(),
        "Corefile",
        ". {\n    whoami\n    import Corefile\n}\n",
    );
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(1, "import of itself");
    assert!(outcome.stdout.contains("SYN010"), "{}", outcome.stdout);
}

#[test]
fn an_a_b_a_import_cycle_is_reported_once_reached() {
    let dir = temp_dir();
    write(dir.path(), "a.conf", "whoami\nimport b.conf\n");
    write(dir.path(), "b.conf", "log\nimport a.conf\n");
    write(dir.path(), "Corefile", ". {\n    import a.conf\n}\n");
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(1, "A → B → A");
    assert!(outcome.stdout.contains("SYN010"), "{}", outcome.stdout);
}

#[test]
fn a_glob_over_ten_thousand_files_imports_them_all() {
    let dir = temp_dir();
    for n in 0..10_000 {
        write(
            dir.path(),
            &format!("conf.d/{n:05}.conf"),
            format!("# part {n}\n"),
        );
    }
    write(dir.path(), "conf.d/00000.conf", "whoami\n");
    write(dir.path(), "Corefile", ". {\n    import conf.d/*\n}\n");
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(0, "10,000 imported files");
}

#[test]
fn importing_a_directory_is_an_error() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("conf.d")).unwrap();
    write(
        dir.path(),
        "Corefile",
        ". {\n    whoami\n    import conf.d\n}\n",
    );
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(1, "import of a directory");
    assert!(
        outcome.stdout.contains("is a directory"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn a_directory_as_root_file_is_walked_and_an_empty_one_checks_nothing() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let outcome = check(dir.path(), &["empty"]);
    outcome.assert_code(0, "a directory without Corefiles");
    assert!(
        outcome.stderr.contains("0 files checked"),
        "{}",
        outcome.stderr
    );
}

fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Nobody ever writes to the FIFO: opening it for reading would block forever.
#[test]
fn a_fifo_import_is_refused_without_blocking() {
    let dir = temp_dir();
    make_fifo(&dir.path().join("pipe.conf"));
    write(
        dir.path(),
        "Corefile",
        ". {\n    whoami\n    import pipe.conf\n}\n",
    );
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(1, "import of a FIFO");
    assert!(
        outcome.stdout.contains("not a regular file"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn a_fifo_named_on_the_command_line_is_refused_without_blocking() {
    let dir = temp_dir();
    make_fifo(&dir.path().join("Corefile"));
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(2, "a FIFO as the root file");
    assert!(
        outcome.stderr.contains("not a regular file"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_fifo_found_in_a_directory_is_refused_without_blocking() {
    let dir = temp_dir();
    make_fifo(&dir.path().join("Corefile"));
    write(dir.path(), "a.server", ". {\n    whoami\n}\n");
    let outcome = check(dir.path(), &["."]);
    outcome.assert_code(2, "a FIFO found by discovery");
    assert!(
        outcome.stderr.contains("not a regular file"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("1 file checked"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn dev_zero_as_an_import_is_refused() {
    let dir = temp_dir();
    write(
        dir.path(),
        "Corefile",
        ". {\n    whoami\n    import /dev/zero\n}\n",
    );
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(1, "import of /dev/zero");
    assert!(
        outcome.stdout.contains("not a regular file"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn dev_zero_on_stdin_stops_at_the_size_limit() {
    let dir = temp_dir();
    let outcome = run(
        dir.path(),
        &["check", "-"],
        Some(Path::new("/dev/zero")),
        Duration::from_secs(120),
    );
    outcome.assert_code(2, "/dev/zero on stdin");
    assert!(
        outcome.stderr.contains("larger than 128 MiB"),
        "{}",
        outcome.stderr
    );
}

fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn a_symlink_loop_matched_by_an_import_glob_is_an_error() {
    let dir = temp_dir();
    std::fs::create_dir(dir.path().join("conf.d")).unwrap();
    symlink("b.conf", &dir.path().join("conf.d/a.conf"));
    symlink("a.conf", &dir.path().join("conf.d/b.conf"));
    write(
        dir.path(),
        "Corefile",
        ". {\n    whoami\n    import conf.d/*.conf\n}\n",
    );
    let outcome = check(dir.path(), &["Corefile"]);
    outcome.assert_code(1, "a symlink loop in an import glob");
    assert!(
        outcome.stdout.contains("too many levels of symbolic links"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn a_symlinked_directory_loop_does_not_trap_discovery() {
    let dir = temp_dir();
    write(dir.path(), "sub/Corefile", ". {\n    whoami\n}\n");
    symlink("..", &dir.path().join("sub/up"));
    symlink("loop", &dir.path().join("sub/loop"));
    let outcome = check(dir.path(), &["."]);
    outcome.assert_code(0, "symlinked directory loops under the walked tree");
    assert!(
        outcome.stderr.contains("1 file checked"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_symlink_loop_named_like_a_corefile_is_an_io_error() {
    let dir = temp_dir();
    symlink("Corefile", &dir.path().join("Corefile"));
    let outcome = check(dir.path(), &["."]);
    outcome.assert_code(2, "a self-referencing Corefile symlink found by discovery");
    assert!(
        outcome.stderr.contains("too many levels of symbolic links"),
        "{}",
        outcome.stderr
    );
}

/// Permission bits do not stop root, and these tests often run as root: the expectation is
/// chosen by probing whether the file really became unreadable.
#[test]
fn an_unreadable_file_exits_2_unless_permissions_do_not_apply() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    let path = write(dir.path(), "Corefile", ". {\n    whoami\n}\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::File::open(&path).is_ok();
    let outcome = check(dir.path(), &["Corefile"]);
    if readable {
        eprintln!(
            "note: running with privileges that ignore mode 000 (root): the file stays readable"
        );
        outcome.assert_code(0, "a mode-000 file read by root");
    } else {
        outcome.assert_code(2, "a mode-000 file");
        assert!(
            outcome.stderr.contains("permission denied"),
            "{}",
            outcome.stderr
        );
    }
}

/// What a file that disappears between discovery and reading looks like, made deterministic: a
/// dangling symlink is listed by the walk and fails to open.
#[test]
fn a_file_gone_before_it_is_read_is_an_io_error_and_the_rest_is_checked() {
    let dir = temp_dir();
    symlink("deleted-target", &dir.path().join("a.server"));
    write(dir.path(), "b.server", ". {\n    whoami\n}\n");
    let outcome = check(dir.path(), &["."]);
    outcome.assert_code(2, "a vanished file");
    assert!(
        outcome.stderr.contains("no such file or directory"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("1 file checked"),
        "{}",
        outcome.stderr
    );
}

/// Files deleted while the check runs: whichever files are gone by the time they are read give
/// an I/O error (exit 2); if all were read first the run is clean (exit 0). Either way no panic.
#[test]
fn files_deleted_during_the_run_end_in_exit_0_or_2() {
    let dir = temp_dir();
    let paths: Vec<PathBuf> = (0..2000)
        .map(|n| {
            write(
                dir.path(),
                &format!("d/{n:04}.server"),
                format!("z{n}.example {{\n    whoami\n}}\n"),
            )
        })
        .collect();
    let deleter = std::thread::spawn(move || {
        for path in paths.iter().rev() {
            let _ = std::fs::remove_file(path);
        }
    });
    let outcome = check(dir.path(), &["d"]);
    deleter.join().unwrap();
    assert!(
        [0, 2].contains(&outcome.code),
        "exit {}: {}",
        outcome.code,
        excerpt(&outcome.stderr)
    );
    if outcome.code == 2 {
        assert!(
            outcome.stderr.contains("no such file or directory"),
            "{}",
            excerpt(&outcome.stderr)
        );
    }
}

#[test]
fn a_missing_path_exits_2() {
    let dir = temp_dir();
    let outcome = check(dir.path(), &["no-such-Corefile"]);
    outcome.assert_code(2, "a missing path");
    assert!(
        outcome
            .stderr
            .contains("no-such-Corefile: no such file or directory"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn a_deeply_nested_import_chain_ends() {
    let dir = temp_dir();
    let depth = 2000;
    for n in 0..depth {
        write(
            dir.path(),
            &format!("{n}.conf"),
            format!("import {}.conf\n", n + 1),
        );
    }
    write(dir.path(), &format!("{depth}.conf"), "whoami\n");
    write(dir.path(), "Corefile", ". {\n    import 0.conf\n}\n");
    let outcome = check(dir.path(), &["Corefile"]);
    assert!(
        [0, 1].contains(&outcome.code),
        "exit {}: {}",
        outcome.code,
        outcome.stderr
    );
}

#[test]
fn an_import_fan_out_is_capped() {
    // Each level imports the next twice: 2^30 expansions if nothing stopped it.
    let dir = temp_dir();
    let levels = 30;
    for n in 0..levels {
        write(
            dir.path(),
            &format!("{n}.conf"),
            format!("import {0}.conf\nimport {0}.conf\n", n + 1),
        );
    }
    write(dir.path(), &format!("{levels}.conf"), "log\n");
    write(dir.path(), "Corefile", ". {\n    import 0.conf\n}\n");
    let outcome = check(dir.path(), &["Corefile"]);
    assert!(
        [0, 1].contains(&outcome.code),
        "exit {}: {}",
        outcome.code,
        outcome.stderr
    );
}

#[test]
fn a_long_single_line_is_handled() {
    let dir = temp_dir();
    let mut file = std::fs::File::create(dir.path().join("Corefile")).unwrap();
    file.write_all(b". {\n    hosts {\n        fallthrough ")
        .unwrap();
    file.write_all(
        "a".repeat(if cfg!(debug_assertions) {
            8 << 20
        } else {
            64 << 20
        })
        .as_bytes(),
    )
    .unwrap();
    file.write_all(b"\n    }\n}\n").unwrap();
    drop(file);
    let outcome = check(dir.path(), &["Corefile"]);
    assert!(
        [0, 1].contains(&outcome.code),
        "exit {}: {}",
        outcome.code,
        excerpt(&outcome.stderr)
    );
}
