//! Whole-analysis throughput (load, addresses, plugin validation, rules) on generated 1 and 10 MB
//! Corefiles (and 100 MB when `COREFILE_BENCH_100MB` is set). `cargo bench -p corefile-rules`

#[path = "../../corefile-syntax/benches/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::sync::Arc;

use corefile_model::load::RootFile;
use corefile_model::MemoryVfs;
use corefile_rules::{lint, LintOptions};
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![1 << 20, 10 << 20];
    if std::env::var_os("COREFILE_BENCH_100MB").is_some() {
        sizes.push(100 << 20);
    }
    sizes
}

#[divan::bench(args = sizes(), sample_count = 5)]
fn lint_generated(bencher: Bencher, bytes: usize) {
    let text: Arc<str> = Arc::from(corpus::generated_corefile(bytes));
    let vfs = MemoryVfs::default();
    let options = LintOptions::default();
    bencher
        .counter(BytesCount::of_str(&*text))
        .with_inputs(|| RootFile {
            name: "Corefile".into(),
            path: Some(PathBuf::from("/bench/Corefile")),
            text: text.clone(),
        })
        .bench_values(|root| lint(&vfs, root, &options));
}
