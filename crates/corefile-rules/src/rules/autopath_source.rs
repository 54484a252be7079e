use corefile_model::{Diagnostic, Group, RuleMeta, Severity};
use corefile_plugins::plugins::autopath::{self, SearchSource};

use super::BlockContext;

/// Plugins that can give autopath a search path (the AutoPather interface).
const AUTOPATHERS: &[&str] = &["kubernetes", "erratic"];

pub static RULE: RuleMeta = RuleMeta {
    code: "SEM002",
    name: "autopath-source",
    group: Group::Semantic,
    default_severity: Severity::Warning,
    summary: "`autopath @PLUGIN` names a plugin that is absent from the block (no effect) or cannot give a search path (startup fails)",
    doc: "## What it does\nResolves `autopath @NAME` against the same server block, as CoreDNS does at startup.\n\n\
## Why is this bad?\nWhen NAME is not in the block (absent or misspelt), autopath silently does nothing. When NAME is in \
the block but cannot provide a search path (only `kubernetes` and `erratic` can), CoreDNS fails at startup: \
`plugin/autopath: forward does not implement the AutoPather interface` (reported as an error).\n\n\
## Example\n```corefile\n. {\n    autopath @kubernets\n    kubernetes cluster.local {\n        pods verified\n    }\n}\n```\n\n\
## Fix\nName `@kubernetes` and keep the kubernetes plugin in the same block.",
};

pub fn check(ctx: &BlockContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(ap) = autopath::config(ctx.block, &ctx.zones) else {
        return;
    };
    let SearchSource::Plugin(name) = &ap.source else {
        return;
    };
    let present = ctx.block.directives_named(name).next().is_some();
    if present && !AUTOPATHERS.contains(&name.as_str()) {
        out.push(
            Diagnostic::new(&RULE, ap.at.loc, format!("`{name}` cannot provide a search path: CoreDNS fails at startup with \"{name} does not implement the AutoPather interface\""))
                .with_severity(Severity::Error)
                .with_help("use `autopath @kubernetes` (with `pods verified`) or a resolv.conf file"),
        );
    } else if !present {
        let mut d = Diagnostic::new(
            &RULE,
            ap.at.loc,
            format!("`autopath @{name}` has no effect: this server block has no `{name}` plugin"),
        );
        if let Some(s) = corefile_model::did_you_mean(name, AUTOPATHERS.iter().copied()) {
            d = d.with_help(format!("did you mean `@{s}`?"));
        } else {
            d = d.with_help("autopath takes its search path from a plugin of the same block (normally `kubernetes`)");
        }
        out.push(d);
    }
}
