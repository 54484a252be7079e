//! Searching arbitrary YAML for Corefiles never panics, and writing a found Corefile's decoded
//! text back changes nothing before its value and nothing after the line its value ends on (a
//! one-line quoted value may be rewritten as a block scalar, which may move a trailing comment),
//! and reads back as the same text.
#![no_main]

use corefile_embed::{find_corefiles, splice};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(yaml) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(found) = find_corefiles(yaml, &["*.conf".to_string()]) else {
        return;
    };
    for (index, embedded) in found.iter().enumerate() {
        let range = &embedded.scalar_range;
        assert!(range.start <= range.end && range.end <= yaml.len());
        let spliced = splice(yaml, embedded, &embedded.text);
        assert_eq!(
            &spliced[..range.start],
            &yaml[..range.start],
            "bytes before the value changed"
        );
        let line_end = yaml[range.end..]
            .find('\n')
            .map_or(yaml.len(), |i| range.end + i);
        let tail = &yaml[line_end..];
        assert!(
            spliced.ends_with(tail),
            "bytes after the value's line changed"
        );
        let again = find_corefiles(&spliced, &["*.conf".to_string()])
            .expect("the spliced YAML still parses");
        assert_eq!(
            again.get(index).map(|e| e.text.as_str()),
            Some(embedded.text.as_str()),
            "the spliced value reads back differently"
        );
    }
});
