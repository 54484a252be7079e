//! DNS mnemonics as miekg/dns (v1.1.72, the version CoreDNS pins) spells them in its
//! `StringToType` and `StringToOpcode` tables: exact, case-sensitive names. `TYPE65`-style
//! generic names are not in these tables.

/// Every key of miekg/dns `StringToType` (the reverse of `TypeToString`).
pub const QTYPES: &[&str] = &[
    "A",
    "AAAA",
    "AFSDB",
    "AMTRELAY",
    "ANY",
    "APL",
    "ATMA",
    "AVC",
    "AXFR",
    "CAA",
    "CDNSKEY",
    "CDS",
    "CERT",
    "CNAME",
    "CSYNC",
    "DHCID",
    "DLV",
    "DNAME",
    "DNSKEY",
    "DS",
    "EID",
    "EUI48",
    "EUI64",
    "GID",
    "GPOS",
    "HINFO",
    "HIP",
    "HTTPS",
    "IPSECKEY",
    "ISDN",
    "IXFR",
    "KEY",
    "KX",
    "L32",
    "L64",
    "LOC",
    "LP",
    "MAILA",
    "MAILB",
    "MB",
    "MD",
    "MF",
    "MG",
    "MINFO",
    "MR",
    "MX",
    "NAPTR",
    "NID",
    "NIMLOC",
    "NINFO",
    "NS",
    "NSAP-PTR",
    "NSEC",
    "NSEC3",
    "NSEC3PARAM",
    "NULL",
    "NXNAME",
    "NXT",
    "None",
    "OPENPGPKEY",
    "OPT",
    "PTR",
    "PX",
    "RESINFO",
    "RKEY",
    "RP",
    "RRSIG",
    "RT",
    "Reserved",
    "SIG",
    "SMIMEA",
    "SOA",
    "SPF",
    "SRV",
    "SSHFP",
    "SVCB",
    "TA",
    "TALINK",
    "TKEY",
    "TLSA",
    "TSIG",
    "TXT",
    "UID",
    "UINFO",
    "UNSPEC",
    "URI",
    "X25",
    "ZONEMD",
];

/// Every key of miekg/dns `StringToOpcode`.
pub const OPCODES: &[&str] = &["QUERY", "IQUERY", "STATUS", "NOTIFY", "UPDATE"];

/// `dns.StringToType[name]` exists.
pub fn is_qtype(name: &str) -> bool {
    QTYPES.contains(&name)
}

/// `dns.StringToOpcode[name]` exists.
pub fn is_opcode(name: &str) -> bool {
    OPCODES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_spelling_only() {
        assert!(is_qtype("AAAA") && is_qtype("NSAP-PTR") && is_qtype("None"));
        assert!(!is_qtype("aaaa") && !is_qtype("TYPE65") && !is_qtype("NONE"));
        assert!(is_opcode("NOTIFY") && !is_opcode("notify"));
        assert_eq!(QTYPES.len(), 88);
    }
}
