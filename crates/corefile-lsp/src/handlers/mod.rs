//! One module per LSP feature. Each is a plain function over a document [`Snapshot`] or an
//! [`Analysis`](crate::analysis::Analysis); the server wraps every call against panics.
//!
//! [`Snapshot`]: crate::document::Snapshot

pub mod code_actions;
pub mod completion;
pub mod diagnostics;
pub mod folding;
pub mod formatting;
pub mod hover;
pub mod links;
pub mod semantic_tokens;
pub mod snippets;
pub mod symbols;
