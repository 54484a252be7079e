//! Standard base64 with padding, as Go's `base64.StdEncoding.DecodeString` accepts it (what
//! miekg/dns uses to decode TSIG secrets): alphabet `A-Z a-z 0-9 + /`, length a multiple of 4
//! with `=` padding only at the end. Unused low bits of the last symbol may be set (StdEncoding
//! is not strict), and `\r`/`\n` anywhere in the input are skipped.

/// Checks `text`; `Err` names the first problem.
pub fn check_std(text: &str) -> Result<(), String> {
    let symbols: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    if symbols.is_empty() {
        return Err("it is empty".into());
    }
    let padding = symbols.iter().rev().take_while(|b| **b == b'=').count();
    let data = &symbols[..symbols.len() - padding];
    if let Some(bad) = data
        .iter()
        .find(|b| !(b.is_ascii_alphanumeric() || **b == b'+' || **b == b'/'))
    {
        let what = if *bad == b'=' {
            "padding `=` before the end".to_string()
        } else {
            format!("the character `{}`", *bad as char)
        };
        return Err(format!("it contains {what}, which is not base64"));
    }
    if padding > 2 || !symbols.len().is_multiple_of(4) || data.len() % 4 == 1 {
        return Err(
            "its length is not a whole number of base64 blocks (check for missing or extra `=`)"
                .into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_std;

    #[test]
    fn accepts_padded_standard_base64() {
        for ok in [
            "NoTCJU+DMqFWywaPyxSijrDEA/eC3nK0xi3AMEZuPVk=",
            "YQ==",
            "YWI=",
            "YWJj",
            "YW\nJj",
        ] {
            assert!(check_std(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_other_text() {
        for bad in ["", "test-key", "YQ", "YQ=", "Y===", "YQ==YQ==", "a_b-", "Y"] {
            assert!(check_std(bad).is_err(), "{bad}");
        }
    }
}
