use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};
use corefile_plugins::plugins::kubernetes;
use corefile_plugins::values::zone::ZoneList;

use super::{within, BlockContext};

pub static RULE: RuleMeta = RuleMeta {
    code: "SEM007",
    name: "plugin-zone-outside-block",
    group: Group::Semantic,
    default_severity: Severity::Warning,
    summary: "A plugin's zone is disjoint from every zone of its server block, so it never sees a query",
    doc: "## What it does\nCompares the zones a plugin is given (kubernetes, file, auto, secondary, etcd, k8s_external, \
forward's FROM, ...) with the zones of its server block.\n\n## Why is this bad?\nCoreDNS routes a query to the server \
block of the longest matching zone; a plugin configured for a zone outside its block never receives queries for it, \
silently.\n\n## Example\n```corefile\nexample.org {\n    kubernetes cluster.local\n}\n```\n\n\
## Fix\nAdd the zone to the server block's keys, or move the plugin to the block serving that zone.",
};

/// Plugins whose arguments (after `skip` leading ones) are zones.
const ZONE_ARGS: &[(&str, usize)] = &[
    ("file", 1),
    ("auto", 0),
    ("secondary", 0),
    ("etcd", 0),
    ("k8s_external", 0),
];

pub fn check(ctx: &BlockContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.zones.is_empty() || ctx.block.keys.iter().any(|k| k.token.has_placeholder()) {
        return;
    }
    let mut report = |plugin: &str, zone: &str, at: &Token| {
        // A zone is reachable when it is inside a block zone or contains one (`forward .` in `example.org`).
        if !ctx.zones.iter().any(|b| within(b, zone) || within(zone, b)) {
            out.push(
                Diagnostic::new(&RULE, at.loc, format!("`{plugin}` is configured for `{zone}`, which none of this block's zones ({}) contains: it never sees those queries", ctx.zones.join(" ")))
                    .with_help(format!("add `{}` to the server block's keys, or move `{plugin}` to the block that serves it", zone.trim_end_matches('.'))),
            );
        }
    };
    if let Some(k) = kubernetes::config(ctx.block, &ctx.zones) {
        if !k.zones_unknown {
            if let Some(d) = ctx.block.directives_named("kubernetes").next() {
                for z in &k.zones {
                    report("kubernetes", z, d.name_token());
                }
            }
        }
    }
    if let Some(stanzas) = &ctx.forward {
        for s in stanzas {
            if let Some(from) = &s.from {
                report("forward", from, &s.at);
            }
        }
    }
    for (name, skip) in ZONE_ARGS {
        for d in ctx.block.directives_named(name) {
            let args: Vec<&Token> = d
                .tokens
                .iter()
                .skip(1)
                .take_while(|t| t.text != "{" && t.line == d.name_token().line)
                .skip(*skip)
                .collect();
            if args.is_empty() || args.iter().any(|t| t.has_placeholder()) {
                continue;
            }
            let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
            for z in ZoneList::from_args(&texts).zones {
                report(name, &z, d.name_token());
            }
        }
    }
}
