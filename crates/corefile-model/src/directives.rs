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

/// The release CoreDNS checks default to: the newest one this catalogue describes.
pub const CURRENT_RELEASE: &str = "1.14.7";

/// (directive, first release with it, first release that refuses it), from the release notes
/// and the compiled directive list of each tag (spec/versions.md §2).
pub const DIRECTIVE_HISTORY: &[(&str, &str, Option<&str>)] = &[
    ("acl", "1.6.4", None),
    ("any", "1.5.1", None),
    ("auto", "1.0.0", None),
    ("autopath", "1.0.0", None),
    ("azure", "1.6.2", None),
    ("bind", "1.0.0", None),
    ("bufsize", "1.6.6", None),
    ("cache", "1.0.0", None),
    ("cancel", "1.5.0", None),
    ("chaos", "1.0.0", None),
    ("clouddns", "1.6.3", None),
    ("debug", "1.0.0", None),
    ("dns64", "1.7.0", None),
    ("dnssec", "1.0.0", None),
    ("dnstap", "1.0.0", None),
    ("erratic", "1.0.0", None),
    ("errors", "1.0.0", None),
    ("etcd", "1.0.0", None),
    ("federation", "1.0.0", Some("1.7.0")),
    ("file", "1.0.0", None),
    ("forward", "1.0.6", None),
    ("geoip", "1.8.5", None),
    ("grpc", "1.5.0", None),
    ("grpc_server", "1.14.0", None),
    ("header", "1.8.5", None),
    ("health", "1.0.0", None),
    ("hosts", "1.0.0", None),
    ("https", "1.14.0", None),
    ("https3", "1.14.0", None),
    ("k8s_external", "1.3.0", None),
    ("kubernetes", "1.0.0", None),
    ("loadbalance", "1.0.0", None),
    ("local", "1.8.1", None),
    ("log", "1.0.0", None),
    ("loop", "1.2.1", None),
    ("metadata", "1.2.0", None),
    ("minimal", "1.8.4", None),
    ("multisocket", "1.12.0", None),
    ("nomad", "1.13.0", None),
    ("nsid", "1.0.1", None),
    ("on", "1.0.5", None),
    ("pprof", "1.0.0", None),
    ("prometheus", "1.0.0", None),
    ("proxy", "1.0.0", Some("1.5.0")),
    ("proxyproto", "1.14.2", None),
    ("quic", "1.12.2", None),
    ("ready", "1.5.0", None),
    ("reload", "1.1.0", None),
    ("reverse", "1.0.0", Some("1.2.0")),
    ("rewrite", "1.0.0", None),
    ("root", "1.0.0", None),
    ("route53", "1.0.5", None),
    ("secondary", "1.0.0", None),
    ("shed", "1.14.7", None),
    ("shutdown", "1.0.0", Some("1.1.1")),
    ("sign", "1.6.3", None),
    ("startup", "1.0.0", Some("1.1.1")),
    ("template", "1.0.3", None),
    ("timeouts", "1.10.1", None),
    ("tls", "1.0.0", None),
    ("trace", "1.0.0", None),
    ("transfer", "1.6.5", None),
    ("tsig", "1.9.4", None),
    ("view", "1.10.0", None),
    ("whoami", "1.0.0", None),
];

/// A CoreDNS release number `MAJOR.MINOR.PATCH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    /// Parses `1.11.3` (a leading `v` is allowed, a missing patch means 0).
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.strip_prefix('v').unwrap_or(s);
        let mut parts = s.split('.').map(|p| p.parse::<u32>().ok());
        let major = parts.next()??;
        let minor = parts.next()??;
        let patch = parts.next().unwrap_or(Some(0))?;
        if parts.next().is_some() {
            return None;
        }
        Some(Version(major, minor, patch))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// The directive names a stock build of `version` accepts.
pub fn directives_for(version: Version) -> Vec<&'static str> {
    DIRECTIVE_HISTORY
        .iter()
        .filter(|(_, added, removed)| {
            Version::parse(added).is_some_and(|a| a <= version)
                && removed.and_then(Version::parse).is_none_or(|r| version < r)
        })
        .map(|(name, _, _)| *name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_release_matches_plugin_cfg() {
        let mut current = directives_for(Version::parse(CURRENT_RELEASE).unwrap());
        current.sort();
        let mut cfg: Vec<&str> = DIRECTIVES.to_vec();
        cfg.sort();
        assert_eq!(current, cfg);
    }

    #[test]
    fn proxy_until_1_5() {
        assert!(directives_for(Version(1, 4, 0)).contains(&"proxy"));
        assert!(!directives_for(Version(1, 5, 0)).contains(&"proxy"));
        assert!(!directives_for(Version(1, 4, 0)).contains(&"view"));
    }
}
