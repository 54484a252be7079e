//! The formatter never panics; what it formats, formatting again leaves unchanged (idempotent),
//! and it reads exactly as the input did (the same tokens; its own `verify::preserved` check,
//! run here independently of the formatter's internal guard). Whole Corefiles and `*.override`
//! fragments, full and conservative modes.
#![no_main]

use corefile_fmt::{format, format_body, format_body_conservative, format_conservative, Options};
use libfuzzer_sys::fuzz_target;

type Formatter = fn(&str, &Options) -> Result<String, corefile_fmt::FormatError>;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = Options::default();
    let modes: [(&str, Formatter, bool); 4] = [
        ("format", format, false),
        ("format_conservative", format_conservative, false),
        ("format_body", format_body, true),
        ("format_body_conservative", format_body_conservative, true),
    ];
    for (name, formatter, body) in modes {
        let Ok(once) = formatter(text, &options) else {
            continue;
        };
        let twice = formatter(&once, &options)
            .unwrap_or_else(|e| panic!("{name}: its own output does not format again: {e}"));
        assert_eq!(once, twice, "{name} is not idempotent");
        if let Err(difference) = corefile_fmt::verify::preserved(text, &once, body) {
            panic!("{name} changed what CoreDNS reads: {difference}");
        }
    }
});
