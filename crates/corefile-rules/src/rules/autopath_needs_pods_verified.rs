use corefile_model::{Applicability, Diagnostic, Edit, Fix, Group, Location, RuleMeta, Severity};
use corefile_plugins::plugins::{autopath, kubernetes};

use super::BlockContext;

pub static RULE: RuleMeta = RuleMeta {
    code: "SEM001",
    name: "autopath-needs-pods-verified",
    group: Group::Semantic,
    default_severity: Severity::Warning,
    summary: "`autopath @kubernetes` without `pods verified` in the kubernetes plugin does nothing",
    doc: "## What it does\nFinds `autopath @kubernetes` in a block whose `kubernetes` plugin does not set `pods verified`.\n\n\
## Why is this bad?\nThe kubernetes plugin only hands autopath a search path when it can tell which pod asked, which needs \
`pods verified`. Otherwise autopath silently does nothing.\n\n## Example\n```corefile\n. {\n    kubernetes cluster.local {\n        pods insecure\n    }\n    autopath @kubernetes\n}\n```\n\n\
## Fix\nSet `pods verified` in the kubernetes block (CoreDNS then watches all pods, which costs memory on large clusters), or remove `autopath`.",
};

pub fn check(ctx: &BlockContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(ap) = autopath::config(ctx.block, &ctx.zones) else {
        return;
    };
    if ap.source != autopath::SearchSource::Plugin("kubernetes".into()) {
        return;
    }
    let Some(k8s) = kubernetes::config(ctx.block, &ctx.zones) else {
        return;
    };
    if k8s.pods == kubernetes::PodsMode::Verified {
        return;
    }
    let mut d = Diagnostic::new(
        &RULE,
        ap.at.loc,
        "`autopath @kubernetes` has no effect: the kubernetes plugin does not set `pods verified`",
    )
    .with_help("add `pods verified` to the kubernetes block, or remove autopath");
    if let Some(fix) = pods_verified_fix(ctx) {
        d = d.with_fix(fix);
    }
    if let Some(k) = ctx.block.directives_named("kubernetes").next() {
        d = d.with_label(k.name_token().loc, "this kubernetes plugin");
    }
    out.push(d);
}

/// Replaces the value of an existing `pods` line, or adds `pods verified` to the block.
fn pods_verified_fix(ctx: &BlockContext<'_>) -> Option<Fix> {
    let k = ctx.block.directives_named("kubernetes").next()?;
    let toks = &k.tokens;
    let file = ctx.model.files.get(k.name_token().loc.file);
    let line_start = file
        .lines
        .line_start(file.lines.line_of(k.name_token().loc.range.start()))?;
    let indent =
        &file.text[corefile_model::TextRange::new(line_start, k.name_token().loc.range.start())];
    let at_end = |t: &corefile_model::Token| {
        Location::new(
            t.loc.file,
            corefile_model::TextRange::empty(t.loc.range.end()),
        )
    };
    let edit = if let Some(i) = toks.iter().position(|t| t.text == "pods") {
        let value = toks.get(i + 1).filter(|v| v.line == toks[i].line)?;
        Edit {
            location: value.loc,
            new_text: "verified".into(),
        }
    } else if let Some(open) = toks.iter().find(|t| t.text == "{") {
        Edit {
            location: at_end(open),
            new_text: format!("\n{indent}    pods verified"),
        }
    } else {
        Edit {
            location: at_end(toks.last()?),
            new_text: format!(" {{\n{indent}    pods verified\n{indent}}}"),
        }
    };
    (edit.location.file == k.name_token().loc.file).then(|| Fix {
        title: "Set `pods verified` in the kubernetes plugin".into(),
        edits: vec![edit],
        applicability: Applicability::Unsafe,
    })
}
