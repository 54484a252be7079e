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

const SCHEMES: &[(&str, Transport)] = &[
    ("tls://", Transport::Tls),
    ("dns://", Transport::Dns),
    ("quic://", Transport::Quic),
    ("grpc://", Transport::Grpc),
    ("https3://", Transport::Https3),
    ("https://", Transport::Https),
    ("unix://", Transport::Unix),
];

/// Splits a known scheme off a key (parse.Transport): without one, the transport is `dns` and
/// nothing is removed, so `http://x` stays in the zone name.
pub fn split_transport(key: &str) -> (Transport, &str) {
    for (prefix, t) in SCHEMES {
        if let Some(rest) = key.strip_prefix(prefix) {
            return (*t, rest);
        }
    }
    (Transport::Dns, key)
}

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

/// plugin.SplitHostPort: a numeric suffix after the last `:` is the port; CIDRs become reverse
/// zones.
fn split_host_port(s: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut host = s;
    let mut port = None;
    if let Some(colon) = s.rfind(':') {
        if colon == s.len() - 1 {
            return Err(format!("expecting data after last colon: {}", go_quote(s)));
        }
        if let Some(p) = go_atoi(&s[colon + 1..]) {
            port = Some(p.to_string());
            host = &s[..colon];
        }
    } else if s.is_empty() {
        return Err("expecting data after last colon: \"\"".into());
    }
    if host.len() > 255 {
        return Err(format!("specified zone is too long: {} > 255", host.len()));
    }
    if !is_domain_name(host) {
        return Err(format!("zone is not a valid domain name: {host}"));
    }
    let Some(net) = parse_cidr(host) else {
        return Ok((vec![host.to_string()], port));
    };
    let first = host.as_bytes()[0];
    if first == b':' || (first == b'0' && host.contains(':')) {
        return Err(format!("invalid CIDR {host}"));
    }
    Ok((reverse_zones(&net), port))
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

/// `dns.Fqdn`: appends a dot unless the name already ends in an unescaped one.
pub fn fqdn(s: &str) -> String {
    if is_fqdn(s) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

fn is_fqdn(s: &str) -> bool {
    let Some(before) = s.strip_suffix('.') else {
        return false;
    };
    before.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 0
}

/// miekg/dns `IsDomainName`: very liberal; rejects only empty names, empty labels, a leading
/// dot (other than the root), labels of 64+ bytes, more than 255 bytes on the wire, and a
/// dangling backslash.
pub fn is_domain_name(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    let s = fqdn(s);
    let b = s.as_bytes();
    let (mut off, mut begin, mut was_dot) = (0usize, 0usize, false);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                if i + 1 >= b.len() {
                    return false;
                }
                let ddd = b.len() > i + 3 && b[i + 1..i + 4].iter().all(u8::is_ascii_digit);
                let skip = if ddd { 3 } else { 1 };
                i += skip;
                begin += skip;
                was_dot = false;
            }
            b'.' => {
                if i == 0 && b.len() > 1 {
                    return false;
                }
                if was_dot {
                    return false;
                }
                was_dot = true;
                let label = i - begin;
                if label >= 64 {
                    return false;
                }
                off += 1 + label;
                if off > 256 {
                    return false;
                }
                begin = i + 1;
            }
            _ => was_dot = false,
        }
        i += 1;
    }
    true
}

#[derive(Debug, Clone, Copy)]
enum Net {
    V4(u32, u8),
    V6(u128, u8),
}

/// Go's `net.ParseCIDR` (host bits masked).
fn parse_cidr(s: &str) -> Option<Net> {
    let (ip, prefix) = s.split_once('/')?;
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) || prefix.len() > 3 {
        return None;
    }
    let n: u32 = prefix.parse().ok()?;
    if let Ok(v4) = ip.parse::<std::net::Ipv4Addr>() {
        if n > 32 {
            return None;
        }
        let mask = if n == 0 { 0 } else { u32::MAX << (32 - n) };
        return Some(Net::V4(u32::from(v4) & mask, n as u8));
    }
    if ip.contains('%') {
        return None;
    }
    let v6 = ip.parse::<std::net::Ipv6Addr>().ok()?;
    if n > 128 {
        return None;
    }
    let mask = if n == 0 { 0 } else { u128::MAX << (128 - n) };
    Some(Net::V6(u128::from(v6) & mask, n as u8))
}

/// cidr.Split + cidr.Reverse: rounds the prefix up to a label boundary (8 bits for IPv4, 4 for
/// IPv6) and names the reverse zone of each resulting subnet.
fn reverse_zones(net: &Net) -> Vec<String> {
    match *net {
        Net::V4(addr, ones) => {
            let boundary = ones.div_ceil(8) * 8;
            let count = 1u64 << (boundary - ones);
            (0..count)
                .map(|i| {
                    let step = if boundary == 0 {
                        0
                    } else {
                        (i as u32) << (32 - boundary as u32)
                    };
                    let sub = addr.wrapping_add(step);
                    let octets = sub.to_be_bytes();
                    let labels = (boundary / 8) as usize;
                    let mut name: Vec<String> = octets[..labels]
                        .iter()
                        .rev()
                        .map(|o| o.to_string())
                        .collect();
                    name.push("in-addr.arpa.".into());
                    name.join(".")
                })
                .collect()
        }
        Net::V6(addr, ones) => {
            let boundary = ones.div_ceil(4) * 4;
            let count = 1u64 << (boundary - ones);
            (0..count)
                .map(|i| {
                    let step = if boundary == 0 {
                        0
                    } else {
                        (i as u128) << (128 - boundary as u32)
                    };
                    let sub = addr.wrapping_add(step);
                    let nibbles = (boundary / 4) as usize;
                    let hex = format!("{sub:032x}");
                    let mut name: Vec<String> =
                        hex[..nibbles].chars().rev().map(String::from).collect();
                    name.push("ip6.arpa.".into());
                    name.join(".")
                })
                .collect()
        }
    }
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
