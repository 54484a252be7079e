//! Value grammars shared by the validators, each parsing exactly what the Go code CoreDNS calls
//! accepts (spec: plugins/_values.md). Every parser returns `Err(message)` in our words; callers
//! turn it into a [`crate::PluginError`] at the offending token.

pub mod base64;
pub mod dns;
pub mod duration;
pub mod expr;
pub mod fall;
pub mod gotemplate;
pub mod labels;
pub mod net;
pub mod number;
pub mod regex;
pub mod replacer;
pub mod tls;
pub mod url;
pub mod zone;

use corefile_model::Token;

/// Parses `token` with `parse` unless it holds an environment placeholder, whose value is only
/// known when CoreDNS starts: then `Ok(None)`, and the caller must not judge it.
pub fn known<T>(
    token: &Token,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    if token.has_placeholder() {
        return Ok(None);
    }
    parse(&token.text).map(Some)
}
