//! Go's `strconv` number and boolean parsing as plugin setup code calls it (spec:
//! plugins/_values.md §5): base 10 only, so no `0x`, no `_`, no spaces.

/// Splits an optional sign; true means negative.
fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    }
}

fn not_integer(s: &str) -> String {
    format!("`{s}` is not an integer")
}

/// Decimal digits to a magnitude, or Err(true) for overflow past `max`, Err(false) for bad syntax.
/// Like Go, scanning stops at the first problem, so `99999999999999999999x` is "out of range".
fn magnitude(digits: &str, max: u128) -> Result<u128, bool> {
    if digits.is_empty() {
        return Err(false);
    }
    let mut n: u128 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return Err(false);
        }
        n = n * 10 + u128::from(b - b'0');
        if n > max {
            return Err(true);
        }
    }
    Ok(n)
}

/// Go's bit sizes: 0 means the size of `int` (64 bits here); more than 64 is capped.
fn go_bit_size(bits: u32) -> u32 {
    if bits == 0 {
        64
    } else {
        bits.min(64)
    }
}

/// `strconv.ParseInt(s, 10, bits)`: optional sign, ASCII digits, range of a `bits`-bit integer.
pub fn parse_int(s: &str, bits: u32) -> Result<i64, String> {
    let bits = go_bit_size(bits);
    let (negative, digits) = split_sign(s);
    let max_positive = (1u128 << (bits - 1)) - 1;
    let limit = if negative {
        max_positive + 1
    } else {
        max_positive
    };
    match magnitude(digits, limit) {
        Ok(n) if negative => Ok((-(n as i128)) as i64),
        Ok(n) => Ok(n as i64),
        Err(true) => Err(format!(
            "`{s}` is out of range (from -{} to {max_positive})",
            max_positive + 1
        )),
        Err(false) => Err(not_integer(s)),
    }
}

/// `strconv.Atoi(s)`: a 64-bit `parse_int`. Leading zeros and a `+` are fine (`+010` = 10).
pub fn parse_atoi(s: &str) -> Result<i64, String> {
    parse_int(s, 64)
}

/// `strconv.ParseUint(s, 10, bits)`: ASCII digits only, no sign at all (not even `+`).
pub fn parse_uint(s: &str, bits: u32) -> Result<u64, String> {
    let bits = go_bit_size(bits);
    let max = (1u128 << bits) - 1;
    match magnitude(s, max) {
        Ok(n) => Ok(n as u64),
        Err(true) => Err(format!("`{s}` is out of range (from 0 to {max})")),
        Err(false) if s.starts_with(['+', '-']) => Err(format!(
            "`{s}` is not an unsigned integer (no sign allowed, write only digits)"
        )),
        Err(false) => Err(format!("`{s}` is not an unsigned integer")),
    }
}

/// `strconv.ParseBool(s)`.
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!("`{s}` is not a boolean (write `true` or `false`)")),
    }
}

/// Go allows `_` only between digits (a base prefix counts as a digit).
fn underscores_ok(s: &str) -> bool {
    let mut previous = b'^';
    let mut bytes = s.as_bytes();
    if let Some((b'+' | b'-', tail)) = bytes.split_first() {
        bytes = tail;
    }
    let mut i = 0;
    if bytes.len() >= 2 && bytes[0] == b'0' && matches!(bytes[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        previous = b'0';
    }
    let hex = previous == b'0' && bytes[1] | 0x20 == b'x';
    for &b in &bytes[i..] {
        if b.is_ascii_digit() || (hex && b.is_ascii_hexdigit()) {
            previous = b'0';
        } else if b == b'_' {
            if previous != b'0' {
                return false;
            }
            previous = b'_';
        } else {
            if previous == b'_' {
                return false;
            }
            previous = b'!';
        }
    }
    previous != b'_'
}

/// The special values Go accepts: `inf`, `infinity` (with a sign), `nan` (without), any case.
fn special_float(s: &str) -> Option<f64> {
    let (negative, body) = split_sign(s);
    let lower = body.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => Some(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }),
        "nan" if body.len() == s.len() => Some(f64::NAN),
        _ => None,
    }
}

/// Mantissa digits with at most one `.`, at least one digit; underscores are skipped here and
/// validated separately. Returns the digits without underscores and the count after the dot.
fn mantissa(text: &str, hex: bool) -> Option<(String, usize)> {
    let mut digits = String::new();
    let (mut seen_dot, mut after_dot) = (false, 0);
    for c in text.chars() {
        match c {
            '_' => {}
            '.' if !seen_dot => seen_dot = true,
            c if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) => {
                digits.push(c);
                if seen_dot {
                    after_dot += 1;
                }
            }
            _ => return None,
        }
    }
    (!digits.is_empty()).then_some((digits, after_dot))
}

/// An exponent: optional sign, then at least one digit (underscores allowed between digits).
fn exponent(text: &str) -> Option<i64> {
    let (negative, digits) = split_sign(text);
    let digits: String = digits.chars().filter(|c| *c != '_').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Huge exponents only matter for their sign: they overflow or underflow either way.
    let value = digits.parse::<i64>().unwrap_or(i64::MAX / 2);
    Some(if negative { -value } else { value })
}

