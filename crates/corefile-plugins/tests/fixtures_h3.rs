//! Snapshots of what helper H3's plugins report for the fixture directive bodies in
//! `fixtures/<plugin>/{ok,err}/`: `ok` bodies must produce no error, `err` bodies at least one.
//! A first line `# keys: K1 K2` sets the server block keys (default `.`).

mod h3_support;
use h3_support::{lint_corefile, render};

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

#[test]
fn fixtures_of_h3_plugins() {
    // One glob over every plugin's fixtures keeps snapshot names unique (`<plugin>__ok__<name>`);
    // other helpers' plugins are skipped.
    insta::glob!("fixtures/*/*/*.Corefile", |path| {
        let kind_dir = path.parent().expect("fixtures/<plugin>/<kind>/");
        let plugin_dir = kind_dir.parent().expect("fixtures/<plugin>/");
        let plugin = plugin_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !PLUGINS.contains(&plugin) {
            return;
        }
        let input = std::fs::read_to_string(path).unwrap();
        let keys: Vec<String> = input
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# keys:"))
            .map(|k| k.split_whitespace().map(String::from).collect())
            .unwrap_or_default();
        let found = lint_corefile(&wrap(&input, &keys), &[plugin]);
        let has_error = corefile_plugins::testing::has_error(&found);
        let expect_error = kind_dir.file_name().is_some_and(|n| n == "err");
        assert_eq!(
            has_error,
            expect_error,
            "{}: {}",
            path.display(),
            render(&found)
        );
        insta::assert_snapshot!(format!("{input}---\n{}", render(&found)));
    });
}

/// Wraps a directive body in a server block with `keys` (default `.`), as the corpus README says.
pub fn wrap(body: &str, keys: &[String]) -> String {
    let keys = if keys.is_empty() {
        ".".to_string()
    } else {
        keys.join(" ")
    };
    format!("{keys} {{\n{body}\n}}\n")
}
