//! Addresses as CoreDNS and Go's `net` package read them (spec: plugins/_values.md §6–§8): IP
//! literals, `host:port` splitting, CIDRs, transport prefixes and upstream addresses
//! (`parse.HostPortOrFile`, `parse.HostPort`).

use corefile_model::Transport;

pub use corefile_model::dns::{decimal_saturating, parse_cidr, parse_ip, split_transport, Cidr};

/// Removes a `%zone` suffix (everything from the last `%`), as CoreDNS's `stripZone` does.
pub fn strip_zone(host: &str) -> &str {
    host.rfind('%').map_or(host, |i| &host[..i])
}

/// `net.ParseIP` after `stripZone`: true for `1.2.3.4`, `::1`, `fe80::1%eth0`.
pub fn is_ip_allowing_zone(host: &str) -> bool {
    parse_ip(strip_zone(host)).is_ok()
}

/// `net.SplitHostPort`: `host:port`, `[v6]:port`, `:port`, `host:`. The port is not checked.
pub fn split_host_port(s: &str) -> Result<(&str, &str), String> {
    let missing_port = || format!("`{s}` has no port (write `HOST:PORT`, IPv6 as `[ADDR]:PORT`)");
    let Some(last_colon) = s.rfind(':') else {
        return Err(missing_port());
    };
    let (host, host_end) = if s.starts_with('[') {
        let Some(close) = s.find(']') else {
            return Err(format!("`{s}` has a `[` without the closing `]`"));
        };
        if close + 1 == s.len() {
            return Err(missing_port());
        }
        if close + 1 != last_colon {
            if s.as_bytes()[close + 1] == b':' {
                return Err(format!(
                    "`{s}` has too many colons; write IPv6 as `[ADDR]:PORT`"
                ));
            }
            return Err(missing_port());
        }
        (&s[1..close], close + 1)
    } else {
        let host = &s[..last_colon];
        if host.contains(':') {
            return Err(format!(
                "`{s}` has too many colons; write IPv6 as `[ADDR]:PORT`"
            ));
        }
        (host, 0)
    };
    let start = usize::from(s.starts_with('['));
    if s[start..].contains('[') {
        return Err(format!("`{s}` has an unexpected `[`"));
    }
    if s[host_end..].contains(']') {
        return Err(format!("`{s}` has an unexpected `]`"));
    }
    Ok((host, &s[last_colon + 1..]))
}

/// `net.JoinHostPort`: brackets a host containing a colon.
pub fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// A port as Go's listeners and dialers accept it: decimal 0–65535.
pub fn parse_port(s: &str) -> Result<u16, String> {
    decimal_saturating(s)
        .and_then(|p| u16::try_from(p).ok())
        .ok_or_else(|| format!("`{s}` is not a port number (0 to 65535)"))
}

/// What `parse.HostPortOrFile` makes of one upstream argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upstream {
    /// An IP address, in the form CoreDNS stores it: the default port added when missing
    /// (`1.2.3.4:53`, `tls://[::1]:853`), the argument unchanged when it had a port (which
    /// CoreDNS does not check). `https3://IP` without a port yields an empty `addr` (a CoreDNS
    /// quirk: no error, an unusable upstream).
    Ip { transport: Transport, addr: String },
    /// `unix://PATH`, kept without any check.
    Unix(String),
    /// Not an IP address: CoreDNS reads this text as a resolv.conf-style file at startup and
    /// fails if it cannot be opened (forward then tries it as a host name).
    File { transport: Transport, path: String },
}

