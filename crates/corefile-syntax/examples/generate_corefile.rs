//! Prints a generated Corefile of at least the given number of bytes (bench/compare.sh uses it).
//! `cargo run --release -p corefile-syntax --example generate_corefile -- 10000000 > Corefile`

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() {
    let bytes: usize = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .expect("usage: generate_corefile BYTES");
    print!("{}", corpus::generated_corefile(bytes));
}
