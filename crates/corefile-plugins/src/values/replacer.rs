//! The `{placeholder}` format of plugin/pkg/replacer, used by `log` formats and `dnstap`'s
//! `extra`: which `{…}` parts are replaced at query time and which are printed literally.

/// Placeholders the replacer knows (request, header and response values).
pub const LABELS: &[&str] = &[
    "{type}",
    "{name}",
    "{class}",
    "{proto}",
    "{size}",
    "{remote}",
    "{port}",
    "{local}",
    "{>id}",
    "{>opcode}",
    "{>do}",
    "{>bufsize}",
    "{rcode}",
    "{rsize}",
    "{duration}",
    "{>rflags}",
];

/// The `{…}` parts of `format` that are neither a known label nor a `{/metadata}` label, in
/// order: CoreDNS prints them as literal text. Found like `parseFormat` does: each `}` is paired
/// with the last `{` before it.
pub fn unknown_placeholders(format: &str) -> Vec<&str> {
    let mut unknown = Vec::new();
    let mut rest = format;
    while let Some(close) = rest.find('}') {
        if let Some(open) = rest[..close].rfind('{') {
            let label = &rest[open..=close];
            if !LABELS.contains(&label) && !label.starts_with("{/") {
                unknown.push(label);
            }
        }
        rest = &rest[close + 1..];
    }
    unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_only() {
        assert_eq!(
            unknown_placeholders("{remote}:{port} {nmae} {/forward/upstream}"),
            vec!["{nmae}"]
        );
        assert_eq!(unknown_placeholders("A } { {type} }"), Vec::<&str>::new());
        assert_eq!(unknown_placeholders("{ {foo} }"), vec!["{foo}"]);
    }
}