/// `parse.HostPortOrFile` for one argument, without touching the file system. Fails only where
/// CoreDNS fails regardless of files: an empty address after the scheme (`dns://`).
pub fn host_port_or_file(arg: &str) -> Result<Upstream, String> {
    let (transport, rest) = split_transport(arg);
    if rest.is_empty() {
        return Err(format!("`{arg}` has no address after the scheme"));
    }
    if transport == Transport::Unix {
        return Ok(Upstream::Unix(format!("unix://{rest}")));
    }
    match split_host_port(rest) {
        Err(_) => {
            let host = rest.trim_matches(|c| c == '[' || c == ']');
            if !is_ip_allowing_zone(host) {
                return Ok(Upstream::File {
                    transport,
                    path: host.to_string(),
                });
            }
            let with_port = |port: &str| join_host_port(host, port);
            let addr = match transport {
                Transport::Dns => with_port("53"),
                Transport::Https3 | Transport::Unix => String::new(),
                other => format!("{}://{}", other.scheme(), with_port(other.default_port())),
            };
            Ok(Upstream::Ip { transport, addr })
        }
        Ok((host, _port)) if is_ip_allowing_zone(host) => Ok(Upstream::Ip {
            transport,
            addr: arg.to_string(),
        }),
        Ok(_) => Ok(Upstream::File {
            transport,
            path: rest.to_string(),
        }),
    }
}

