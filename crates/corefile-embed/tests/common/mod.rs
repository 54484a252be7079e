//! Checks shared by the integration tests.

use corefile_embed::Embedded;

/// Every decoded character maps to the same character in the YAML, or to the syntax that
/// produced it: an escape's `\\`, or the line break a `\n` or folded space came from.
pub fn assert_positions_point_at_their_source(yaml: &str, embedded: &Embedded, name: &str) {
    for (offset, decoded) in embedded.text.char_indices() {
        let at = embedded.yaml_offset(offset);
        let source = yaml[at..].chars().next().unwrap();
        let produced = match decoded {
            '\n' | ' ' => matches!(source, '\n' | '\r' | '\\'),
            _ => source == '\\',
        };
        assert!(
            source == decoded || produced,
            "{name}: decoded {decoded:?} at {offset} maps to {source:?} at {at}"
        );
    }
}
