use corefile_model::{Diagnostic, Group, Model, RuleMeta, Severity};

pub static RULE: RuleMeta = RuleMeta {
    code: "SEM003",
    name: "kubernetes-probe-endpoints",
    group: Group::Semantic,
    default_severity: Severity::Info,
    summary: "Cluster DNS without the `health` or `ready` plugin its Deployment probes",
    doc: "## What it does\nIn a Corefile that uses the `kubernetes` plugin, checks that some server block has `health` \
(the Deployment's liveness probe, `:8080/health`) and `ready` (the readiness probe, `:8181/ready`).\n\n\
## Why is this bad?\nThe standard coredns Deployment (kubeadm, the Helm chart, most distributions since CoreDNS 1.5) probes both. Without \
`ready` the pods never become Ready and the kube-dns Service has no endpoints; without `health` the liveness probe \
fails and the pods restart in a loop: cluster DNS goes down although CoreDNS starts fine.\n\n\
## Example\n```corefile\n.:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n}\n```\n\n\
## Fix\nAdd `health` and `ready` to the main server block (or change the Deployment's probes).",
};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let Some(k8s) = model
        .blocks
        .iter()
        .flat_map(|b| b.directives_named("kubernetes"))
        .next()
    else {
        return;
    };
    for (plugin, probe) in [
        ("ready", "readiness probe (:8181/ready)"),
        ("health", "liveness probe (:8080/health)"),
    ] {
        if model
            .blocks
            .iter()
            .all(|b| b.directives_named(plugin).next().is_none())
        {
            out.push(
                Diagnostic::new(&RULE, k8s.name_token().loc, format!("this cluster DNS configuration has no `{plugin}` plugin, but the coredns Deployment's {probe} expects it"))
                    .with_help(format!("add `{plugin}` to the server block, or remove the probe from the Deployment")),
            );
        }
    }
}
