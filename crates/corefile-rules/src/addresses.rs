//! Server-address checks (group `address`), in the order CoreDNS makes them: each key's
//! inspection, then port resolution, then duplicate and overlapping zones across all blocks
//! (register.go `InspectServerBlocks`, `groupConfigsByListenAddr`,
//! `validateZonesAndListeningAddresses`).

use rustc_hash::FxHashMap;

use corefile_model::address::split_transport;
use corefile_model::codes;
use corefile_model::{Diagnostic, Location, Model, ServerBlock, ZoneAddr};
use corefile_plugins::DIRECTIVES;

pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in &model.blocks {
        for key in &block.keys {
            match &key.addrs {
                Err(reason) => out.push(invalid_key(key.token.loc, &key.text, reason)),
                Ok(addrs) => {
                    if let Some(d) = suspicious_key(key.token.loc, &key.text) {
                        out.push(d);
                    }
                    for a in addrs {
                        if !port_is_valid(&a.port) {
                            out.push(
                                Diagnostic::new(&codes::INVALID_PORT, key.token.loc, format!("port `{}` of `{}` is not between 0 and 65535", a.port, key.text))
                                    .with_help("CoreDNS fails when it opens the listener: `address <port>: invalid port`"),
                            );
                            break;
                        }
                    }
                    if let Some(d) = off_boundary_cidr(key.token.loc, &key.text, addrs.len()) {
                        out.push(d);
                    }
                }
            }
        }
    }
    out.extend(duplicates(model));
    out.extend(bind_mix(model));
    out.extend(shadowed_views(model));
    out
}

fn invalid_key(loc: Location, text: &str, reason: &str) -> Diagnostic {
    let help = if text.starts_with(':') {
        "CoreDNS needs a zone before the port: write `.:PORT` for the root zone".to_string()
    } else if text.is_empty() || text == "," {
        "a lone `,` or an empty key makes an empty server address; remove it".to_string()
    } else if reason.starts_with("invalid CIDR") {
        "CoreDNS cannot turn IPv6 prefixes that start with `:` or `0` into reverse zones; write the reverse zone name (e.g. `0.ip6.arpa`)".to_string()
    } else {
        "write a domain name, a CIDR, or `.` for the root zone, optionally with a scheme and `:PORT`".to_string()
    };
    Diagnostic::new(
        &codes::INVALID_KEY,
        loc,
        format!("invalid server address `{text}`: {reason}"),
    )
    .with_help(help)
}

fn port_is_valid(port: &str) -> bool {
    port.is_empty() || port.parse::<i64>().is_ok_and(|p| (0..=65535).contains(&p))
}

fn suspicious_key(loc: Location, text: &str) -> Option<Diagnostic> {
    let (_, rest) = split_transport(text);
    let host = rest.rsplit_once(':').map_or(
        rest,
        |(h, p)| if p.parse::<i64>().is_ok() { h } else { rest },
    );
    let lower = host.trim_end_matches('.').to_ascii_lowercase();
    let why = if let Some(fixed) = [
        ("in-addr-arpa", "in-addr.arpa"),
        ("ip6-arpa", "ip6.arpa"),
        ("inaddr.arpa", "in-addr.arpa"),
    ]
    .iter()
    .find_map(|(typo, right)| lower.strip_suffix(typo).map(|p| format!("{p}{right}")))
    {
        format!("`{text}` looks like a reverse zone with a typo: CoreDNS serves the zone `{lower}.` literally; did you mean `{fixed}`?")
    } else if host.contains("://") {
        format!("`{text}` has a scheme CoreDNS does not know, so it becomes part of the zone name; use dns://, tls://, grpc://, https://, https3:// or quic://")
    } else if text == "}" || text == "{" {
        format!("a stray `{text}` became a server address (zone `{text}.`); a brace is probably missing or extra above")
    } else if DIRECTIVES.contains(&host) {
        format!("the directive name `{host}` is used as a server address; a closing brace is probably misplaced above")
    } else if host.contains(',') {
        format!("`{text}` is one key with a comma inside (zone `{host}.`); separate server addresses with spaces, or end a key with a comma to continue on the next line")
    } else if rest
        .rsplit_once(':')
        .is_some_and(|(_, p)| !p.is_empty() && p.parse::<i64>().is_err() && !p.contains(']'))
        && !host.contains('[')
    {
        format!("the text after the last `:` in `{text}` is not a number, so CoreDNS keeps it in the zone name and uses the default port")
    } else {
        return None;
    };
    Some(Diagnostic::new(&codes::SUSPICIOUS_KEY, loc, why))
}

fn off_boundary_cidr(loc: Location, text: &str, zones: usize) -> Option<Diagnostic> {
    (zones > 1).then(|| {
        Diagnostic::new(
            &codes::OFF_BOUNDARY_CIDR,
            loc,
            format!("`{text}` is not on a label boundary, so CoreDNS serves {zones} reverse zones for it"),
        )
    })
}

