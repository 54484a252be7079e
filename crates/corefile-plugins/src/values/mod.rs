//! Value grammars shared by the validators, each parsing exactly what the Go code CoreDNS calls
//! accepts (spec: plugins/_values.md). Every parser returns `Err(message)` in our words; callers
//! turn it into a [`crate::PluginError`] at the offending token.

pub mod duration;
pub mod fall;
pub mod net;
pub mod number;
pub mod pending;
pub mod replacer;
pub mod tls;
pub mod url;
pub mod zone;
