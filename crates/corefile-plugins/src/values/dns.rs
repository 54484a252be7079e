//! DNS mnemonic tables of miekg/dns (v1.1.72, the version CoreDNS pins): the keys of
//! `StringToClass`, `StringToType` and `StringToRcode`. Lookups are exact (case-sensitive) like a
//! Go map index; callers that upper-case first (rewrite) do so themselves.

/// Keys of `dns.StringToClass`.
pub const CLASSES: &[&str] = &["IN", "CS", "CH", "HS", "NONE", "ANY"];

/// Keys of `dns.StringToType` (the reverse of `TypeToString`, so `None` and `Reserved` are in it
/// with that spelling). Generic `TYPEnnn` names are not keys.
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

/// Keys of `dns.StringToRcode` with their values (`NOTIMPL` is an extra alias of `NOTIMP`).
pub const RCODES: &[(&str, u16)] = &[
    ("NOERROR", 0),
    ("FORMERR", 1),
    ("SERVFAIL", 2),
    ("NXDOMAIN", 3),
    ("NOTIMP", 4),
    ("NOTIMPL", 4),
    ("REFUSED", 5),
    ("YXDOMAIN", 6),
    ("YXRRSET", 7),
    ("NXRRSET", 8),
    ("NOTAUTH", 9),
    ("NOTZONE", 10),
    ("DSOTYPENI", 11),
    ("BADSIG", 16),
    ("BADKEY", 17),
    ("BADTIME", 18),
    ("BADMODE", 19),
    ("BADNAME", 20),
    ("BADALG", 21),
    ("BADTRUNC", 22),
    ("BADCOOKIE", 23),
];

/// `dns.StringToClass[name]` exists.
pub fn is_class(name: &str) -> bool {
    CLASSES.contains(&name)
}

/// `dns.StringToType[name]` exists.
pub fn is_qtype(name: &str) -> bool {
    QTYPES.contains(&name)
}

/// `dns.StringToRcode[name]`.
pub fn rcode(name: &str) -> Option<u16> {
    RCODES.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
}

/// The rcode names, for completion and messages.
pub fn rcode_names() -> impl Iterator<Item = &'static str> {
    RCODES.iter().map(|&(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_are_exact() {
        assert!(is_class("CH") && !is_class("ch") && !is_class("CLASS1"));
        assert!(
            is_qtype("NSAP-PTR") && is_qtype("None") && !is_qtype("NONE") && !is_qtype("TYPE1")
        );
        assert_eq!(rcode("NOTIMPL"), Some(4));
        assert_eq!(rcode("nxdomain"), None);
    }
}
