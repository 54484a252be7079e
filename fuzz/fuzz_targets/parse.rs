//! The parser never panics and its tree holds every byte of its input, both as a whole Corefile
//! and as a directive-only fragment (`*.override`, import bodies).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = corefile_syntax::parse(text);
    assert_eq!(file.syntax().to_string(), text, "parse is not lossless");
    let body = corefile_syntax::parse_body(text);
    assert_eq!(
        body.syntax().to_string(),
        text,
        "parse_body is not lossless"
    );
    for error in file.errors().iter().chain(body.errors()) {
        assert!(
            u32::from(error.range.end()) as usize <= text.len(),
            "syntax error range {:?} past the end ({} bytes)",
            error.range,
            text.len()
        );
    }
});
