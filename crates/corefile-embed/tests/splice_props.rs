//! Properties of `splice`: putting a block scalar's own decoded text back changes no byte, and
//! any new text, spliced into any supported shape, reads back exactly with the rest of the file
//! untouched.

mod common;

use common::assert_positions_point_at_their_source;
use corefile_embed::{find_corefiles, splice};
use proptest::prelude::*;

/// A line of a generated block scalar, before indentation.
#[derive(Clone, Debug)]
enum Line {
    /// An empty line carrying this many spaces (never more than the content indentation).
    Empty(usize),
    Content(String),
}

fn content_text() -> impl Strategy<Value = String> {
    // At most one `{`, at the end, so no `{{`, `{#` or `${` template marker can appear.
    "[a-z0-9 }.:#\"'\t$é]{1,16}( [{])?"
}

fn line() -> impl Strategy<Value = (bool, usize, String)> {
    (any::<bool>(), 0..8usize, content_text())
}

#[derive(Clone, Debug)]
struct BlockYaml {
    key_column: usize,
    content_offset: usize,
    chomp: &'static str,
    explicit: bool,
    comment: bool,
    eol: &'static str,
    lines: Vec<Line>,
    trailing_blank_lines: usize,
    next_key: bool,
}

fn block_yaml() -> impl Strategy<Value = BlockYaml> {
    (
        prop::sample::select(vec![1usize, 2, 4]),
        1..5usize,
        prop::sample::select(vec!["", "-", "+"]),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec!["\n", "\r\n"]),
        prop::collection::vec(line(), 0..8),
        0..3usize,
        any::<bool>(),
    )
        .prop_map(
            |(key_column, content_offset, chomp, explicit, comment, eol, raw, blanks, next_key)| {
                let indent = key_column + content_offset;
                let lines = raw
                    .into_iter()
                    .map(|(empty, spaces, text)| match empty {
                        true => Line::Empty(spaces.min(indent)),
                        false => Line::Content(text),
                    })
                    .collect();
                BlockYaml {
                    key_column,
                    content_offset,
                    chomp,
                    explicit,
                    comment,
                    eol,
                    lines,
                    trailing_blank_lines: blanks,
                    next_key,
                }
            },
        )
}

impl BlockYaml {
    fn render(&self) -> String {
        let indent = self.key_column + self.content_offset;
        let eol = self.eol;
        let first_content = self.lines.iter().find_map(|line| match line {
            Line::Content(text) => Some(text),
            Line::Empty(_) => None,
        });
        // A first content line starting with a blank cannot be auto-detected.
        let explicit = self.explicit || first_content.is_some_and(|t| t.starts_with([' ', '\t']));
        let mut yaml = format!("apiVersion: v1{eol}kind: ConfigMap{eol}data:{eol}");
        yaml += &" ".repeat(self.key_column);
        yaml += "Corefile: |";
        if explicit {
            yaml += &self.content_offset.to_string();
        }
        yaml += self.chomp;
        if self.comment {
            yaml += "  # header comment";
        }
        yaml += eol;
        for line in &self.lines {
            match line {
                Line::Empty(spaces) => yaml += &" ".repeat(*spaces),
                Line::Content(text) => {
                    yaml += &" ".repeat(indent);
                    yaml += text;
                }
            }
            yaml += eol;
        }
        for _ in 0..self.trailing_blank_lines {
            yaml += eol;
        }
        if self.next_key {
            yaml += &" ".repeat(self.key_column);
            yaml += "next: 1";
            yaml += eol;
        }
        yaml
    }
}

const SHAPES: &[&str] = &[
    "kind: ConfigMap\ndata:\n  Corefile: |\n    .:53 {\n    }\n\n  next: 1\n",
    "kind: ConfigMap\ndata:\n  Corefile: |+\n    .:53 {\n    }\n\n",
    "kind: ConfigMap\r\ndata:\r\n  Corefile: |-  # c\r\n    .:53 {\r\n    }\r\n",
    "kind: ConfigMap\ndata:\n  Corefile: >\n    .:53 {\n    }",
    "data:\n  Corefile: \".:53 {\\n    errors \\n}\\n\"\n  NodeHosts: \"\"\nkind: ConfigMap\n",
    "kind: ConfigMap\ndata:\n  Corefile: '.:53 { }'  # note\n\n  x.server: |\n    x\n",
    "kind: ConfigMap\ndata:\n  Corefile: plain\n    text\n",
    "kind: ConfigMap\ndata: {Corefile: \".:53 {}\", x: y}\n",
    "kind: List\nitems:\n- kind: ConfigMap\n  data:\n    a.override: |2\n        log\n",
    "kind: ConfigMap\ndata:\n  Corefile: \"x\"",
];

fn new_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", ".:53 { ", "}", " ", "  ", "\t", "\n", "\n", "\n\n", "#", "\"", "\\", "é", "|",
            "-", ">", ":", "\r", "\u{85}", "\u{2028}", "\u{0}", "\u{1b}", "'", "---", "...",
        ]),
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |i| from + i + 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn splicing_the_decoded_text_back_changes_nothing(block in block_yaml()) {
        let yaml = block.render();
        let found = find_corefiles(&yaml, &[]).unwrap();
        prop_assert_eq!(found.len(), 1);
        assert_positions_point_at_their_source(&yaml, &found[0], "generated");
        prop_assert_eq!(splice(&yaml, &found[0], &found[0].text), yaml);
    }

    #[test]
    fn any_new_text_reads_back_and_leaves_the_rest_alone(
        shape in prop::sample::select(SHAPES.to_vec()),
        text in new_text(),
    ) {
        let found = find_corefiles(shape, &[]).unwrap();
        prop_assert!(!found.is_empty());
        let target = &found[0];
        let spliced = splice(shape, target, &text);
        let start = target.scalar_range.start;
        prop_assert_eq!(&spliced[..start], &shape[..start]);
        prop_assert!(spliced.ends_with(&shape[line_end(shape, target.scalar_range.end)..]));
        let again = find_corefiles(&spliced, &[]).unwrap();
        assert_positions_point_at_their_source(&spliced, &again[0], "spliced");
        prop_assert_eq!(again.len(), found.len());
        prop_assert_eq!(&again[0].text, &text);
        for (before, after) in found.iter().zip(&again).skip(1) {
            prop_assert_eq!(&before.text, &after.text);
        }
    }

    #[test]
    fn any_new_text_reads_back_from_any_block_scalar(block in block_yaml(), text in new_text()) {
        let yaml = block.render();
        let found = find_corefiles(&yaml, &[]).unwrap();
        let spliced = splice(&yaml, &found[0], &text);
        let range = &found[0].scalar_range;
        prop_assert_eq!(&spliced[..range.start], &yaml[..range.start]);
        prop_assert!(spliced.ends_with(&yaml[range.end..]));
        let again = find_corefiles(&spliced, &[]).unwrap();
        assert_positions_point_at_their_source(&spliced, &again[0], "spliced");
        prop_assert_eq!(&again[0].text, &text);
    }
}
