//! Formatter throughput on generated 1 and 10 MB Corefiles (and 100 MB when
//! `COREFILE_BENCH_100MB` is set): `cargo bench -p corefile-fmt`.

use corefile_fmt::{format, format_conservative, Options};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

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

/// About `bytes` of server blocks with nested blocks, comments, quoted strings, blank lines and
/// untidy indentation, so every part of the formatter has work.
fn generated(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 1024);
    let mut i = 0usize;
    while text.len() < bytes {
        text.push_str(&format!(
            "# zone {i}\nzone{i}.example.org:53 zone{i}.example.net,\n  zone{i}.example.com\n{{\n\
             errors\n      log \"{{remote}} - {{type}}\"   # access log\n\
             \tforward . 10.0.{}.1 10.0.{}.2 {{\n  max_fails 3\n   health_check 5s\n\t}}\n\n\n\
             cache 30 {{ success 1000 }}\n  hosts {{\n 10.1.0.1 host{i}.example.org\n fallthrough\n }}\n}}\n",
            i % 256,
            (i + 1) % 256
        ));
        i += 1;
    }
    text
}

#[divan::bench(args = sizes(), sample_count = 5)]
fn format_full(bencher: Bencher, bytes: usize) {
    let text = generated(bytes);
    let opts = Options::default();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| format(black_box(&text), &opts).unwrap());
}

#[divan::bench(args = sizes(), sample_count = 5)]
fn format_conservative_mode(bencher: Bencher, bytes: usize) {
    let text = generated(bytes);
    let opts = Options::default();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| format_conservative(black_box(&text), &opts).unwrap());
}
