//! The `corefile-lint` binary; everything it does lives in the `corefile-cli` crate.

fn main() -> std::process::ExitCode {
    corefile_cli::main()
}
