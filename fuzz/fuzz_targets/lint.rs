//! Linting never panics, and every place a diagnostic points at (its range, its labels, its fix's
//! edits) lies inside the file it names, on character boundaries. Files come from a `MemoryVfs`,
//! so imports touch no disk: a `\u{1}` in the input splits it into the root file and the text of
//! `imported` (also reachable as `dir/imported.conf`), and the root can import itself as
//! `Corefile`.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use corefile_model::load::{RootFile, RootKind};
use corefile_model::{FileDb, Location, MemoryVfs};
use corefile_rules::{lint, LintOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (root_text, imported_text) = text.split_once('\u{1}').unwrap_or((text, ""));
    let mut vfs = MemoryVfs::default();
    vfs.insert("/fuzz/Corefile", root_text);
    vfs.insert("/fuzz/imported", imported_text);
    vfs.insert("/fuzz/dir/imported.conf", imported_text);
    for kind in [RootKind::Corefile, RootKind::Body] {
        let root = RootFile {
            name: "Corefile".into(),
            path: Some(PathBuf::from("/fuzz/Corefile")),
            text: Arc::from(root_text),
        };
        let options = LintOptions {
            root_kind: Some(kind),
            ..LintOptions::default()
        };
        let result = lint(&vfs, root, &options);
        let files = &result.model.files;
        for diagnostic in &result.diagnostics {
            let what = format!("{} {:?}", diagnostic.rule.code, diagnostic.message);
            assert_inside(files, diagnostic.location, &what);
            for label in &diagnostic.labels {
                assert_inside(files, label.location, &what);
            }
            for edit in diagnostic.fix.iter().flat_map(|fix| &fix.edits) {
                assert_inside(files, edit.location, &what);
            }
            // Rendering positions must not panic either.
            files.span_1based(diagnostic.location);
        }
    }
});

fn assert_inside(files: &FileDb, location: Location, what: &str) {
    assert!(
        (location.file.0 as usize) < files.len(),
        "{what}: unknown file"
    );
    let text = &files.get(location.file).text;
    let (start, end) = (
        u32::from(location.range.start()) as usize,
        u32::from(location.range.end()) as usize,
    );
    assert!(
        end <= text.len(),
        "{what}: range {start}..{end} past the end of a {}-byte file",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: range {start}..{end} splits a character"
    );
}
