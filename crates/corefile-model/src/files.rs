//! Files, positions and the file-access abstraction.
//!
//! Every stage works on byte offsets into a file's text; [`LineIndex`] converts them to the
//! line/column (in characters) the CLI prints and to the UTF-16 positions the language server
//! speaks. File access goes through [`Vfs`] so the language server can serve unsaved documents and
//! tests can use an in-memory tree.

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use rowan::{TextRange, TextSize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileId,
    pub range: TextRange,
}

impl Location {
    pub fn new(file: FileId, range: TextRange) -> Self {
        Location { file, range }
    }
}

/// Line starts of one text, for offset ↔ (line, column) conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

/// A 0-based line and a 0-based column counted in the unit the caller asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text).map(|i| i as u32 + 1));
        LineIndex { line_starts }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: TextSize) -> u32 {
        let o = u32::from(offset);
        (self.line_starts.partition_point(|&s| s <= o) - 1) as u32
    }

    pub fn line_start(&self, line: u32) -> Option<TextSize> {
        self.line_starts
            .get(line as usize)
            .map(|&s| TextSize::from(s))
    }

    /// 0-based line and 0-based column in Unicode scalar values (what the CLI and JSON print).
    pub fn line_col_chars(&self, text: &str, offset: TextSize) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize] as usize;
        let end = clamp_to_char_boundary(text, u32::from(offset) as usize);
        LineCol {
            line,
            col: text[start..end.max(start)].chars().count() as u32,
        }
    }

    /// 0-based line and 0-based column in UTF-16 code units (what LSP speaks).
    pub fn line_col_utf16(&self, text: &str, offset: TextSize) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize] as usize;
        let end = clamp_to_char_boundary(text, u32::from(offset) as usize);
        LineCol {
            line,
            col: text[start..end.max(start)].encode_utf16().count() as u32,
        }
    }

    /// Byte offset of a 0-based line and UTF-16 column; clamps to the line's end.
    pub fn offset_utf16(&self, text: &str, pos: LineCol) -> TextSize {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return TextSize::of(text);
        };
        let line_end = self
            .line_starts
            .get(pos.line as usize + 1)
            .map(|&s| s as usize)
            .unwrap_or(text.len());
        let mut units = 0u32;
        for (i, ch) in text[start as usize..line_end].char_indices() {
            if units >= pos.col || ch == '\n' {
                return TextSize::from(start + i as u32);
            }
            units += ch.len_utf16() as u32;
        }
        TextSize::from(line_end as u32)
    }
}

fn clamp_to_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
}

/// One loaded file: its name as shown to the user, its text and its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or `-`/`<stdin>`), used in messages.
    pub name: String,
    /// Absolute path used to resolve relative imports; `None` for stdin and virtual text.
    pub path: Option<PathBuf>,
    pub text: Arc<str>,
    pub lines: LineIndex,
}

/// All files one analysis touched, addressed by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct FileDb {
    files: Vec<SourceFile>,
}

impl FileDb {
    pub fn add(&mut self, name: String, path: Option<PathBuf>, text: Arc<str>) -> FileId {
        let lines = LineIndex::new(&text);
        self.files.push(SourceFile {
            name,
            path,
            text,
            lines,
        });
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn find_path(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path.as_deref() == Some(path))
            .map(|i| FileId(i as u32))
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// 1-based line and 1-based column in characters of the start and end of a location.
    pub fn span_1based(&self, loc: Location) -> (u32, u32, u32, u32) {
        let f = self.get(loc.file);
        let s = f.lines.line_col_chars(&f.text, loc.range.start());
        let e = f.lines.line_col_chars(&f.text, loc.range.end());
        (s.line + 1, s.col + 1, e.line + 1, e.col + 1)
    }
}

/// What a directory entry is, as far as imports care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    Other,
}

/// Read-only file access for import resolution. The CLI reads the disk; the language server
/// overlays open documents; tests use a map.
pub trait Vfs {
    /// The file's text. Errors are rendered into diagnostics, so they carry the OS wording.
    fn read(&self, path: &Path) -> Result<Arc<str>, String>;
    /// What `path` is, or `None` when it does not exist.
    fn kind(&self, path: &Path) -> Option<EntryKind>;
    /// Names of the entries of a directory, unsorted. Errors mean "unreadable".
    fn list_dir(&self, path: &Path) -> Result<Vec<String>, String>;
}

/// Largest file an import will read: keeps `import /dev/zero` and FIFOs bounded.
pub const MAX_IMPORT_BYTES: u64 = 128 * 1024 * 1024;

/// The real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct DiskVfs;

impl Vfs for DiskVfs {
    fn read(&self, path: &Path) -> Result<Arc<str>, String> {
        use std::io::Read;
        let meta = std::fs::metadata(path).map_err(|e| os_error(&e))?;
        if meta.is_dir() {
            return Err("is a directory".into());
        }
        if !meta.is_file() {
            return Err("not a regular file".into());
        }
        let file = std::fs::File::open(path).map_err(|e| os_error(&e))?;
        let mut bytes = Vec::new();
        file.take(MAX_IMPORT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| os_error(&e))?;
        if bytes.len() as u64 > MAX_IMPORT_BYTES {
            return Err(format!("larger than {} MiB", MAX_IMPORT_BYTES >> 20));
        }
        String::from_utf8(bytes).map(Arc::from).map_err(|e| {
            format!(
                "not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })
    }

    fn kind(&self, path: &Path) -> Option<EntryKind> {
        let meta = std::fs::metadata(path).ok()?;
        Some(if meta.is_dir() {
            EntryKind::Dir
        } else if meta.is_file() {
            EntryKind::File
        } else {
            EntryKind::Other
        })
    }

    fn list_dir(&self, path: &Path) -> Result<Vec<String>, String> {
        let rd = std::fs::read_dir(path).map_err(|e| os_error(&e))?;
        Ok(rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect())
    }
}

/// OS error text without Rust's " (os error N)" suffix, close to Go's wording.
pub fn os_error(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => {
            let mut t = s[..i].to_string();
            if let Some(first) = t.get_mut(0..1) {
                first.make_ascii_lowercase();
            }
            t
        }
        None => s,
    }
}

/// An in-memory tree, for tests and for the language server's unsaved documents.
#[derive(Debug, Default, Clone)]
pub struct MemoryVfs {
    pub files: std::collections::BTreeMap<PathBuf, Arc<str>>,
}

impl MemoryVfs {
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: &str) {
        self.files.insert(path.into(), Arc::from(text));
    }
}

impl Vfs for MemoryVfs {
    fn read(&self, path: &Path) -> Result<Arc<str>, String> {
        if let Some(t) = self.files.get(path) {
            return Ok(t.clone());
        }
        if self.kind(path) == Some(EntryKind::Dir) {
            return Err("is a directory".into());
        }
        Err("no such file or directory".into())
    }

    fn kind(&self, path: &Path) -> Option<EntryKind> {
        if self.files.contains_key(path) {
            return Some(EntryKind::File);
        }
        self.files
            .keys()
            .any(|p| p.starts_with(path) && p != path)
            .then_some(EntryKind::Dir)
    }

    fn list_dir(&self, path: &Path) -> Result<Vec<String>, String> {
        let mut names: Vec<String> = self
            .files
            .keys()
            .filter_map(|p| p.strip_prefix(path).ok())
            .filter_map(|rest| rest.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        names.dedup();
        if names.is_empty() && self.kind(path).is_none() {
            return Err("no such file or directory".into());
        }
        Ok(names)
    }
}
