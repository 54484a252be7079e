//! The directive list of the current CoreDNS release, in execution order (plugin.cfg at
//! coredns/coredns 4b26cced3, CoreDNS 1.14.x), and the directives earlier releases removed.

/// Every directive a stock CoreDNS build accepts, in the order its plugins run for a query.
pub const DIRECTIVES: &[&str] = &[
    "root",
    "metadata",
    "geoip",
    "cancel",
    "proxyproto",
    "quic",
    "grpc_server",
    "https",
    "https3",
    "timeouts",
    "multisocket",
    "reload",
    "nsid",
    "bufsize",
    "bind",
    "debug",
    "trace",
    "ready",
    "health",
    "pprof",
    "shed",
    "prometheus",
    "errors",
    "log",
    "dnstap",
    "local",
    "dns64",
    "any",
    "chaos",
    "loadbalance",
    "tsig",
    "rewrite",
    "autopath",
    "acl",
    "cache",
    "header",
    "dnssec",
    "tls",
    "minimal",
    "template",
    "transfer",
    "hosts",
    "route53",
    "azure",
    "clouddns",
    "k8s_external",
    "kubernetes",
    "file",
    "auto",
    "secondary",
    "etcd",
    "loop",
    "forward",
    "grpc",
    "erratic",
    "whoami",
    "on",
    "sign",
    "view",
    "nomad",
];

/// A directive that an older CoreDNS had and the current one refuses as unknown.
#[derive(Debug)]
pub struct RemovedDirective {
    pub name: &'static str,
    /// First release that refuses it.
    pub removed_in: &'static str,
    /// What to write instead, in words.
    pub replacement: &'static str,
    /// A directive name that is a drop-in rename, when there is one (offered as a fix).
    pub rename_to: Option<&'static str>,
}

pub const REMOVED_DIRECTIVES: &[RemovedDirective] = &[
    RemovedDirective {
        name: "proxy",
        removed_in: "1.5.0",
        replacement: "use `forward` (same `FROM TO...` arguments; `except` is kept, while `fail_timeout`, `max_fails`, `health_check` and `spray` differ) or `grpc` for gRPC upstreams",
        rename_to: Some("forward"),
    },
    RemovedDirective {
        name: "startup",
        removed_in: "1.1.1",
        replacement: "use `on startup COMMAND`",
        rename_to: None,
    },
    RemovedDirective {
        name: "shutdown",
        removed_in: "1.1.1",
        replacement: "use `on shutdown COMMAND`",
        rename_to: None,
    },
    RemovedDirective {
        name: "reverse",
        removed_in: "1.2.0",
        replacement: "use `template` to synthesise PTR answers, or the external coredns/reverse plugin",
        rename_to: None,
    },
    RemovedDirective {
        name: "federation",
        removed_in: "1.7.0",
        replacement: "build CoreDNS with the external github.com/coredns/federation plugin",
        rename_to: None,
    },
];

pub fn removed_directive(name: &str) -> Option<&'static RemovedDirective> {
    REMOVED_DIRECTIVES.iter().find(|r| r.name == name)
}

/// Position of a directive in execution order, if it is a stock directive.
pub fn execution_index(name: &str) -> Option<usize> {
    DIRECTIVES.iter().position(|d| *d == name)
}
