//! The `corefile-lint` binary; everything it does lives in the `corefile-cli` crate.

// A linter allocates many small, short-lived values (tokens, diagnostics, tree nodes);
// mimalloc serves them faster than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    corefile_cli::main()
}
