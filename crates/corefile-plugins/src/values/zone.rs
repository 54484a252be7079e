//! Zone arguments as CoreDNS normalizes them (spec: plugins/_values.md §10–§11, corefile-syntax.md
//! §7): `plugin.Host.NormalizeExact`, `plugin.OriginsFromArgsOrServerBlock`, reverse zones of
//! CIDRs (plugin/pkg/cidr), miekg/dns `IsDomainName`/`Fqdn`/`IsSubDomain`, `Zones.Matches`.

use corefile_model::{Diagnostic, Group, RuleMeta, Severity, Token};

use super::net::split_transport;
use crate::Controller;
pub use corefile_model::dns::{fqdn, is_domain_name, is_fqdn, normalize_name, reverse_zones};

pub static ZONE_ARGUMENT_IGNORED: RuleMeta = RuleMeta {
    code: "PLG100",
    name: "zone-argument-ignored",
    group: Group::Plugin,
    default_severity: Severity::Warning,
    summary: "A zone argument that CoreDNS cannot normalize and silently drops",
    doc: "## What it does\nChecks zone arguments of plugins (and of `fallthrough`) the way CoreDNS normalizes them: \
scheme and port removed, CIDRs expanded to reverse zones, then the name must be a valid domain name.\n\n\
## Why is this bad?\nCoreDNS drops an argument that fails without any message. If every argument is dropped the \
plugin serves no zone at all (or, for `fallthrough`, never falls through), which is not what the line says.\n\n\
## Example\n```corefile\n. {\n    cache 30 example..org\n}\n```\n`example..org` has an empty label, so this cache \
handles no query.\n\n## Fix\nCorrect the zone (`example.org`), or remove it.",
};

/// Warns about each argument CoreDNS dropped from `list` (`args` are the tokens the list was
/// read from, in order).
pub fn report_dropped_zones(c: &mut Controller<'_>, args: &[&Token], list: &ZoneList) {
    for (index, why) in &list.dropped {
        let Some(token) = args.get(*index).filter(|t| !t.has_placeholder()) else {
            continue;
        };
        let consequence = if list.zones.is_empty() {
            "; no zone is left, so the list is empty"
        } else {
            ""
        };
        let message = format!(
            "`{}` zone `{}` is ignored: {why}{consequence}",
            c.name, token.text
        );
        c.report(
            Diagnostic::new(&ZONE_ARGUMENT_IGNORED, token.loc, message)
                .with_help("write a valid domain name or CIDR"),
        );
    }
}