/// `strconv.ParseFloat(s, 64)`: decimal (`.5`, `5.`, `1e-1`), hexadecimal with a mandatory `p`
/// exponent (`0x1p-1`), `_` between digits, `inf`/`infinity`/`nan` in any case.
pub fn parse_float(s: &str) -> Result<f64, String> {
    let not_number = || format!("`{s}` is not a number");
    if let Some(v) = special_float(s) {
        return Ok(v);
    }
    if !underscores_ok(s) {
        return Err(not_number());
    }
    let (negative, body) = split_sign(s);
    let is_hex = body.len() >= 2 && body.as_bytes()[0] == b'0' && body.as_bytes()[1] | 0x20 == b'x';
    let value = if is_hex {
        let body = &body[2..];
        let p = body.find(['p', 'P']).ok_or_else(not_number)?;
        let (digits, after_dot) = mantissa(&body[..p], true).ok_or_else(not_number)?;
        let exp = exponent(&body[p + 1..]).ok_or_else(not_number)?;
        let m = digits.chars().fold(0f64, |acc, c| {
            acc * 16.0 + f64::from(c.to_digit(16).unwrap_or(0))
        });
        let shift = exp.saturating_sub(4 * after_dot as i64).clamp(-2200, 2200) as i32;
        m * 2f64.powi(shift)
    } else {
        let e = body.find(['e', 'E']).unwrap_or(body.len());
        let (digits, after_dot) = mantissa(&body[..e], false).ok_or_else(not_number)?;
        let exp = if e < body.len() {
            exponent(&body[e + 1..]).ok_or_else(not_number)?
        } else {
            0
        };
        let exp = exp.saturating_sub(after_dot as i64);
        format!("{digits}e{exp}")
            .parse::<f64>()
            .map_err(|_| not_number())?
    };
    if value.is_infinite() {
        return Err(format!("`{s}` is out of range for a 64-bit float"));
    }
    Ok(if negative { -value } else { value })
}

/// `strconv.ParseFloat(s, 32)`: like [`parse_float`], but out of range beyond the float32 limits.
pub fn parse_float32(s: &str) -> Result<f64, String> {
    let value = parse_float(s)?;
    if value.is_finite() && (value as f32).is_infinite() {
        return Err(format!("`{s}` is out of range for a 32-bit float"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_like_go() {
        assert_eq!(parse_atoi("010"), Ok(10));
        assert_eq!(parse_atoi("+0"), Ok(0));
        assert_eq!(parse_atoi("-5"), Ok(-5));
        assert_eq!(parse_atoi("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(parse_atoi("-9223372036854775808"), Ok(i64::MIN));
        for bad in ["", "+", "-", " 1", "1 ", "1_0", "0x10", "1e3", "1.0", "١"] {
            assert!(
                parse_atoi(bad).unwrap_err().contains("not an integer"),
                "{bad:?}"
            );
        }
        assert!(parse_atoi("9223372036854775808")
            .unwrap_err()
            .contains("out of range"));
        assert!(parse_atoi("99999999999999999999x")
            .unwrap_err()
            .contains("out of range"));
    }

    #[test]
    fn parse_int_ranges() {
        assert_eq!(parse_int("2147483647", 32), Ok(2147483647));
        assert_eq!(parse_int("-2147483648", 32), Ok(-2147483648));
        assert!(parse_int("2147483648", 32).is_err());
        assert_eq!(parse_int("9223372036854775807", 0), Ok(i64::MAX));
        assert_eq!(parse_uint("255", 8), Ok(255));
        assert!(parse_uint("256", 8).is_err());
    }

    #[test]
    fn parse_uint_refuses_signs() {
        assert_eq!(parse_uint("18446744073709551615", 64), Ok(u64::MAX));
        assert_eq!(parse_uint("4294967295", 32), Ok(4294967295));
        assert!(parse_uint("4294967296", 32)
            .unwrap_err()
            .contains("out of range"));
        assert!(parse_uint("+1", 32).unwrap_err().contains("no sign"));
        assert!(parse_uint("-1", 64).is_err());
        assert!(parse_uint("", 64).is_err());
    }

    #[test]
    fn bools() {
        for t in ["1", "t", "T", "TRUE", "true", "True"] {
            assert_eq!(parse_bool(t), Ok(true));
        }
        for f in ["0", "f", "F", "FALSE", "false", "False"] {
            assert_eq!(parse_bool(f), Ok(false));
        }
        for bad in ["yes", "on", "tRUE", ""] {
            assert!(parse_bool(bad).is_err());
        }
    }

    #[test]
    fn floats_like_go() {
        let ok: &[(&str, f64)] = &[
            ("1", 1.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e-1", 0.1),
            ("-2.5E2", -250.0),
            ("0x1p-1", 0.5),
            ("0x1.8p1", 3.0),
            ("1_0", 10.0),
            ("1e-400", 0.0),
        ];
        for (text, value) in ok {
            assert_eq!(parse_float(text), Ok(*value), "{text}");
        }
        assert_eq!(parse_float("-Inf"), Ok(f64::NEG_INFINITY));
        assert_eq!(parse_float("infinity"), Ok(f64::INFINITY));
        assert!(parse_float("NaN").unwrap().is_nan());
        for bad in [
            "", ".", "1e", "1__0", "_1", "1_", "0x1", "+nan", "infin", "1.2.3", "e5", "1e+",
        ] {
            assert!(parse_float(bad).is_err(), "{bad:?}");
        }
        assert!(parse_float("1e400").unwrap_err().contains("out of range"));
        assert!(parse_float32("1e40").unwrap_err().contains("out of range"));
        assert_eq!(parse_float32("1e38"), Ok(1e38));
    }
}
