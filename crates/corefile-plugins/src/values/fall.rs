//! `fallthrough [ZONES...]` (plugin/pkg/fall `SetZonesFromArgs`; spec: plugins/_fallthrough.md):
//! never an error; no zones means the root; invalid zones are dropped silently, and if all are
//! dropped nothing falls through.

use corefile_model::Token;

use super::zone::{longest_match, report_dropped_zones, ZoneList};
use crate::Controller;

/// The zones a `fallthrough` line with these arguments makes the plugin fall through for, with
/// the arguments CoreDNS silently ignored. `zones` empty means "never falls through".
pub fn fallthrough_zones(args: &[&str]) -> ZoneList {
    if args.is_empty() {
        return ZoneList {
            zones: vec![".".to_string()],
            dropped: Vec::new(),
        };
    }
    ZoneList::from_args(args)
}

/// The `fallthrough` option with these arguments: its zones (see [`fallthrough_zones`]), with a
/// warning at each argument CoreDNS drops.
pub fn fallthrough_option(c: &mut Controller<'_>, args: &[&Token]) -> Vec<String> {
    let texts: Vec<&str> = args.iter().map(|t| t.text.as_str()).collect();
    let list = fallthrough_zones(&texts);
    report_dropped_zones(c, args, &list);
    list.zones
}

/// `F.Through`: whether a query for `qname` may fall through.
pub fn falls_through(zones: &[String], qname: &str) -> bool {
    longest_match(zones, qname).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_arguments_is_the_root() {
        assert_eq!(fallthrough_zones(&[]).zones, ["."]);
        assert!(falls_through(
            &fallthrough_zones(&[]).zones,
            "anything.example."
        ));
    }

    #[test]
    fn zones_are_normalized() {
        let list = fallthrough_zones(&["in-addr.arpa", "ip6.arpa", "dns://Example.COM:53"]);
        assert_eq!(list.zones, ["in-addr.arpa.", "ip6.arpa.", "example.com."]);
        assert!(list.dropped.is_empty());
        assert!(falls_through(&list.zones, "1.0.0.10.in-addr.arpa."));
        assert!(!falls_through(&list.zones, "example.org."));
    }

    #[test]
    fn invalid_zones_disable_fallthrough() {
        let list = fallthrough_zones(&["a..b"]);
        assert!(list.zones.is_empty());
        assert_eq!(list.dropped.len(), 1);
        assert!(!falls_through(&list.zones, "a.b."));
        // A one-line block hands its `}` to fallthrough as a zone.
        assert_eq!(fallthrough_zones(&["}"]).zones, ["}."]);
    }
}
