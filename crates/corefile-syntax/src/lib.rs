//! Lossless Corefile syntax.

mod placeholder;
pub use placeholder::{has_placeholder, placeholders, Placeholder};
