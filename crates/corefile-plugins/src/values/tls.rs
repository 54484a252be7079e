//! The `tls [CERT KEY [CA] | CA]` argument forms of plugin/pkg/tls `NewTLSConfigFromArgs`
//! (spec: plugins/_values.md §9). Only the count can be checked here; the files are read when
//! CoreDNS starts.

/// What a list of TLS arguments means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsArgs<'a> {
    /// No arguments: a client configuration with the system's CAs.
    SystemRoots,
    /// One argument: a CA bundle to verify the peer (not a certificate).
    Ca(&'a str),
    /// Certificate and key, system CAs.
    CertKey { cert: &'a str, key: &'a str },
    /// Certificate, key and CA bundle.
    CertKeyCa {
        cert: &'a str,
        key: &'a str,
        ca: &'a str,
    },
}

impl<'a> TlsArgs<'a> {
    /// The files CoreDNS opens at startup for this form.
    pub fn files(&self) -> Vec<&'a str> {
        match *self {
            TlsArgs::SystemRoots => Vec::new(),
            TlsArgs::Ca(ca) => vec![ca],
            TlsArgs::CertKey { cert, key } => vec![cert, key],
            TlsArgs::CertKeyCa { cert, key, ca } => vec![cert, key, ca],
        }
    }
}

/// Classifies TLS arguments; more than three fail like CoreDNS.
pub fn parse_tls_args<'a>(args: &[&'a str]) -> Result<TlsArgs<'a>, String> {
    Ok(match *args {
        [] => TlsArgs::SystemRoots,
        [ca] => TlsArgs::Ca(ca),
        [cert, key] => TlsArgs::CertKey { cert, key },
        [cert, key, ca] => TlsArgs::CertKeyCa { cert, key, ca },
        _ => {
            return Err(format!(
                "at most three TLS arguments are allowed (CERT KEY [CA], or a single CA file), found {}",
                args.len()
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_by_count() {
        assert_eq!(parse_tls_args(&[]), Ok(TlsArgs::SystemRoots));
        assert_eq!(parse_tls_args(&["ca.pem"]), Ok(TlsArgs::Ca("ca.pem")));
        assert_eq!(parse_tls_args(&["c", "k"]).unwrap().files(), ["c", "k"]);
        assert_eq!(
            parse_tls_args(&["c", "k", "ca"]).unwrap().files(),
            ["c", "k", "ca"]
        );
        assert!(parse_tls_args(&["a", "b", "c", "d"])
            .unwrap_err()
            .contains("found 4"));
    }
}
