//! A file with many server blocks is checked with more than one thread: every block must still
//! report exactly what it reports on its own, in source order.

use std::sync::Arc;

use corefile_model::load::RootFile;
use corefile_model::MemoryVfs;
use corefile_rules::{lint, LintOptions};

fn block(i: usize) -> String {
    format!(
        "zone{i}.example:53 {{\n    forward . not-an-address\n    cache -1\n    autopath @kubernetes\n    log\n    log\n}}\n\n"
    )
}

fn codes(text: String) -> Vec<&'static str> {
    let root = RootFile {
        name: "Corefile".into(),
        path: None,
        text: Arc::from(text),
    };
    let result = lint(&MemoryVfs::default(), root, &LintOptions::default());
    result.diagnostics.iter().map(|d| d.rule.code).collect()
}

#[test]
fn many_blocks_report_what_each_block_reports_alone() {
    let alone = codes(block(0));
    assert!(
        alone.len() >= 3,
        "the sample block should have plugin and cross-plugin findings: {alone:?}"
    );
    let count = 300;
    let together = codes((0..count).map(block).collect());
    let expected: Vec<&str> = (0..count).flat_map(|_| alone.iter().copied()).collect();
    assert_eq!(together, expected);
}
