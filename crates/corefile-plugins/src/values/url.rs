//! Go `net/url.Parse`, reduced to what setup code looks at: whether parsing fails, and the
//! scheme and host it yields. Used by `dnstap` (`tcp://`/`tls://` endpoints) and `tls`
//! (the ACME `ca` directory URL).

/// The parts of a parsed URL that validators need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// Lower-cased scheme, `""` when there is none.
    pub scheme: String,
    /// The authority's host (with `:port`, brackets kept), `""` without an authority.
    pub host: String,
}

/// Parses like Go's `url.Parse`; the error is Go's text without the `parse "…": ` wrapper.
pub fn parse(raw: &str) -> Result<Url, String> {
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    let (rest, fragment) = match raw.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (raw, None),
    };
    if let Some(f) = fragment {
        check_escapes(f)?;
    }
    let (scheme, rest) = split_scheme(rest)?;
    let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
    if !rest.starts_with('/') {
        if scheme.is_empty() && rest.split('/').next().is_some_and(|seg| seg.contains(':')) {
            return Err("first path segment in URL cannot contain colon".into());
        }
        if !scheme.is_empty() {
            // Opaque form (`mailto:x`): nothing more is parsed.
            return Ok(Url {
                scheme,
                host: String::new(),
            });
        }
    }
    let mut host = String::new();
    let mut path = rest;
    if let Some(after) = rest.strip_prefix("//") {
        if !scheme.is_empty() || !rest.starts_with("///") {
            let (authority, p) = after.find('/').map_or((after, ""), |i| after.split_at(i));
            host = parse_authority(authority)?;
            path = p;
        }
    }
    check_escapes(path)?;
    Ok(Url { scheme, host })
}

fn split_scheme(raw: &str) -> Result<(String, &str), String> {
    for (i, c) in raw.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return Err("missing protocol scheme".into()),
            ':' => return Ok((raw[..i].to_ascii_lowercase(), &raw[i + 1..])),
            _ => break,
        }
    }
    Ok((String::new(), raw))
}

fn parse_authority(authority: &str) -> Result<String, String> {
    let host = match authority.rfind('@') {
        Some(i) => {
            let userinfo = &authority[..i];
            if !userinfo.chars().all(valid_userinfo_char) {
                return Err("net/url: invalid userinfo".into());
            }
            check_escapes(userinfo)?;
            &authority[i + 1..]
        }
        None => authority,
    };
    parse_host(host)?;
    Ok(host.to_string())
}

fn valid_userinfo_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c) || !c.is_ascii()
}

fn parse_host(host: &str) -> Result<(), String> {
    let name = if host.starts_with('[') {
        let Some(close) = host.rfind(']') else {
            return Err("missing ']' in host".into());
        };
        check_port(&host[close + 1..])?;
        // A zone (`%25eth0`) may hold any escaped byte; only the address part is checked.
        let inner = &host[..close];
        match inner.find("%25") {
            Some(z) => &inner[..z],
            None => inner,
        }
    } else {
        match host.rfind(':') {
            Some(i) => {
                check_port(&host[i..])?;
                &host[..i]
            }
            None => host,
        }
    };
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let escape = name.get(i..i + 3).unwrap_or(&name[i..]);
            if !is_escape(escape) || (hex_value(bytes[i + 1]) < 8 && escape != "%25") {
                return Err(format!("invalid URL escape {escape:?}"));
            }
            i += 3;
            continue;
        }
        if b < 0x80 && !(b.is_ascii_alphanumeric() || b"-_.~!$&'()*+,;=:[]<>\"".contains(&b)) {
            return Err(format!("invalid character {:?} in host name", b as char));
        }
        i += 1;
    }
    Ok(())
}

fn check_port(colon_port: &str) -> Result<(), String> {
    let valid = colon_port.is_empty()
        || colon_port
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if valid {
        Ok(())
    } else {
        Err(format!("invalid port {colon_port:?} after host"))
    }
}

fn check_escapes(s: &str) -> Result<(), String> {
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        let escape = rest.get(i..i + 3).unwrap_or(&rest[i..]);
        if !is_escape(escape) {
            return Err(format!("invalid URL escape {escape:?}"));
        }
        rest = &rest[i + 3..];
    }
    Ok(())
}

fn is_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3 && b[0] == b'%' && b[1].is_ascii_hexdigit() && b[2].is_ascii_hexdigit()
}

fn hex_value(b: u8) -> u8 {
    (b as char).to_digit(16).unwrap_or(0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_and_hosts() {
        assert_eq!(
            parse("tcp://127.0.0.1:6000").unwrap().host,
            "127.0.0.1:6000"
        );
        assert_eq!(parse("tcp://[::1]:6000").unwrap().host, "[::1]:6000");
        assert_eq!(parse("tls://").unwrap().host, "");
        assert_eq!(parse("tcp://example.com").unwrap().host, "example.com");
        assert!(parse("tcp://host:").is_ok());
        assert!(parse("tcp://host:port")
            .unwrap_err()
            .contains("invalid port"));
        assert!(parse("tcp://[::1").unwrap_err().contains("missing ']'"));
        assert!(parse("tcp://a/%zz")
            .unwrap_err()
            .contains("invalid URL escape"));
        assert!(parse("tcp://a b")
            .unwrap_err()
            .contains("invalid character"));
        assert_eq!(parse("HTTPS://acme.example/dir").unwrap().scheme, "https");
        assert!(parse(":foo").is_err());
    }
}
