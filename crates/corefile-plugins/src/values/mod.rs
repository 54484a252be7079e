//! Value grammars shared by the validators, each parsing exactly what the Go code CoreDNS calls
//! accepts (spec: plugins/_values.md). Every parser returns `Err(message)` in our words; callers
//! turn it into a [`crate::PluginError`] at the offending token.

pub mod base64;
pub mod dns_types;
pub mod regexp;
pub mod url;
