use corefile_model::{Diagnostic, Directive, Group, RuleMeta, Severity};
use corefile_plugins::execution_index;
use corefile_plugins::plugins::kubernetes;
use corefile_plugins::values::fall::{falls_through, fallthrough_zones};
use corefile_plugins::values::zone::ZoneList;

use super::{within, BlockContext};

pub static RULE: RuleMeta = RuleMeta {
    code: "SEM008",
    name: "plugin-shadowed",
    group: Group::Semantic,
    default_severity: Severity::Warning,
    summary: "A plugin never sees queries because an authoritative plugin that runs before it answers the whole zone",
    doc: "## What it does\nFor authoritative plugins without `fallthrough` (file, secondary, etcd, kubernetes), finds plugins \
of the same block that run after them (in plugin.cfg order, not the order written) and only get queries inside \
the zones they already answer.\n\n## Why is this bad?\nAn authoritative plugin answers every name of its zone, with \
NXDOMAIN for names it does not have, and never passes the query on. The later plugin is dead configuration; \
the order it is written in does not matter, which is easy to miss.\n\n\
## Example\n```corefile\nexample.org {\n    etcd {\n        endpoint http://etcd:2379\n    }\n    file db.example.org\n}\n```\n\
`file` runs before `etcd`, so etcd never answers although it is written first.\n\n\
## Fix\nAdd `fallthrough` (for the zones the later plugin should get) to the earlier plugin, or serve the zones in separate blocks.",
};

/// An authoritative plugin of the block: its zones and the zones it falls through for.
struct Answering<'a> {
    directive: &'a Directive,
    zones: Vec<String>,
    fallthrough: Vec<String>,
}

/// Zones a plugin is configured for: its zone arguments after `skip` leading ones, else the block's.
fn arg_zones(d: &Directive, skip: usize, block_zones: &[String]) -> Option<Vec<String>> {
    let args: Vec<&str> = d
        .tokens
        .iter()
        .skip(1)
        .take_while(|t| t.text != "{" && t.line == d.name_token().line)
        .skip(skip)
        .map(|t| t.text.as_str())
        .collect();
    if d.tokens.iter().any(|t| t.has_placeholder()) {
        return None;
    }
    Some(if args.is_empty() {
        block_zones.to_vec()
    } else {
        ZoneList::from_args(&args).zones
    })
}

/// The zones of the directive's `fallthrough` lines (empty without one).
fn block_fallthrough(d: &Directive) -> Vec<String> {
    let mut out = Vec::new();
    let toks = &d.tokens;
    for (i, t) in toks.iter().enumerate() {
        if t.text == "fallthrough" && i > 0 && toks[i - 1].line < t.line {
            let args: Vec<&str> = toks[i + 1..]
                .iter()
                .take_while(|a| a.line == t.line && a.text != "}" && a.text != "{")
                .map(|a| a.text.as_str())
                .collect();
            out.extend(fallthrough_zones(&args).zones);
        }
    }
    out
}

pub fn check(ctx: &BlockContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut answering = Vec::new();
    for name in ["file", "secondary", "etcd"] {
        let skip = usize::from(name == "file");
        for d in ctx.block.directives_named(name) {
            if let Some(zones) = arg_zones(d, skip, &ctx.zones) {
                answering.push(Answering {
                    directive: d,
                    zones,
                    fallthrough: block_fallthrough(d),
                });
            }
        }
    }
    if let (Some(k), Some(d)) = (
        kubernetes::config(ctx.block, &ctx.zones),
        ctx.block.directives_named("kubernetes").next(),
    ) {
        if !k.zones_unknown {
            answering.push(Answering {
                directive: d,
                zones: k.zones,
                fallthrough: k.fallthrough.unwrap_or_default(),
            });
        }
    }
    if answering.is_empty() {
        return;
    }
    // (directive, zones it is configured for)
    let mut later: Vec<(&Directive, Vec<String>)> = Vec::new();
    for name in ["file", "secondary", "etcd", "kubernetes", "hosts", "auto"] {
        let skip = usize::from(name == "file" || name == "hosts");
        for d in ctx.block.directives_named(name) {
            if let Some(z) = arg_zones(d, skip, &ctx.zones) {
                later.push((d, z));
            }
        }
    }
    if let Some(stanzas) = &ctx.forward {
        for s in stanzas {
            if let (Some(from), Some(d)) = (
                s.from.clone(),
                ctx.block
                    .directives
                    .iter()
                    .find(|d| d.name_token().loc == s.at.loc),
            ) {
                later.push((d, vec![from]));
            }
        }
    }
    for a in &answering {
        let a_index = execution_index(a.directive.name()).unwrap_or(usize::MAX);
        for (b, b_zones) in &later {
            if std::ptr::eq(*b, a.directive) || execution_index(b.name()).unwrap_or(0) <= a_index {
                continue;
            }
            // The queries `b` can get: its zones narrowed to the block's.
            let effective: Vec<&str> = b_zones
                .iter()
                .flat_map(|z| {
                    let inside: Vec<&str> = ctx
                        .zones
                        .iter()
                        .filter(|bz| within(z, bz))
                        .map(String::as_str)
                        .collect();
                    if inside.is_empty() {
                        vec![z.as_str()]
                    } else {
                        inside
                    }
                })
                .collect();
            let shadowed = !effective.is_empty()
                && effective.iter().all(|z| {
                    a.zones.iter().any(|az| within(az, z)) && !falls_through(&a.fallthrough, z)
                });
            if !shadowed {
                continue;
            }
            let written_first = b.name_token().loc.file == a.directive.name_token().loc.file
                && b.name_token().loc.range.start() < a.directive.name_token().loc.range.start();
            let order_note = if written_first {
                format!(
                    " (although `{}` is written first, CoreDNS runs plugins in plugin.cfg order)",
                    b.name()
                )
            } else {
                String::new()
            };
            out.push(
                Diagnostic::new(&RULE, b.name_token().loc, format!(
                    "`{}` never sees a query for {}: `{}` runs before it and answers the whole zone without `fallthrough`{order_note}",
                    b.name(),
                    effective.join(" "),
                    a.directive.name()
                ))
                .with_label(a.directive.name_token().loc, "answers these zones first")
                .with_help(format!("add `fallthrough` to `{}`, or move one of them to its own server block", a.directive.name())),
            );
        }
    }
}
