//! Cross-plugin rules (group `semantic`): mistakes CoreDNS accepts silently, or that only fail
//! once CoreDNS runs. One rule per file, each with its documentation; [`ALL`] lists them.

mod autopath_needs_pods_verified;
mod autopath_source;
mod forward_to_itself;
mod kubernetes_probes;
mod plugin_shadowed;
mod resolv_conf_without_loop;
mod unused_snippet;
mod zone_outside_block;

use corefile_model::{Diagnostic, Model, RuleMeta, ServerBlock};
use corefile_plugins::plugins::forward::{self, ForwardStanza};

/// A rule over one server block.
struct BlockRule {
    meta: &'static RuleMeta,
    check: fn(&BlockContext<'_>, &mut Vec<Diagnostic>),
}

/// What every block rule reads.
pub struct BlockContext<'a> {
    pub model: &'a Model,
    pub block: &'a ServerBlock,
    pub zones: Vec<String>,
    /// The block's `forward` stanzas as its setup reads them (`None` without a valid `forward`),
    /// parsed once for every rule that needs them.
    pub forward: Option<Vec<ForwardStanza>>,
}

const BLOCK_RULES: &[BlockRule] = &[
    BlockRule {
        meta: &autopath_needs_pods_verified::RULE,
        check: autopath_needs_pods_verified::check,
    },
    BlockRule {
        meta: &autopath_source::RULE,
        check: autopath_source::check,
    },
    BlockRule {
        meta: &forward_to_itself::RULE,
        check: forward_to_itself::check,
    },
    BlockRule {
        meta: &plugin_shadowed::RULE,
        check: plugin_shadowed::check,
    },
    BlockRule {
        meta: &resolv_conf_without_loop::RULE,
        check: resolv_conf_without_loop::check,
    },
    BlockRule {
        meta: &zone_outside_block::RULE,
        check: zone_outside_block::check,
    },
];

/// Rules over the whole model rather than one block.
struct ModelRule {
    meta: &'static RuleMeta,
    check: fn(&Model, &mut Vec<Diagnostic>),
}

const MODEL_RULES: &[ModelRule] = &[
    ModelRule {
        meta: &kubernetes_probes::RULE,
        check: kubernetes_probes::check,
    },
    ModelRule {
        meta: &unused_snippet::RULE,
        check: unused_snippet::check,
    },
];

/// Every cross-plugin rule's metadata.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    BLOCK_RULES
        .iter()
        .map(|r| r.meta)
        .chain(MODEL_RULES.iter().map(|r| r.meta))
}

/// Applies every cross-plugin rule.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in &model.blocks {
        let zones = block.zones();
        let ctx = BlockContext {
            model,
            block,
            forward: forward::stanzas(block, &zones),
            zones,
        };
        for rule in BLOCK_RULES {
            let before = out.len();
            (rule.check)(&ctx, &mut out);
            debug_assert!(out[before..].iter().all(|d| d.rule.code == rule.meta.code));
        }
    }
    for rule in MODEL_RULES {
        (rule.check)(model, &mut out);
    }
    out
}

/// Whether `zone` is `parent` or inside it.
pub fn within(parent: &str, zone: &str) -> bool {
    corefile_plugins::values::zone::is_subdomain(parent, zone)
}
