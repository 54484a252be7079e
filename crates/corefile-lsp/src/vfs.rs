//! The files an analysis reads: open documents as the editor holds them, over the disk. Disk
//! reads are cached by path, modification time and length, so re-analysing on every keystroke
//! does not re-read the imported files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use corefile_model::{DiskVfs, EntryKind, Vfs};

/// A file's identity on disk: when it last changed and how long it is.
type Stamp = (SystemTime, u64);

/// What one read of a file gave: its text or the error, with the stamp it was read at.
type Cached = (Stamp, Result<Arc<str>, String>);

/// Disk contents shared by every analysis of the server's lifetime.
#[derive(Default)]
pub struct DiskCache {
    files: Mutex<HashMap<PathBuf, Cached>>,
}

impl DiskCache {
    fn stamp(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.modified().ok()?, meta.len()))
    }

    fn read(&self, path: &Path) -> Result<Arc<str>, String> {
        let Some(stamp) = Self::stamp(path) else {
            return DiskVfs.read(path);
        };
        if let Some((cached, text)) = self.lock().get(path) {
            if *cached == stamp {
                return text.clone();
            }
        }
        let text = DiskVfs.read(path);
        self.lock()
            .insert(path.to_path_buf(), (stamp, text.clone()));
        text
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Cached>> {
        // A panic while holding the lock leaves the map usable: entries are inserted whole.
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many files are cached (for tests and the memory note).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Open documents by path over the cached disk.
pub struct OverlayVfs {
    pub open: HashMap<PathBuf, Arc<str>>,
    pub disk: Arc<DiskCache>,
}

impl Vfs for OverlayVfs {
    fn read(&self, path: &Path) -> Result<Arc<str>, String> {
        match self.open.get(path) {
            Some(text) => Ok(text.clone()),
            None => self.disk.read(path),
        }
    }

    fn kind(&self, path: &Path) -> Option<EntryKind> {
        if self.open.contains_key(path) {
            return Some(EntryKind::File);
        }
        DiskVfs.kind(path)
    }

    fn list_dir(&self, path: &Path) -> Result<Vec<String>, String> {
        let unsaved = self
            .open
            .keys()
            .filter(|p| p.parent() == Some(path))
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let mut names = match DiskVfs.list_dir(path) {
            Ok(names) => names,
            Err(e) if self.open.keys().all(|p| p.parent() != Some(path)) => return Err(e),
            Err(_) => Vec::new(),
        };
        names.extend(unsaved);
        names.sort();
        names.dedup();
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_documents_shadow_the_disk_and_disk_reads_are_cached() {
        let dir = tempfile::tempdir().unwrap();
        let on_disk = dir.path().join("a.conf");
        std::fs::write(&on_disk, "log\n").unwrap();
        let unsaved = dir.path().join("b.conf");
        let disk = Arc::new(DiskCache::default());
        let mut open = HashMap::new();
        open.insert(unsaved.clone(), Arc::from("errors\n"));
        let vfs = OverlayVfs {
            open,
            disk: disk.clone(),
        };
        assert_eq!(&*vfs.read(&on_disk).unwrap(), "log\n");
        assert_eq!(&*vfs.read(&unsaved).unwrap(), "errors\n");
        assert_eq!(vfs.kind(&unsaved), Some(EntryKind::File));
        assert_eq!(vfs.list_dir(dir.path()).unwrap(), ["a.conf", "b.conf"]);
        assert_eq!(disk.len(), 1);
        // A change on disk (new length) is seen.
        std::fs::write(&on_disk, "log\ncache\n").unwrap();
        assert_eq!(&*vfs.read(&on_disk).unwrap(), "log\ncache\n");
    }
}
