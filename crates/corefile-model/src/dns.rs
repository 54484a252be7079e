//! DNS names and addresses as CoreDNS's Go dependencies read them: miekg/dns `IsDomainName`,
//! `Fqdn`, `IsFqdn`; Go's `net.ParseIP` and `net.ParseCIDR`; plugin/pkg/cidr's reverse zones;
//! `parse.Transport`. The one implementation both the server-address inspection and the plugin
//! validators use.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::address::Transport;

/// `net.ParseIP`: a dotted IPv4 address (no leading zeros) or IPv6 text; no zone, no brackets,
/// no port.
pub fn parse_ip(s: &str) -> Result<IpAddr, String> {
    s.parse::<IpAddr>()
        .map_err(|_| format!("`{s}` is not an IP address"))
}

/// Decimal digits only (no sign), saturating instead of overflowing; None if empty or not digits.
pub fn decimal_saturating(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0u32, |n, b| {
        n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
    }))
}

/// A network prefix as `net.ParseCIDR` returns it: host bits masked off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    pub network: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    /// Address length in bits (32 or 128); IPv4-mapped IPv6 text is a 128-bit prefix.
    pub fn bits(&self) -> u8 {
        if self.network.is_ipv4() {
            32
        } else {
            128
        }
    }

    /// True if `ip` lies inside the prefix (an IPv4 address never lies in an IPv6 prefix).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => mask_v4(a, self.prefix) == n,
            (IpAddr::V6(n), IpAddr::V6(a)) => mask_v6(a, self.prefix) == n,
            _ => false,
        }
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

pub(crate) fn mask_v4(a: Ipv4Addr, prefix: u8) -> Ipv4Addr {
    let bits = u32::from(a);
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    };
    Ipv4Addr::from(bits & mask)
}

pub(crate) fn mask_v6(a: Ipv6Addr, prefix: u8) -> Ipv6Addr {
    let bits = u128::from(a);
    let mask = if prefix == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(prefix))
    };
    Ipv6Addr::from(bits & mask)
}

/// `net.ParseCIDR`: `ADDR/LEN`, a plain address (no zone) and a decimal length (leading zeros
/// accepted) within the address size.
pub fn parse_cidr(s: &str) -> Result<Cidr, String> {
    cidr(s)
        .ok_or_else(|| format!("`{s}` is not a CIDR (write e.g. `10.0.0.0/8` or `2001:db8::/32`)"))
}

/// [`parse_cidr`] without the message, for callers that only ask whether a text is a CIDR.
pub fn cidr(s: &str) -> Option<Cidr> {
    let (addr, len) = s.split_once('/')?;
    let ip = addr.parse::<IpAddr>().ok()?;
    let bits: u32 = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = decimal_saturating(len).filter(|p| *p <= bits)? as u8;
    let network = match ip {
        IpAddr::V4(a) => IpAddr::V4(mask_v4(a, prefix)),
        IpAddr::V6(a) => IpAddr::V6(mask_v6(a, prefix)),
    };
    Some(Cidr { network, prefix })
}

/// `parse.Transport`: the scheme prefix (checked in CoreDNS's order, lower case only) and the
/// rest. Without a known prefix the transport is `dns` and nothing is removed.
pub fn split_transport(s: &str) -> (Transport, &str) {
    const PREFIXES: [(&str, Transport); 7] = [
        ("tls://", Transport::Tls),
        ("dns://", Transport::Dns),
        ("quic://", Transport::Quic),
        ("grpc://", Transport::Grpc),
        ("https3://", Transport::Https3),
        ("https://", Transport::Https),
        ("unix://", Transport::Unix),
    ];
    for (prefix, transport) in PREFIXES {
        if let Some(rest) = s.strip_prefix(prefix) {
            return (transport, rest);
        }
    }
    (Transport::Dns, s)
}