/// `parse.HostPort(s, default_port)`: an IP address with an optional port, returned as
/// `ip:port`. Used by `transfer from` and similar options.
pub fn host_port(s: &str, default_port: &str) -> Result<String, String> {
    let not_ip =
        |what: &str| format!("`{what}` is not an IP address (host names are not accepted here)");
    match split_host_port(s) {
        Err(_) => {
            if !is_ip_allowing_zone(s) {
                return Err(not_ip(s));
            }
            Ok(join_host_port(s, default_port))
        }
        Ok((addr, port)) => {
            if !is_ip_allowing_zone(addr) {
                return Err(not_ip(addr));
            }
            Ok(join_host_port(
                addr,
                if port.is_empty() { default_port } else { port },
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_literals() {
        assert!(parse_ip("1.2.3.4").is_ok());
        assert!(parse_ip("::ffff:1.2.3.4").is_ok());
        assert!(parse_ip("2001:db8::1").is_ok());
        assert!(parse_ip("::1.2.3.4").is_ok());
        assert!(parse_ip("1:2:3:4:5:6:1.2.3.4").is_ok());
        assert!(parse_ip("1:2:3:4:5:6:7:1.2.3.4").is_err());
        assert!(parse_ip("1::2::3").is_err());
        assert!(parse_ip("12345::1").is_err());
        for bad in [
            "1.2.3.04",
            "1.2.3",
            "[::1]",
            "fe80::1%eth0",
            "1.2.3.4:53",
            "",
            "256.1.1.1",
            "::ffff:1.2.3.04",
        ] {
            assert!(parse_ip(bad).is_err(), "{bad}");
        }
        assert!(is_ip_allowing_zone("fe80::1%eth0"));
    }

    #[test]
    fn split_host_port_like_go() {
        assert_eq!(split_host_port("host:53"), Ok(("host", "53")));
        assert_eq!(split_host_port(":53"), Ok(("", "53")));
        assert_eq!(split_host_port("host:"), Ok(("host", "")));
        assert_eq!(split_host_port("host:abc"), Ok(("host", "abc")));
        assert_eq!(split_host_port("[::1]:53"), Ok(("::1", "53")));
        assert_eq!(
            split_host_port("[fe80::1%eth0]:53"),
            Ok(("fe80::1%eth0", "53"))
        );
        assert_eq!(split_host_port("[1.2.3.4]:53"), Ok(("1.2.3.4", "53")));
        for (bad, why) in [
            ("host", "no port"),
            ("", "no port"),
            ("[::1]", "no port"),
            ("::1", "too many colons"),
            ("a:b:c", "too many colons"),
            ("[::1]:53:1", "too many colons"),
            ("[::1]x:53", "no port"),
            ("[::1:53", "closing"),
            ("a]:53", "unexpected `]`"),
            ("a[:53", "unexpected `[`"),
        ] {
            assert!(split_host_port(bad).unwrap_err().contains(why), "{bad}");
        }
    }

    #[test]
    fn ports() {
        assert_eq!(parse_port("53"), Ok(53));
        assert_eq!(parse_port("0053"), Ok(53));
        assert_eq!(parse_port("0"), Ok(0));
        assert_eq!(parse_port("65535"), Ok(65535));
        for bad in ["65536", "-1", "+53", "", "http", "99999999999999"] {
            assert!(parse_port(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cidrs() {
        assert_eq!(parse_cidr("10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(
            parse_cidr("2001:db8::1/096").unwrap().to_string(),
            "2001:db8::/96"
        );
        assert_eq!(parse_cidr("::ffff:1.2.3.4/104").unwrap().bits(), 128);
        assert_eq!(parse_cidr("0.0.0.0/0").unwrap().prefix, 0);
        for bad in [
            "10.0.0.0/33",
            "10.0.0.0",
            "10.0.0.0/",
            "10.0.0.0/8/8",
            "fe80::%eth0/64",
            "::/129",
            "x/8",
            "10.0.0.0/+8",
        ] {
            assert!(parse_cidr(bad).is_err(), "{bad}");
        }
        let net = parse_cidr("10.0.0.0/8").unwrap();
        assert!(net.contains("10.9.9.9".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
    }

    #[test]
    fn transports() {
        assert_eq!(
            split_transport("tls://1.1.1.1"),
            (Transport::Tls, "1.1.1.1")
        );
        assert_eq!(split_transport("https3://x"), (Transport::Https3, "x"));
        assert_eq!(split_transport("https://x"), (Transport::Https, "x"));
        assert_eq!(split_transport("TLS://x"), (Transport::Dns, "TLS://x"));
        assert_eq!(split_transport("udp://x"), (Transport::Dns, "udp://x"));
    }

    #[test]
    fn upstreams_like_host_port_or_file() {
        let ip = |arg: &str| match host_port_or_file(arg).unwrap() {
            Upstream::Ip { addr, .. } => addr,
            other => panic!("{arg}: {other:?}"),
        };
        assert_eq!(ip("1.2.3.4"), "1.2.3.4:53");
        assert_eq!(ip("tls://1.2.3.4"), "tls://1.2.3.4:853");
        assert_eq!(ip("quic://1.2.3.4"), "quic://1.2.3.4:853");
        assert_eq!(ip("grpc://[::1]"), "grpc://[::1]:443");
        assert_eq!(ip("https://1.2.3.4"), "https://1.2.3.4:443");
        assert_eq!(ip("https3://1.2.3.4"), "");
        assert_eq!(ip("::1"), "[::1]:53");
        assert_eq!(ip("[::1]"), "[::1]:53");
        assert_eq!(ip("fe80::1%eth0"), "[fe80::1%eth0]:53");
        assert_eq!(ip("1.2.3.4:abc"), "1.2.3.4:abc");
        assert_eq!(ip("1.2.3.4:"), "1.2.3.4:");
        assert_eq!(ip("[1.2.3.4]:53"), "[1.2.3.4]:53");
        assert_eq!(
            host_port_or_file("unix:///x"),
            Ok(Upstream::Unix("unix:///x".into()))
        );
        assert_eq!(
            host_port_or_file("dns.google"),
            Ok(Upstream::File {
                transport: Transport::Dns,
                path: "dns.google".into()
            })
        );
        assert_eq!(
            host_port_or_file("tls://dns.google:853"),
            Ok(Upstream::File {
                transport: Transport::Tls,
                path: "dns.google:853".into()
            })
        );
        assert!(host_port_or_file("dns://").is_err());
        assert!(host_port_or_file("unix://").is_err());
    }

    #[test]
    fn host_port_needs_an_ip() {
        assert_eq!(host_port("8.8.8.8", "53"), Ok("8.8.8.8:53".into()));
        assert_eq!(host_port("8.8.8.8:", "53"), Ok("8.8.8.8:53".into()));
        assert_eq!(host_port("[::1]:5353", "53"), Ok("[::1]:5353".into()));
        assert_eq!(host_port("::1", "53"), Ok("[::1]:53".into()));
        assert!(host_port("example.org", "53").is_err());
        assert!(host_port("example.org:53", "53").is_err());
    }
}
