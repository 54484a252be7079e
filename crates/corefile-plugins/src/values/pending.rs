//! TEMPORARY stand-in for helper H1's `duration`, `number`, `net` and helper H2's `regex` modules so that H3's
//! plugins compile and can be tested before those land on main. Deleted at the merge; the call
//! sites then move to H1's functions. Not part of the catalogue's API.

pub mod duration {
    /// Go `time.ParseDuration`, in nanoseconds.
    pub fn parse(s: &str) -> Result<i128, String> {
        let invalid = || format!("time: invalid duration {s:?}");
        let mut rest = s;
        let mut negative = false;
        if let Some(r) = rest.strip_prefix('-') {
            negative = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('+') {
            rest = r;
        }
        if rest == "0" {
            return Ok(0);
        }
        if rest.is_empty() {
            return Err(invalid());
        }
        let mut total: i128 = 0;
        while !rest.is_empty() {
            let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            let (int_part, after) = rest.split_at(int_len);
            let (frac_part, after) = match after.strip_prefix('.') {
                Some(a) => {
                    let n = a.bytes().take_while(u8::is_ascii_digit).count();
                    a.split_at(n)
                }
                None => ("", after),
            };
            if int_part.is_empty() && frac_part.is_empty() {
                return Err(invalid());
            }
            let unit_len = after.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(after.len());
            let (unit, after) = after.split_at(unit_len);
            if unit.is_empty() {
                return Err(format!("time: missing unit in duration {s:?}"));
            }
            let scale: i128 = match unit {
                "ns" => 1,
                "us" | "µs" | "μs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                _ => return Err(format!("time: unknown unit {unit:?} in duration {s:?}")),
            };
            let whole: i128 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| invalid())? };
            let mut value = whole.checked_mul(scale).ok_or_else(invalid)?;
            let mut frac_scale = scale;
            for d in frac_part.bytes() {
                frac_scale /= 10;
                value += i128::from(d - b'0') * frac_scale;
            }
            total += value;
            if total > i128::from(i64::MAX) + i128::from(negative) {
                return Err(invalid());
            }
            rest = after;
        }
        Ok(if negative { -total } else { total })
    }
}

pub mod number {
    fn int_syntax(s: &str, signed: bool) -> Option<(bool, &str)> {
        let (neg, digits) = match s.as_bytes().first() {
            Some(b'-') if signed => (true, &s[1..]),
            Some(b'+') if signed => (false, &s[1..]),
            _ => (false, s),
        };
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some((neg, digits))
    }

    /// Go `strconv.ParseInt(s, 10, bits)`.
    pub fn parse_int(s: &str, bits: u32) -> Result<i64, String> {
        let func = if bits == 64 { "strconv.Atoi" } else { "strconv.ParseInt" };
        let (neg, digits) = int_syntax(s, true).ok_or_else(|| format!("{func}: parsing {s:?}: invalid syntax"))?;
        let magnitude: i128 = digits.parse::<u128>().map_or(i128::MAX, |v| v.min(i128::MAX as u128) as i128);
        let value = if neg { -magnitude } else { magnitude };
        let (lo, hi) = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
        if value < lo || value > hi {
            return Err(format!("{func}: parsing {s:?}: value out of range"));
        }
        Ok(value as i64)
    }

    /// Go `strconv.Atoi`.
    pub fn atoi(s: &str) -> Result<i64, String> {
        parse_int(s, 64)
    }

    /// Go `strconv.ParseUint(s, 10, 64)`.
    pub fn parse_uint(s: &str) -> Result<u64, String> {
        let (_, digits) = int_syntax(s, false).ok_or_else(|| format!("strconv.ParseUint: parsing {s:?}: invalid syntax"))?;
        digits.parse().map_err(|_| format!("strconv.ParseUint: parsing {s:?}: value out of range"))
    }

    /// Go `strconv.ParseBool`.
    pub fn parse_bool(s: &str) -> Result<bool, String> {
        match s {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
            "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
            _ => Err(format!("strconv.ParseBool: parsing {s:?}: invalid syntax")),
        }
    }

    /// Go `strconv.ParseFloat(s, 64)` (decimal forms, `inf`, `nan`; hex floats and `_` not covered).
    pub fn parse_float(s: &str) -> Result<f64, String> {
        let lower = s.to_ascii_lowercase();
        let body = lower.trim_start_matches(['+', '-']);
        let ok_word = matches!(body, "inf" | "infinity" | "nan");
        let ok_num = !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit() || b"+-.e".contains(&b));
        if (ok_word || ok_num) && lower.len() - body.len() <= 1 {
            if let Ok(v) = s.parse::<f64>() {
                if v.is_infinite() && !ok_word {
                    return Err(format!("strconv.ParseFloat: parsing {s:?}: value out of range"));
                }
                return Ok(v);
            }
        }
        Err(format!("strconv.ParseFloat: parsing {s:?}: invalid syntax"))
    }
}

pub mod net {
    use std::net::IpAddr;

    /// Go `net.SplitHostPort`.
    pub fn split_host_port(s: &str) -> Result<(String, String), String> {
        let missing = || if s.is_empty() { "missing port in address".to_string() } else { format!("address {s}: missing port in address") };
        let too_many = || format!("address {s}: too many colons in address");
        let Some(colon) = s.rfind(':') else { return Err(missing()) };
        if let Some(rest) = s.strip_prefix('[') {
            let Some(end) = rest.find(']') else { return Err(format!("address {s}: missing ']' in address")) };
            let host = &rest[..end];
            let after = &rest[end + 1..];
            let Some(port) = after.strip_prefix(':') else {
                return Err(if after.is_empty() { missing() } else { too_many() });
            };
            if port.contains(':') {
                return Err(too_many());
            }
            return Ok((host.to_string(), port.to_string()));
        }
        let host = &s[..colon];
        if host.contains(':') {
            return Err(too_many());
        }
        if host.contains('[') || host.contains(']') {
            return Err(format!("address {s}: unexpected '[' in address"));
        }
        Ok((host.to_string(), s[colon + 1..].to_string()))
    }

    /// Go `net.ParseIP`.
    pub fn parse_ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    /// Go `net.ParseCIDR`.
    pub fn parse_cidr(s: &str) -> Result<(), String> {
        let err = || format!("invalid CIDR address: {s}");
        let (ip, len) = s.split_once('/').ok_or_else(err)?;
        let ip = parse_ip(ip).ok_or_else(err)?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) || len.parse::<u32>().map_or(true, |l| l > max) {
            return Err(err());
        }
        Ok(())
    }
}

pub mod regex {
    /// Go `regexp.Compile`, reduced to balanced parentheses and brackets.
    pub fn compile(pattern: &str) -> Result<(), String> {
        let mut depth = 0i32;
        let mut escaped = false;
        for ch in pattern.chars() {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '(' => depth += 1,
                ')' if depth == 0 => return Err(format!("error parsing regexp: unexpected ): `{pattern}`")),
                ')' => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 {
            return Err(format!("error parsing regexp: missing closing ): `{pattern}`"));
        }
        Ok(())
    }
}
