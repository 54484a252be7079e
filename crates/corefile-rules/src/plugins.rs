//! Runs each stock plugin's setup validation once per server block, as CoreDNS does: all
//! occurrences of a directive in the block are concatenated in source order and handed to the
//! setup function; plugins run in plugin.cfg order.

use corefile_model::directives::Version;
use corefile_model::{Diagnostic, Model, Severity};
use corefile_plugins::plugins::ALL;
use corefile_plugins::{block_tokens, codes, PluginError, SetupContext};
use rustc_hash::FxHashSet;

/// `target`: the CoreDNS release the user said they run, if they said.
pub fn check(model: &Model, target: Option<Version>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in &model.blocks {
        let zones = block.zones();
        // One pass over the block's directives instead of one per stock plugin.
        let present: FxHashSet<&str> = block.directives.iter().map(|d| d.name()).collect();
        for def in ALL.iter().filter(|def| present.contains(def.name)) {
            let tokens = block_tokens(block, def.name);
            if tokens.is_empty() {
                continue;
            }
            let (found, error) = def.run(
                &tokens,
                SetupContext {
                    block,
                    zones: &zones,
                },
            );
            out.extend(found);
            out.extend(error.and_then(|e| judge_removed_option(e, target)));
        }
    }
    out
}

/// An option removed in a later release is an error for a target at or after the removal, fine
/// for an older target, and a warning when the release is unknown: Corefiles written for older
/// releases (kubeadm's defaults with `upstream`, say) are common, and valid where they run.
fn judge_removed_option(e: PluginError, target: Option<Version>) -> Option<Diagnostic> {
    if !std::ptr::eq(e.rule, &codes::REMOVED_OPTION) {
        return Some(e.into_diagnostic());
    }
    let removed = removed_version(&e.message);
    match (target, removed) {
        (Some(t), Some(r)) if t < r => None,
        (Some(_), _) => Some(e.into_diagnostic()),
        (None, r) => {
            let since = r
                .map(|r| format!(" CoreDNS {r} and later refuse to start with it;"))
                .unwrap_or_default();
            let mut d = e.into_diagnostic().with_severity(Severity::Warning);
            let note = format!("{since} this is a warning because no target version is set (`--target-version` or `target-version` in .corefile-lint.toml)");
            d.help = Some(match d.help.take() {
                Some(h) => format!("{h}.{note}"),
                None => note.trim_start().to_string(),
            });
            Some(d)
        }
    }
}

/// The release named by a PLG006 message ("... was removed in CoreDNS 1.8.0 ...").
fn removed_version(message: &str) -> Option<Version> {
    let rest = &message[message.find("removed in CoreDNS ")? + "removed in CoreDNS ".len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    Version::parse(rest[..end].trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_versions_are_read_from_messages() {
        assert_eq!(
            removed_version("`upstream` inside `secondary` was removed in CoreDNS 1.8.0"),
            Some(Version(1, 8, 0))
        );
        assert_eq!(
            removed_version("was removed in CoreDNS 1.7.0; delete the line"),
            Some(Version(1, 7, 0))
        );
        assert_eq!(removed_version("no version here"), None);
    }
}
