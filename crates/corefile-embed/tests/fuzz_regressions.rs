//! Inputs the `embed` fuzz target found (fuzz/fuzz_targets/embed.rs), kept as fixtures under
//! `tests/fixtures/fuzz/`: each must satisfy the same property the target checks. Putting a found
//! Corefile's own text back leaves everything before its value and after its last line alone,
//! and the result reads back as the same text.

use corefile_embed::{find_corefiles, splice};

#[test]
fn fuzz_found_inputs_splice_back_cleanly() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz")
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    let keys = ["*.conf".to_string()];
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let yaml = std::fs::read_to_string(&path).unwrap();
        let found = find_corefiles(&yaml, &keys).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (index, embedded) in found.iter().enumerate() {
            let range = &embedded.scalar_range;
            let spliced = splice(&yaml, embedded, &embedded.text);
            assert_eq!(
                &spliced[..range.start],
                &yaml[..range.start],
                "{name}: prefix changed"
            );
            let line_end = yaml[range.end..]
                .find('\n')
                .map_or(yaml.len(), |i| range.end + i);
            assert!(
                spliced.ends_with(&yaml[line_end..]),
                "{name}: suffix changed"
            );
            let again = find_corefiles(&spliced, &keys).unwrap_or_else(|e| {
                panic!(
                    "{name}: spliced `{}` does not read back: {e}\n{spliced}",
                    embedded.key
                )
            });
            assert_eq!(
                again.get(index).map(|e| e.text.as_str()),
                Some(embedded.text.as_str()),
                "{name}: `{}` reads back differently\n{spliced}",
                embedded.key
            );
        }
    }
}
