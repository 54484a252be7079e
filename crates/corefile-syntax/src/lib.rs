//! Lossless Corefile syntax: a logos lexer and a parser faithful to CoreDNS's Caddyfile parser,
//! building a rowan tree that holds every byte of its input, valid or not.
//!
//! ```
//! let text = ". {\n    whoami\n}\n";
//! let parse = corefile_syntax::parse(text);
//! assert_eq!(parse.syntax().to_string(), text);
//! assert!(parse.errors().is_empty());
//! ```

pub mod ast;
mod cst;
pub mod engine;
mod kind;
mod lexer;
mod placeholder;
mod token;

pub use cst::{debug_tree, parse, parse_body, run_tree_mode, Parse};
pub use engine::{ErrorKind, SyntaxError};
pub use kind::{CorefileLanguage, SyntaxElement, SyntaxKind, SyntaxNode, SyntaxToken};
pub use lexer::{lex, token_value, LexToken};
pub use placeholder::{has_placeholder, placeholders, Placeholder};
pub use rowan::{TextRange, TextSize};
pub use token::{significant_tokens, Brace, Tok};
