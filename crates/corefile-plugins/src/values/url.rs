//! Go's `net/url.Parse`: which texts it refuses. It is lenient (no scheme needed, opaque forms
//! like `localhost:4646` pass as scheme `localhost`); it fails on control characters, a leading
//! `:`, a colon in the first segment of a scheme-less path, bad `%` escapes, a missing `]`, a
//! non-numeric port and characters not allowed in a host name.

/// `Ok` when Go's `url.Parse(text)` succeeds; `Err` says why not.
pub fn parse(text: &str) -> Result<(), String> {
    let (reference, fragment) = text.split_once('#').unwrap_or((text, ""));
    parse_reference(reference)?;
    unescape(fragment, Part::Other)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Host,
    Other,
}

fn parse_reference(text: &str) -> Result<(), String> {
    if text.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err("it contains a control character".into());
    }
    if text == "*" {
        return Ok(());
    }
    let (scheme, rest) = split_scheme(text)?;
    let rest = match rest.strip_suffix('?') {
        Some(stripped) if rest.matches('?').count() == 1 => stripped,
        _ => rest.split_once('?').map_or(rest, |(before, _)| before),
    };
    if !rest.starts_with('/') {
        if !scheme.is_empty() {
            // Opaque form such as `mailto:x` or `localhost:4646`.
            return Ok(());
        }
        let first_segment = rest.split('/').next().unwrap_or("");
        if first_segment.contains(':') {
            return Err("the first path segment cannot contain a colon (is the scheme, e.g. `http://`, missing?)".into());
        }
    }
    let mut path = rest;
    if (!scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let after = &rest[2..];
        let (authority, remainder) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        parse_authority(authority)?;
        path = remainder;
    }
    unescape(path, Part::Other)
}

/// Go's `getScheme`: letters first, then letters, digits, `+`, `-`, `.` up to a `:`.
fn split_scheme(text: &str) -> Result<(&str, &str), String> {
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err("it starts with `:`, so the scheme is missing".into()),
            b':' => return Ok((&text[..i], &text[i + 1..])),
            _ => return Ok(("", text)),
        }
    }
    Ok(("", text))
}

fn parse_authority(authority: &str) -> Result<(), String> {
    let host = match authority.rfind('@') {
        Some(i) => {
            let userinfo = &authority[..i];
            let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&b);
            if !userinfo.bytes().all(allowed) {
                return Err("the user information before `@` contains an invalid character".into());
            }
            unescape(userinfo, Part::Other)?;
            &authority[i + 1..]
        }
        None => authority,
    };
    parse_host(host)
}

fn parse_host(host: &str) -> Result<(), String> {
    let port = if host.starts_with('[') {
        let Some(close) = host.rfind(']') else {
            return Err("`]` is missing in the host".into());
        };
        &host[close + 1..]
    } else {
        host.rfind(':').map_or("", |i| &host[i..])
    };
    if !port.is_empty() {
        let digits = port.strip_prefix(':').unwrap_or("x");
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("invalid port `{port}` after the host"));
        }
    }
    unescape(host, Part::Host)
}

/// Go's `unescape` checks: `%` must be followed by two hex digits (in a host only for bytes of
/// non-ASCII characters, or `%25`), and a host allows only some ASCII punctuation.
fn unescape(text: &str, part: Part) -> Result<(), String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let escape = &text[i..(i + 3).min(text.len())];
            let valid = i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit();
            let ascii_in_host =
                part == Part::Host && valid && bytes[i + 1] < b'8' && escape != "%25";
            if !valid || ascii_in_host {
                return Err(format!("invalid escape `{escape}`"));
            }
            i += 3;
            continue;
        }
        if part == Part::Host && b < 0x80 && !host_char(b) {
            return Err(format!("the host contains the character `{}`", b as char));
        }
        i += 1;
    }
    Ok(())
}

fn host_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!$&'()*+,;=:[]<>\"-_.~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn accepts_like_go() {
        for ok in [
            "http://127.0.0.1:4646",
            "https://nomad.service:4646/",
            "unix:///var/run/nomad.sock",
            "localhost:4646",
            "http://[::1]:4646",
            "http://user:pa%20ss@host",
            "",
            "relative/path",
            "http://host:",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_like_go() {
        for bad in [
            "127.0.0.1:4646",
            ":4646",
            "http://[::1",
            "http://host:port",
            "http://ho st",
            "http://host/%zz",
            "http://host/\u{7}",
            "http://%41/",
            "http://host#%g",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
