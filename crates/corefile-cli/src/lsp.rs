//! `corefile-lint lsp`: the language server over standard input and output.

use clap::Args;
use corefile_lsp::ServerOptions;

#[derive(Args, Debug)]
pub struct LspArgs {
    /// Accepted for clients that pass it; standard input and output are the only transport.
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_args: LspArgs) -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the language server's runtime: {e}");
            return 2;
        }
    };
    runtime.block_on(corefile_lsp::serve_stdio(ServerOptions::default()));
    // A read of standard input may still be blocked in a runtime thread after `exit` (clients
    // need not close it); do not wait for it.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    0
}
