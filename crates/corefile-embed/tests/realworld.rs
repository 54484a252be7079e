//! Runs over the shared real-world corpus (read in place, never copied into the repository):
//! every ConfigMap is found and decoded, identity splices are byte-identical, and changed texts
//! touch only their own value's bytes. Skipped with a message when the corpus is absent.

use std::path::{Path, PathBuf};

mod common;

use common::assert_positions_point_at_their_source;
use corefile_embed::{find_corefiles, splice, EmbedError, Style};

const CORPUS: &str = "/work/shared/corpus/realworld";

fn corpus_files(dir: &Path, suffix: &str) -> Option<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    Some(files)
}

/// A small deterministic change: every line indented one more space, one line appended.
fn transform(text: &str) -> String {
    let mut out: String = text.lines().map(|line| format!(" {line}\n")).collect();
    out.push_str("# spliced\n");
    out
}

#[test]
fn every_realworld_configmap_is_found_and_spliced_in_place() {
    let Some(files) = corpus_files(Path::new(CORPUS), ".configmap.yaml") else {
        println!("skipped: {CORPUS} is not present");
        return;
    };
    let (mut configmaps, mut keys) = (0, 0);
    for path in &files {
        let yaml = std::fs::read_to_string(path).unwrap();
        let found =
            find_corefiles(&yaml, &[]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!found.is_empty(), "{}: no Corefile found", path.display());
        let mut names: Vec<_> = found
            .iter()
            .map(|e| (e.document_index, e.item_index))
            .collect();
        names.dedup();
        configmaps += names.len();
        keys += found.len();
        for embedded in &found {
            let name = format!("{} key {}", path.display(), embedded.key);
            assert_positions_point_at_their_source(&yaml, embedded, &name);
            if matches!(embedded.style, Style::Literal) {
                assert_eq!(
                    splice(&yaml, embedded, &embedded.text),
                    yaml,
                    "{name}: identity"
                );
            }
            let new_text = transform(&embedded.text);
            let spliced = splice(&yaml, embedded, &new_text);
            let range = &embedded.scalar_range;
            assert_eq!(
                &spliced[..range.start],
                &yaml[..range.start],
                "{name}: prefix"
            );
            let tail = &yaml[range.end..];
            assert!(spliced.ends_with(tail), "{name}: suffix");
            let again = find_corefiles(&spliced, &[]).unwrap();
            let same = again
                .iter()
                .find(|e| e.scalar_range.start == range.start)
                .unwrap();
            assert_eq!(same.text, new_text, "{name}: re-read");
        }
    }
    println!(
        "realworld: {} files, {configmaps} configmaps, {keys} corefile keys",
        files.len()
    );
}

#[test]
fn every_realworld_yaml_template_is_reported_as_a_template() {
    let dir = Path::new(CORPUS).join("templates");
    let Some(files) = corpus_files(&dir, ".yaml") else {
        println!("skipped: {} is not present", dir.display());
        return;
    };
    for path in &files {
        let yaml = std::fs::read_to_string(path).unwrap();
        match find_corefiles(&yaml, &[]) {
            Err(EmbedError::Template {
                line,
                engine,
                marker,
                ..
            }) => {
                println!(
                    "{}: line {line}: {engine} `{marker}`",
                    path.file_name().unwrap().to_string_lossy()
                );
            }
            other => panic!(
                "{}: expected a template error, got {other:?}",
                path.display()
            ),
        }
    }
}
