//! Lexer and parser throughput on generated 1 and 10 MB Corefiles (and 100 MB when
//! `COREFILE_BENCH_100MB` is set). `cargo bench -p corefile-syntax`

mod corpus;

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

#[divan::bench(args = sizes(), sample_count = 10)]
fn lex(bencher: Bencher, bytes: usize) {
    let text = corpus::generated_corefile(bytes);
    bencher
        .counter(BytesCount::of_str(text.as_str()))
        .bench(|| corefile_syntax::lex(divan::black_box(&text)));
}

#[divan::bench(args = sizes(), sample_count = 10)]
fn parse(bencher: Bencher, bytes: usize) {
    let text = corpus::generated_corefile(bytes);
    bencher
        .counter(BytesCount::of_str(text.as_str()))
        .bench(|| corefile_syntax::parse(divan::black_box(&text)));
}
