//! Cross-plugin rules (group `semantic`): mistakes CoreDNS accepts silently. One rule per file.

use corefile_model::{Diagnostic, Model, RuleMeta};

/// Every cross-plugin rule's metadata.
pub static ALL: &[&RuleMeta] = &[];

/// Applies every cross-plugin rule.
pub fn check(_model: &Model) -> Vec<Diagnostic> {
    Vec::new()
}
