//! Go's `time.ParseDuration`, byte for byte (spec: plugins/_values.md §4), and CoreDNS's
//! `durations.NewDurationFromArg` (§4.1), which also takes bare integers as seconds.

use super::number::parse_atoi;

pub const NANOSECOND: i64 = 1;
pub const MICROSECOND: i64 = 1_000;
pub const MILLISECOND: i64 = 1_000_000;
pub const SECOND: i64 = 1_000_000_000;
pub const MINUTE: i64 = 60 * SECOND;
pub const HOUR: i64 = 60 * MINUTE;

/// Largest magnitude Go accumulates before declaring overflow (`1 << 63`).
const LIMIT: u64 = 1 << 63;

/// A unit's length in nanoseconds, or None if Go does not know the unit (units are case-sensitive;
/// `µs` may be written with U+00B5 or U+03BC).
fn unit_nanos(unit: &[u8]) -> Option<u64> {
    Some(match unit {
        b"ns" => 1,
        // U+00B5 and U+03BC spellings of micro.
        b"us" | [0xC2, 0xB5, b's'] | [0xCE, 0xBC, b's'] => 1_000,
        b"ms" => 1_000_000,
        b"s" => 1_000_000_000,
        b"m" => 60_000_000_000,
        b"h" => 3_600_000_000_000,
        _ => return None,
    })
}

fn invalid(s: &str) -> String {
    format!("`{s}` is not a duration (write e.g. `30s`, `1m30s`, `2h`)")
}

fn out_of_range(s: &str) -> String {
    format!("`{s}` is out of range for a duration (at most about 292 years, `2562047h47m16.854775807s`)")
}

/// Parses a Go duration (`300ms`, `-1.5h`, `2h45m`, `0`) into nanoseconds. Negative values are
/// valid; each plugin decides whether it accepts them.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let mut rest = s.as_bytes();
    let mut negative = false;
    if let Some((&sign @ (b'+' | b'-'), tail)) = rest.split_first() {
        negative = sign == b'-';
        rest = tail;
    }
    if rest == b"0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid(s));
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        if !(rest[0] == b'.' || rest[0].is_ascii_digit()) {
            return Err(invalid(s));
        }
        let int_digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let mut whole: u64 = 0;
        for &d in &rest[..int_digits] {
            if whole > LIMIT / 10 {
                return Err(out_of_range(s));
            }
            whole = whole * 10 + u64::from(d - b'0');
            if whole > LIMIT {
                return Err(out_of_range(s));
            }
        }
        rest = &rest[int_digits..];
        let (mut fraction, mut scale, mut frac_digits) = (0u64, 1f64, 0usize);
        if rest.first() == Some(&b'.') {
            rest = &rest[1..];
            frac_digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            // Digits past what fits are dropped, like Go: precision below 1ns is lost anyway.
            let mut overflowed = false;
            for &d in &rest[..frac_digits] {
                if overflowed || fraction > (LIMIT - 1) / 10 {
                    overflowed = true;
                    continue;
                }
                let next = fraction * 10 + u64::from(d - b'0');
                if next > LIMIT {
                    overflowed = true;
                    continue;
                }
                fraction = next;
                scale *= 10.0;
            }
            rest = &rest[frac_digits..];
        }
        if int_digits == 0 && frac_digits == 0 {
            return Err(invalid(s));
        }
        let unit_len = rest
            .iter()
            .take_while(|b| !(**b == b'.' || b.is_ascii_digit()))
            .count();
        if unit_len == 0 {
            return Err(format!(
                "`{s}` has no unit (write e.g. `{s}s`; only `0` may be written without one)"
            ));
        }
        let unit_text = &rest[..unit_len];
        rest = &rest[unit_len..];
        let Some(unit) = unit_nanos(unit_text) else {
            return Err(format!(
                "unknown unit `{}` in duration `{s}` (units are ns, us, ms, s, m, h)",
                String::from_utf8_lossy(unit_text)
            ));
        };
        if whole > LIMIT / unit {
            return Err(out_of_range(s));
        }
        let mut value = whole * unit;
        if fraction > 0 {
            value += (fraction as f64 * (unit as f64 / scale)) as u64;
            if value > LIMIT {
                return Err(out_of_range(s));
            }
        }
        total += value;
        if total > LIMIT {
            return Err(out_of_range(s));
        }
    }
    if negative {
        return Ok((-(total as i128)) as i64);
    }
    if total > LIMIT - 1 {
        return Err(out_of_range(s));
    }
    Ok(total as i64)
}

/// CoreDNS's `durations.NewDurationFromArg`: an integer (Go `Atoi` syntax) means seconds
/// (`30` = 30s, `-5` = -5s), anything else is a Go duration.
pub fn parse_duration_or_seconds(s: &str) -> Result<i64, String> {
    if parse_atoi(s).is_ok() {
        return parse_duration(&format!("{s}s"));
    }
    parse_duration(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_go_forms() {
        let cases: &[(&str, i64)] = &[
            ("0", 0),
            ("+0", 0),
            ("-0", 0),
            ("5s", 5 * SECOND),
            ("1m30s", 90 * SECOND),
            ("1h1h", 2 * HOUR),
            ("1s1h", HOUR + SECOND),
            (".5s", 500 * MILLISECOND),
            ("5.s", 5 * SECOND),
            ("1.5h", 90 * MINUTE),
            ("010s", 10 * SECOND),
            ("-1.5h", -90 * MINUTE),
            ("100ns", 100),
            ("1us", MICROSECOND),
            ("1µs", MICROSECOND),
            ("1μs", MICROSECOND),
            ("0.0000000001s", 0),
            ("2562047h47m16.854775807s", i64::MAX),
            ("-2562047h47m16.854775808s", i64::MIN),
            ("1h30m0.5s", HOUR + 30 * MINUTE + 500 * MILLISECOND),
        ];
        for (text, nanos) in cases {
            assert_eq!(parse_duration(text), Ok(*nanos), "{text}");
        }
    }

    #[test]
    fn rejects_like_go() {
        for text in [
            "",
            "+",
            "-",
            "00",
            "1",
            "10",
            ".s",
            "-.s",
            "1e3s",
            "1h-5m",
            "1S",
            "1 s",
            " 1s",
            "5sec",
            "5s5",
            "9223372037s",
            "2562048h",
            "1d",
            "s",
            "--1s",
            "+-1s",
            "1..5s",
        ] {
            assert!(parse_duration(text).is_err(), "{text:?} should fail");
        }
    }

    #[test]
    fn messages_name_the_problem() {
        assert!(parse_duration("10").unwrap_err().contains("no unit"));
        assert!(parse_duration("5sec")
            .unwrap_err()
            .contains("unknown unit `sec`"));
        assert!(parse_duration("2562048h")
            .unwrap_err()
            .contains("out of range"));
    }

    #[test]
    fn integers_are_seconds_for_new_duration_from_arg() {
        assert_eq!(parse_duration_or_seconds("30"), Ok(30 * SECOND));
        assert_eq!(parse_duration_or_seconds("+5"), Ok(5 * SECOND));
        assert_eq!(parse_duration_or_seconds("-5"), Ok(-5 * SECOND));
        assert_eq!(parse_duration_or_seconds("010"), Ok(10 * SECOND));
        assert_eq!(parse_duration_or_seconds("1m"), Ok(MINUTE));
        assert!(parse_duration_or_seconds("9223372037").is_err());
        assert!(parse_duration_or_seconds("1x").is_err());
    }
}