/// Listen addresses of a block: its `bind` arguments, or the wildcard.
fn listen_hosts(block: &ServerBlock) -> Vec<String> {
    let mut hosts = Vec::new();
    for d in block.directives_named("bind") {
        hosts.extend(
            d.tokens
                .iter()
                .skip(1)
                .take_while(|t| t.text != "{")
                .map(|t| t.text.to_string()),
        );
    }
    if hosts.is_empty() {
        hosts.push(String::new());
    }
    hosts
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Served {
    addr: ZoneAddr,
    host: String,
}

impl Served {
    fn describe(&self) -> String {
        if self.host.is_empty() {
            self.addr.to_string()
        } else {
            format!("{} on {}", self.addr, self.host)
        }
    }
}

/// The zone-overlap check of `validateZonesAndListeningAddresses`.
fn duplicates(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut registered: FxHashMap<Served, Location> = FxHashMap::default();
    let mut unbound: FxHashMap<ZoneAddr, (Served, Location)> = FxHashMap::default();
    for block in &model.blocks {
        let filtered = block.directives_named("view").next().is_some();
        let hosts = listen_hosts(block);
        for key in &block.keys {
            let Ok(addrs) = &key.addrs else { continue };
            for addr in addrs {
                if !port_is_valid(&addr.port) {
                    continue;
                }
                for host in &hosts {
                    let s = Served {
                        addr: addr.clone(),
                        host: host.clone(),
                    };
                    if !filtered {
                        if let Some(first) = registered.get(&s) {
                            out.push(
                                Diagnostic::new(&codes::DUPLICATE_ZONE, key.token.loc, format!("`{}` is already served by another key: CoreDNS refuses `cannot serve {} - it is already defined`", key.text, s.describe()))
                                    .with_label(*first, "first defined here")
                                    .with_help("merge the two server blocks, or serve them on different ports or `bind` addresses"),
                            );
                            continue;
                        }
                    }
                    let overlap = match unbound.get(addr) {
                        Some((other, loc)) if host.is_empty() && !other.host.is_empty() => {
                            Some((other.describe(), *loc))
                        }
                        Some((_, _)) if !host.is_empty() => {
                            let u = Served {
                                addr: addr.clone(),
                                host: String::new(),
                            };
                            registered.get(&u).map(|loc| (u.describe(), *loc))
                        }
                        _ => None,
                    };
                    if let Some((other, loc)) = overlap {
                        out.push(
                            Diagnostic::new(&codes::DUPLICATE_ZONE, key.token.loc, format!("`{}` overlaps another listener: CoreDNS refuses `cannot serve {} - zone overlap listener capacity with {other}`", key.text, s.describe()))
                                .with_label(loc, "the overlapping server block")
                                .with_help("use `bind` with distinct addresses in both blocks, or in neither"),
                        );
                        continue;
                    }
                    if !filtered {
                        registered.insert(s.clone(), key.token.loc);
                        unbound.entry(addr.clone()).or_insert((s, key.token.loc));
                    }
                }
            }
        }
    }
    out
}

/// coredns/coredns#7786: one port where some blocks bind and some listen on every address.
fn bind_mix(model: &Model) -> Vec<Diagnostic> {
    let mut by_port: FxHashMap<(String, String), (Option<Location>, Option<Location>)> =
        FxHashMap::default();
    for block in &model.blocks {
        let binds = block.directives_named("bind").next();
        for key in &block.keys {
            let Ok(addrs) = &key.addrs else { continue };
            for a in addrs {
                let e = by_port
                    .entry((a.transport.scheme().to_string(), a.port.clone()))
                    .or_default();
                match binds {
                    Some(b) => e.0 = e.0.or(Some(b.name_token().loc)),
                    None => e.1 = e.1.or(Some(key.token.loc)),
                }
            }
        }
    }
    let mut out: Vec<Diagnostic> = by_port
        .into_iter()
        .filter_map(|((scheme, port), (bound, wildcard))| {
            let (bound, wildcard) = (bound?, wildcard?);
            Some(
                Diagnostic::new(&codes::BIND_MIX, bound, format!("port {scheme}/{port} is used by blocks with `bind` and by blocks listening on every address"))
                    .with_label(wildcard, "this block listens on every address of the same port")
                    .with_help("add `bind` to every block of the port, or remove it from all of them (coredns/coredns#7786)"),
            )
        })
        .collect();
    out.sort_by_key(|d| (d.location.file, d.location.range.start()));
    out
}

/// server.go `ServeDNS` tries the blocks of a zone in the order written; an unfiltered one
/// answers everything, so `view` blocks after it never apply.
fn shadowed_views(model: &Model) -> Vec<Diagnostic> {
    let mut unfiltered: FxHashMap<ZoneAddr, Location> = FxHashMap::default();
    let mut out = Vec::new();
    for block in &model.blocks {
        let view = block.directives_named("view").next();
        for key in &block.keys {
            let Ok(addrs) = &key.addrs else { continue };
            for a in addrs {
                match (view, unfiltered.get(a)) {
                    (Some(v), Some(first)) => out.push(
                        Diagnostic::new(&codes::VIEW_OVERLAP, v.name_token().loc, format!("this view is never consulted for `{a}`: a block without a view serves it first and answers every query"))
                            .with_label(*first, "the unfiltered block, tried first")
                            .with_help("move the unfiltered block after the view blocks"),
                    ),
                    (None, None) => {
                        unfiltered.insert(a.clone(), key.token.loc);
                    }
                    _ => {}
                }
            }
        }
    }
    out
}
