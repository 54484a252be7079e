//! Latency of the language server on a generated 5,000-line Corefile, driven in-process through
//! tower-lsp-server's `LspService` (no debounce): an edit until its diagnostics are published,
//! the analysis alone, and the full semantic tokens. Before the benchmarks it prints how much
//! memory the open document holds (live heap bytes counted by a wrapping allocator).
//!
//! Run: `cargo bench -p corefile-lsp --bench latency`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{pos, TestClient};
use corefile_lsp::ServerOptions;
use serde_json::json;

/// Counts live heap bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const URI: &str = "file:///bench/Corefile";

/// About 5,000 lines: server blocks with the usual plugins, comments with non-ASCII text.
fn corefile(lines: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.lines().count() < lines {
        out.push_str(&format!(
            "# zone {i}: résumé ✓\nzone{i}.example:53 {{\n    errors\n    log\n    cache 30 {{\n        success 1000\n        denial 500\n    }}\n    forward . 10.0.{}.1 10.0.{}.2\n}}\n",
            i % 250,
            i % 250
        ));
        i += 1;
    }
    out
}

struct Fixture {
    runtime: tokio::runtime::Runtime,
    client: TestClient,
    version: i64,
}

impl Fixture {
    fn new() -> Fixture {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let text = corefile(5_000);
        let client = runtime.block_on(async {
            let options = ServerOptions {
                debounce: Duration::ZERO,
            };
            let mut c = TestClient::start_with(options, json!({})).await;
            c.open(URI, &text).await;
            c.diagnostics(URI).await;
            c
        });
        Fixture {
            runtime,
            client,
            version: 1,
        }
    }

    /// Types one character into a directive name (toggling `errors` ↔ `errorz`) and waits for
    /// the diagnostics of that version.
    fn edit_and_wait(&mut self) {
        self.version += 1;
        let letter = if self.version % 2 == 0 { "z" } else { "s" };
        let version = self.version;
        let client = &mut self.client;
        self.runtime.block_on(async {
            client
                .notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": URI, "version": version},
                           "contentChanges": [{"range": {"start": pos(2002, 9), "end": pos(2002, 10)}, "text": letter}]}),
                )
                .await;
            loop {
                if client.diagnostics(URI).await["version"] == version {
                    break;
                }
            }
        });
    }
}

#[divan::bench(sample_count = 30)]
fn change_to_diagnostics(bencher: divan::Bencher) {
    let mut f = Fixture::new();
    bencher.bench_local(|| f.edit_and_wait());
}

#[divan::bench(sample_count = 30)]
fn semantic_tokens_full(bencher: divan::Bencher) {
    let mut f = Fixture::new();
    bencher.bench_local(|| {
        // A change first, so the request parses the new text as it would after typing.
        f.edit_and_wait();
        let client = &mut f.client;
        f.runtime.block_on(async {
            client
                .request(
                    "textDocument/semanticTokens/full",
                    json!({"textDocument": {"uri": URI}}),
                )
                .await
                .unwrap()
        })
    });
}

fn main() {
    let before = LIVE.load(Ordering::Relaxed);
    let f = Fixture::new();
    let held = LIVE.load(Ordering::Relaxed) - before;
    let text_len = corefile(5_000).len();
    eprintln!(
        "memory held by the server with one open 5,000-line Corefile ({} KiB of text), analysed: {:.1} MiB",
        text_len / 1024,
        held as f64 / (1024.0 * 1024.0)
    );
    drop(f);
    divan::main();
}
