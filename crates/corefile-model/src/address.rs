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
        write!(f, "{}://{}:{}", self.transport.scheme(), self.zone, self.port)
    }
}
