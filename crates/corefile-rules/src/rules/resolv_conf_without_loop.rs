use corefile_model::{Diagnostic, Group, RuleMeta, Severity};
use corefile_plugins::values::net::Upstream;

use super::BlockContext;

pub static RULE: RuleMeta = RuleMeta {
    code: "SEM005",
    name: "resolv-conf-without-loop",
    group: Group::Semantic,
    default_severity: Severity::Info,
    summary: "`forward` to a resolv.conf file in a block without the `loop` plugin",
    doc: "## What it does\nFinds `forward . /etc/resolv.conf` (any file upstream) in a server block that does not use `loop`.\n\n\
## Why is this bad?\nOn hosts running systemd-resolved or a local cache, resolv.conf lists `127.0.0.53` or the node \
itself; CoreDNS then forwards to itself and every query loops until it times out. `loop` detects this at startup \
and stops CoreDNS with a message naming the problem, instead of a cluster with slow, failing DNS.\n\n\
## Example\n```corefile\n. {\n    forward . /etc/resolv.conf\n}\n```\n\n## Fix\nAdd `loop` to the block (kubeadm's default Corefile does).",
};

pub fn check(ctx: &BlockContext<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.block.directives_named("loop").next().is_some() {
        return;
    }
    let Some(stanzas) = &ctx.forward else {
        return;
    };
    for s in stanzas {
        if let Some((tok, Some(Upstream::File { path, .. }))) =
            s.to.iter()
                .find(|(_, u)| matches!(u, Some(Upstream::File { .. })))
        {
            out.push(
                Diagnostic::new(&RULE, tok.loc, format!("`forward` reads its upstreams from `{path}` but the block has no `loop` plugin to catch a forwarding loop"))
                    .with_help("add `loop` to the server block"),
            );
            return;
        }
    }
}