/// miekg/dns `IsFqdn`: ends in a dot that is not itself escaped.
pub fn is_fqdn(s: &str) -> bool {
    let Some(body) = s.strip_suffix('.') else {
        return false;
    };
    let backslashes = body.bytes().rev().take_while(|b| *b == b'\\').count();
    backslashes % 2 == 0
}

/// miekg/dns `Fqdn`: appends a dot unless already fully qualified.
pub fn fqdn(s: &str) -> String {
    if is_fqdn(s) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// `plugin.Name.Normalize`: lower case (Unicode-aware, like Go's `strings.ToLower`), fully
/// qualified. No validation.
pub fn normalize_name(s: &str) -> String {
    fqdn(s).to_lowercase()
}

/// miekg/dns `IsDomainName`: very liberal (any bytes), but refuses the empty name, empty labels
/// (`a..b`), a leading dot other than the root, labels of 64+ bytes, names over 255 bytes in
/// wire form and a dangling backslash.
pub fn is_domain_name(s: &str) -> bool {
    const WIRE_LIMIT: usize = 256;
    if s.is_empty() {
        return false;
    }
    // The bytes of `fqdn(s)`, without building it: this runs for every zone of every block.
    let len = s.len() + usize::from(!is_fqdn(s));
    let at = |i: usize| s.as_bytes().get(i).copied().unwrap_or(b'.');
    let (mut wire, mut label_start, mut after_dot, mut escaped) = (0usize, 0usize, false, false);
    let mut i = 0;
    while i < len {
        match at(i) {
            b'\\' => {
                escaped = !escaped;
                if wire + 1 > WIRE_LIMIT {
                    return false;
                }
                // `\DDD` counts as one byte, `\X` as one byte.
                let ddd = len > i + 3 && (i + 1..i + 4).all(|j| at(j).is_ascii_digit());
                let skip = if ddd { 3 } else { 1 };
                i += skip;
                label_start += skip;
                after_dot = false;
            }
            b'.' => {
                escaped = false;
                if i == 0 && len > 1 {
                    return false;
                }
                if after_dot {
                    return false;
                }
                after_dot = true;
                let label_len = i - label_start;
                if label_len >= 64 {
                    return false;
                }
                wire += 1 + label_len;
                if wire > WIRE_LIMIT {
                    return false;
                }
                label_start = i + 1;
            }
            _ => {
                escaped = false;
                after_dot = false;
            }
        }
        i += 1;
    }
    !escaped
}

/// The reverse zones CoreDNS serves for a CIDR (plugin/pkg/cidr `Split` + `Reverse`): the prefix
/// is rounded up to a label boundary (8 bits for IPv4, 4 for IPv6) and split into all subnets of
/// that size, one zone each: `10.0.0.0/23` → `0.0.10.in-addr.arpa.`, `1.0.10.in-addr.arpa.`.
pub fn reverse_zones(cidr: &Cidr) -> Vec<String> {
    let (boundary, bits) = if cidr.network.is_ipv4() {
        (8u32, 32u32)
    } else {
        (4, 128)
    };
    let prefix = u32::from(cidr.prefix);
    let rounded = prefix.div_ceil(boundary) * boundary;
    let count = 1u128 << (rounded - prefix);
    let step = 1u128 << (bits - rounded);
    let kept_labels = (rounded / boundary) as usize;
    (0..count)
        .map(|i| match cidr.network {
            IpAddr::V4(a) => {
                let octets = (u32::from(a) + (i * step) as u32).to_be_bytes();
                let mut zone: String = octets[..kept_labels]
                    .iter()
                    .rev()
                    .map(|o| format!("{o}."))
                    .collect();
                zone.push_str("in-addr.arpa.");
                zone
            }
            IpAddr::V6(a) => {
                let value = u128::from(a) + i * step;
                let mut zone: String = (0..kept_labels)
                    .rev()
                    .map(|n| format!("{:x}.", (value >> (124 - 4 * n)) & 0xf))
                    .collect();
                zone.push_str("ip6.arpa.");
                zone
            }
        })
        .collect()
}
