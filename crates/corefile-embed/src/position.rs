//! Byte offsets: saphyr's character indices to bytes, decoded-text offsets to YAML offsets, and
//! line/column for messages.

/// Converts the character indices saphyr reports into byte offsets of the same text.
pub(crate) struct CharIndex {
    /// Byte offset of every character, plus the text length; `None` for ASCII text, where the two
    /// coincide.
    byte_of_char: Option<Vec<usize>>,
}

impl CharIndex {
    pub(crate) fn new(text: &str) -> Self {
        let byte_of_char = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(byte, _)| byte)
                .chain(std::iter::once(text.len()))
                .collect()
        });
        CharIndex { byte_of_char }
    }

    pub(crate) fn byte(&self, char_index: usize) -> usize {
        match &self.byte_of_char {
            None => char_index,
            Some(table) => table[char_index.min(table.len() - 1)],
        }
    }
}

/// Maps each byte offset of a decoded scalar to the byte offset in the YAML source it came from.
///
/// Stored as runs: within a run both offsets advance together, so verbatim text costs one entry
/// per line while an escape that produces several bytes gets one entry per produced byte.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct OffsetMap {
    runs: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// Records that decoded byte `decoded` comes from YAML byte `yaml`; `decoded` must grow.
    pub(crate) fn record(&mut self, decoded: usize, yaml: usize) {
        if let Some(&(run_decoded, run_yaml)) = self.runs.last() {
            if decoded - run_decoded == yaml.wrapping_sub(run_yaml) && yaml >= run_yaml {
                return;
            }
        }
        self.runs.push((decoded, yaml));
    }

    /// The YAML byte offset for a decoded offset; offsets past the end map like the end.
    pub(crate) fn yaml_offset(&self, decoded: usize) -> usize {
        let run = self.runs.partition_point(|&(start, _)| start <= decoded);
        match run.checked_sub(1).map(|i| self.runs[i]) {
            Some((run_decoded, run_yaml)) => run_yaml + (decoded - run_decoded),
            None => self.runs.first().map_or(0, |&(_, yaml)| yaml),
        }
    }
}

/// 1-based line and 1-based column (counted in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}
