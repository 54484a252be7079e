//! Data-driven tests: each `fixtures/NAME.yaml` is searched and the findings (keys, kinds,
//! decoded text, where each decoded line starts and ends in the YAML) are snapshotted. Where
//! `fixtures/NAME.formatted.yaml` exists, it is the expected result of splicing every found
//! Corefile re-indented by `reindent`. A first line `# extra-keys: A B` passes extra keys.
//! `UPDATE_FORMATTED=1` rewrites the `.formatted.yaml` files.

use std::fmt::Write as _;
use std::path::Path;

mod common;

use common::assert_positions_point_at_their_source;
use corefile_embed::{find_corefiles, line_column, splice_all, Embedded};

fn extra_keys(yaml: &str) -> Vec<String> {
    yaml.lines()
        .next()
        .and_then(|line| line.strip_prefix("# extra-keys:"))
        .map(|keys| keys.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

/// A tiny stand-in for the formatter: each line trimmed and indented four spaces per open brace.
fn reindent(text: &str) -> String {
    let mut depth: usize = 0;
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim();
        let closes = line.starts_with('}');
        let level = if closes {
            depth.saturating_sub(1)
        } else {
            depth
        };
        if !line.is_empty() {
            out.push_str(&"    ".repeat(level));
            out.push_str(line);
        }
        out.push('\n');
        depth = (depth + line.matches('{').count()).saturating_sub(line.matches('}').count());
    }
    out
}

fn position(yaml: &str, offset: usize) -> String {
    let (line, column) = line_column(yaml, offset);
    let snippet: String = yaml[offset.min(yaml.len())..].chars().take(8).collect();
    format!("{line}:{column} {snippet:?}")
}

fn describe(yaml: &str, embedded: &Embedded) -> String {
    let mut out = String::new();
    let range = &embedded.scalar_range;
    let (start_line, start_column) = line_column(yaml, range.start);
    let (end_line, end_column) = line_column(yaml, range.end);
    writeln!(
        out,
        "== document {} item {:?} configmap {:?} key {:?}: {:?}, {:?}, yaml {start_line}:{start_column}..{end_line}:{end_column}",
        embedded.document_index,
        embedded.item_index,
        embedded.configmap_name,
        embedded.key,
        embedded.kind,
        embedded.style,
    )
    .unwrap();
    writeln!(out, "{:?}", embedded.text).unwrap();
    let mut line_start = 0;
    for (index, line) in embedded.text.split_inclusive('\n').enumerate() {
        let last = line_start + line.len() - 1;
        writeln!(
            out,
            "  line {}: first -> {} | last -> {}",
            index + 1,
            position(yaml, embedded.yaml_offset(line_start)),
            position(yaml, embedded.yaml_offset(last)),
        )
        .unwrap();
        line_start += line.len();
    }
    writeln!(
        out,
        "  end -> {}",
        position(yaml, embedded.yaml_offset(embedded.text.len()))
    )
    .unwrap();
    out
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.yaml", |path| {
        let name = path.file_name().unwrap().to_string_lossy();
        if name.ends_with(".formatted.yaml") {
            return;
        }
        let yaml = std::fs::read_to_string(path).unwrap();
        let report = match find_corefiles(&yaml, &extra_keys(&yaml)) {
            Err(error) => format!("error: {error}\n"),
            Ok(found) => {
                for embedded in &found {
                    assert_positions_point_at_their_source(&yaml, embedded, &name);
                }
                check_formatted(path, &yaml, &found);
                found.iter().map(|e| describe(&yaml, e)).collect()
            }
        };
        insta::assert_snapshot!(report);
    });
}

fn check_formatted(path: &Path, yaml: &str, found: &[Embedded]) {
    let expected_path = path.with_extension("formatted.yaml");
    let texts: Vec<String> = found.iter().map(|e| reindent(&e.text)).collect();
    let edits: Vec<(&Embedded, &str)> = found
        .iter()
        .zip(&texts)
        .map(|(e, t)| (e, t.as_str()))
        .collect();
    let spliced = splice_all(yaml, &edits);
    let reread = find_corefiles(&spliced, &extra_keys(&spliced)).unwrap();
    let reread_texts: Vec<&str> = reread.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        reread_texts,
        texts,
        "{}: spliced values read back",
        path.display()
    );
    if std::env::var_os("UPDATE_FORMATTED").is_some() {
        std::fs::write(&expected_path, &spliced).unwrap();
    } else if let Ok(expected) = std::fs::read_to_string(&expected_path) {
        assert_eq!(spliced, expected, "{}", expected_path.display());
    }
}