/// The labels of a name, right to left, split at unescaped dots (the root has none).
fn labels_from_right(name: &str) -> Vec<&str> {
    let mut labels = Vec::new();
    let b = name.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'.' => {
                if i > start {
                    labels.push(&name[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < b.len() {
        labels.push(&name[start..]);
    }
    labels.reverse();
    labels
}

/// miekg/dns `IsSubDomain(parent, child)`: `child` equals `parent` or lies below it, labels
/// compared case-insensitively. Everything is below the root `.`.
pub fn is_subdomain(parent: &str, child: &str) -> bool {
    let parent = labels_from_right(parent);
    let child = labels_from_right(child);
    parent.len() <= child.len()
        && parent
            .iter()
            .zip(&child)
            .all(|(p, c)| p.eq_ignore_ascii_case(c))
}

/// `plugin.Zones.Matches`: the longest zone `qname` is in, if any.
pub fn longest_match<'z>(zones: &'z [String], qname: &str) -> Option<&'z str> {
    zones
        .iter()
        .filter(|z| is_subdomain(z, qname))
        .max_by_key(|z| z.len())
        .map(String::as_str)
}

pub use corefile_model::address::split_host_port as split_zone_port;

/// `plugin.Host(s).NormalizeExact()` with the reason when CoreDNS would produce nothing: the
/// zones (lower case, fully qualified; several for a CIDR off a label boundary).
pub fn normalize_zone(s: &str) -> Result<Vec<String>, String> {
    let (_, rest) = split_transport(s);
    let (hosts, _) = split_zone_port(rest)?;
    Ok(hosts.iter().map(|h| normalize_name(h)).collect())
}

/// Zones read from arguments, with the arguments CoreDNS silently dropped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ZoneList {
    /// Normalized zones in argument order (CIDRs expanded).
    pub zones: Vec<String>,
    /// `(argument index, why)` for each argument that produced no zone.
    pub dropped: Vec<(usize, String)>,
}

impl ZoneList {
    /// Every argument normalized with `NormalizeExact`, the failing ones dropped.
    pub fn from_args(args: &[&str]) -> ZoneList {
        let mut list = ZoneList::default();
        for (i, arg) in args.iter().enumerate() {
            match normalize_zone(arg) {
                Ok(zones) => list.zones.extend(zones),
                Err(why) => list.dropped.push((i, why)),
            }
        }
        list
    }
}

/// `plugin.OriginsFromArgsOrServerBlock`: no arguments → the block's zones; otherwise the
/// arguments' zones, dropping invalid ones silently (all invalid → an empty list, no fallback).
pub fn origins_from_args_or_server_block(args: &[&str], block_zones: &[String]) -> ZoneList {
    if args.is_empty() {
        return ZoneList {
            zones: block_zones.to_vec(),
            dropped: Vec::new(),
        };
    }
    ZoneList::from_args(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_names() {
        for ok in [
            ".",
            "a",
            "a.",
            "example.org",
            "a b",
            "*.x",
            "a\\.b",
            "a\\065",
            "x/8",
            "[::1]",
            "a\\\\",
        ] {
            assert!(is_domain_name(ok), "{ok}");
        }
        let long_label = "a".repeat(64);
        for bad in ["", "a..b", ".a", "..", "a\\", long_label.as_str()] {
            assert!(!is_domain_name(bad), "{bad}");
        }
        let max_label = "a".repeat(63);
        assert!(is_domain_name(&max_label));
        let too_long = ["a".repeat(63).as_str(); 5].join(".");
        assert!(!is_domain_name(&too_long));
    }

    #[test]
    fn fqdn_respects_escapes() {
        assert_eq!(fqdn("a"), "a.");
        assert_eq!(fqdn("a."), "a.");
        assert_eq!(fqdn("a\\."), "a\\..");
        assert_eq!(fqdn("a\\\\."), "a\\\\.");
        assert_eq!(normalize_name("Example.ORG"), "example.org.");
    }

    #[test]
    fn normalize_exact_examples() {
        let z = |s: &str| normalize_zone(s).unwrap();
        assert_eq!(z("Example.ORG"), ["example.org."]);
        assert_eq!(z("dns://example.org:53"), ["example.org."]);
        assert_eq!(z("example.org:abc"), ["example.org:abc."]);
        assert_eq!(z("example.org:53:54"), ["example.org:53."]);
        assert_eq!(z("10.0.0.0/8"), ["10.in-addr.arpa."]);
        assert_eq!(
            z("10.0.0.0/23"),
            ["0.0.10.in-addr.arpa.", "1.0.10.in-addr.arpa."]
        );
        assert_eq!(z("10.0.0.0/9").len(), 128);
        assert_eq!(z("10.0.0.0/9")[127], "127.10.in-addr.arpa.");
        assert_eq!(z("192.168.0.0/26")[63], "63.0.168.192.in-addr.arpa.");
        assert_eq!(z("0.0.0.0/0"), ["in-addr.arpa."]);
        assert_eq!(z("2001:db8::/32"), ["8.b.d.0.1.0.0.2.ip6.arpa."]);
        assert_eq!(
            z("2001:db8::/31"),
            ["8.b.d.0.1.0.0.2.ip6.arpa.", "9.b.d.0.1.0.0.2.ip6.arpa."]
        );
        assert_eq!(z("fd00::/8"), ["d.f.ip6.arpa."]);
        assert_eq!(z("10.0.0.0/9:1053").len(), 128);
        assert_eq!(z("10.0.0.0/33"), ["10.0.0.0/33."]);
        assert_eq!(z("127.0.0.1"), ["127.0.0.1."]);
        assert_eq!(z("ÄBC.org"), ["äbc.org."]);
        assert_eq!(z("."), ["."]);
        for bad in [
            "a..b",
            "example.org:",
            "::/0",
            "0::/0",
            "::1/128",
            ":53",
            "",
            "dns://",
        ] {
            assert!(normalize_zone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn origins() {
        let block = vec!["example.org.".to_string()];
        assert_eq!(origins_from_args_or_server_block(&[], &block).zones, block);
        let list = origins_from_args_or_server_block(&["a..b", "Foo"], &block);
        assert_eq!(list.zones, ["foo."]);
        assert_eq!(list.dropped.len(), 1);
        assert_eq!(list.dropped[0].0, 0);
        assert!(origins_from_args_or_server_block(&["a..b"], &block)
            .zones
            .is_empty());
    }

    #[test]
    fn subdomains_and_matches() {
        assert!(is_subdomain(".", "anything.example."));
        assert!(is_subdomain("example.org.", "example.org."));
        assert!(is_subdomain("Example.org.", "www.EXAMPLE.org."));
        assert!(!is_subdomain("example.org.", "org."));
        assert!(!is_subdomain("ample.org.", "example.org."));
        let zones = vec!["org.".to_string(), "example.org.".to_string()];
        assert_eq!(
            longest_match(&zones, "a.example.org."),
            Some("example.org.")
        );
        assert_eq!(longest_match(&zones, "a.com."), None);
        assert_eq!(longest_match(&[], "a.com."), None);
    }
}
