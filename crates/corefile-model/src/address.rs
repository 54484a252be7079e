//! Server-block keys → (transport, zone, port), exactly as CoreDNS's `InspectServerBlocks`
//! normalizes them (spec: corefile-syntax.md §7).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Transport {
    Dns,
    Tls,
    Quic,
    Grpc,
    Https,
    Https3,
    Unix,
}

impl Transport {
    pub fn scheme(self) -> &'static str {
        match self {
            Transport::Dns => "dns",
            Transport::Tls => "tls",
            Transport::Quic => "quic",
            Transport::Grpc => "grpc",
            Transport::Https => "https",
            Transport::Https3 => "https3",
            Transport::Unix => "unix",
        }
    }

    /// Port used when the key names none (`dns` assumes CoreDNS's default `-dns.port` 53).
    pub fn default_port(self) -> &'static str {
        match self {
            Transport::Dns => "53",
            Transport::Tls | Transport::Quic => "853",
            Transport::Grpc | Transport::Https | Transport::Https3 => "443",
            Transport::Unix => "",
        }
    }
}

/// One served zone: what CoreDNS prints as `dns://example.org.:53`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZoneAddr {
    pub transport: Transport,
    /// Lower-cased, fully qualified (`example.org.`, `.`, `10.in-addr.arpa.`).
    pub zone: String,
    /// Canonical decimal text as CoreDNS re-prints it (`+053` → `53`); range-checked later.
    pub port: String,
}

impl std::fmt::Display for ZoneAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}://{}:{}",
            self.transport.scheme(),
            self.zone,
            self.port
        )
    }
}

pub use crate::dns::split_transport;
use crate::dns::{cidr, fqdn, is_domain_name, reverse_zones};

/// What CoreDNS's `InspectServerBlocks` makes of one key: its (transport, zone, port) triples,
/// or its refusal in CoreDNS's own words (so users can search for them).
pub fn inspect_key(key: &str) -> Result<Vec<ZoneAddr>, String> {
    let (transport, rest) = split_transport(key);
    let (hosts, port) = split_host_port(rest)?;
    for h in &hosts {
        split_host_port(&fqdn(h))?;
    }
    let port = port.unwrap_or_else(|| transport.default_port().to_string());
    Ok(hosts
        .into_iter()
        .map(|h| ZoneAddr {
            transport,
            zone: fqdn(&h).to_lowercase(),
            port: port.clone(),
        })
        .collect())
}

/// `plugin.SplitHostPort` (scheme already removed): a numeric suffix after the last `:` is the
/// port (re-printed canonically); the rest must be a domain name; a CIDR becomes its reverse
/// zones. Messages are CoreDNS's.
pub fn split_host_port(s: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut host = s;
    let mut port = None;
    if s.is_empty() || s.ends_with(':') {
        return Err(format!("expecting data after last colon: {}", go_quote(s)));
    }
    if let Some(colon) = s.rfind(':') {
        if let Some(p) = go_atoi(&s[colon + 1..]) {
            port = Some(p.to_string());
            host = &s[..colon];
        }
    }
    if host.len() > 255 {
        return Err(format!("specified zone is too long: {} > 255", host.len()));
    }
    if !is_domain_name(host) {
        return Err(format!("zone is not a valid domain name: {host}"));
    }
    let Some(network) = cidr(host) else {
        return Ok((vec![host.to_string()], port));
    };
    if host.starts_with(':') || (host.starts_with('0') && host.contains(':')) {
        return Err(format!("invalid CIDR {host}"));
    }
    Ok((reverse_zones(&network), port))
}

/// Go's `strconv.Atoi`: optional sign, decimal digits, fits in 64 bits.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Go's `%q` for the texts that appear here.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zones(key: &str) -> Vec<String> {
        inspect_key(key)
            .unwrap()
            .into_iter()
            .map(|z| z.to_string())
            .collect()
    }

    #[test]
    fn schemes_and_ports() {
        assert_eq!(zones("."), ["dns://.:53"]);
        assert_eq!(zones("tls://.:853"), ["tls://.:853"]);
        assert_eq!(zones("https://Example.ORG"), ["https://example.org.:443"]);
        assert_eq!(zones("DNS://Example.ORG"), ["dns://dns://example.org.:53"]);
        assert_eq!(zones("example.org:+053"), ["dns://example.org.:53"]);
        assert_eq!(zones("example.org:abc"), ["dns://example.org:abc.:53"]);
        assert_eq!(zones("example.org:53:54"), ["dns://example.org:53.:54"]);
        assert_eq!(zones("[::1]:53"), ["dns://[::1].:53"]);
    }

    #[test]
    fn refusals() {
        assert_eq!(
            inspect_key(":53").unwrap_err(),
            "zone is not a valid domain name: "
        );
        assert_eq!(
            inspect_key("").unwrap_err(),
            "expecting data after last colon: \"\""
        );
        assert_eq!(
            inspect_key("a.org:").unwrap_err(),
            "expecting data after last colon: \"a.org:\""
        );
        assert_eq!(inspect_key("::/0").unwrap_err(), "invalid CIDR ::/0");
        assert!(inspect_key("a..b").is_err());
        let label = "a".repeat(63);
        let long = format!("{label}.{label}.{label}.{label}");
        assert_eq!(long.len(), 255);
        assert!(inspect_key(&long).unwrap_err().contains("256 > 255"));
        assert!(inspect_key(&long[1..]).is_ok());
        assert!(inspect_key(&"a".repeat(64)).is_err());
        assert!(
            inspect_key("a\\").is_err(),
            "a dangling backslash is refused"
        );
        assert_eq!(zones("10.0.0.0/0008"), ["dns://10.in-addr.arpa.:53"]);
    }

    #[test]
    fn reverse_zones_from_cidrs() {
        assert_eq!(zones("10.0.0.0/8"), ["dns://10.in-addr.arpa.:53"]);
        assert_eq!(
            zones("10.0.0.0/23"),
            [
                "dns://0.0.10.in-addr.arpa.:53",
                "dns://1.0.10.in-addr.arpa.:53"
            ]
        );
        assert_eq!(zones("192.168.0.0/26").len(), 64);
        assert_eq!(zones("10.0.0.0/9").len(), 128);
        assert_eq!(zones("10.0.0.0/9")[127], "dns://127.10.in-addr.arpa.:53");
        assert_eq!(zones("0.0.0.0/0"), ["dns://in-addr.arpa.:53"]);
        assert_eq!(
            zones("2001:db8::/32"),
            ["dns://8.b.d.0.1.0.0.2.ip6.arpa.:53"]
        );
        assert_eq!(
            zones("2001:db8::/31")[1],
            "dns://9.b.d.0.1.0.0.2.ip6.arpa.:53"
        );
        assert_eq!(zones("fd00::/8"), ["dns://d.f.ip6.arpa.:53"]);
        assert_eq!(zones("10.1.2.3/8"), ["dns://10.in-addr.arpa.:53"]);
        assert_eq!(zones("10.0.0.0/9:1053")[0], "dns://0.10.in-addr.arpa.:1053");
        assert_eq!(zones("10.0.0.0/33"), ["dns://10.0.0.0/33.:53"]);
        assert_eq!(zones("127.0.0.1"), ["dns://127.0.0.1.:53"]);
    }
}
