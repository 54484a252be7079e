//! The Corefile language server: diagnostics from corefile-rules, plugin hover and completion from
//! the corefile-plugins catalogue, navigation for snippets and imports, over tower-lsp-server.
//!
//! [`serve_stdio`] is what `corefile-lint lsp` runs; [`Backend`] is the `LanguageServer` that tests
//! and benchmarks drive in-process through [`tower_lsp_server::LspService`].

pub mod analysis;
pub mod config;
pub mod document;
pub mod embedded;
pub mod handlers;
pub mod server;
pub mod syntax;
pub mod transport;
pub mod vfs;

pub use server::{Backend, ServerOptions};
pub use tower_lsp_server;

/// Serves LSP over standard input and output until the client sends `exit`.
pub async fn serve_stdio(options: ServerOptions) {
    transport::serve(tokio::io::stdin(), tokio::io::stdout(), options).await;
}
