//! Which files `check` and `fmt` look at: paths given, and inside directories the names CoreDNS
//! configurations use.

use std::path::{Path, PathBuf};

/// An input named on the command line, or found under a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// Whether a file name looks like a Corefile or a Corefile fragment.
pub fn is_corefile_name(name: &str) -> bool {
    name == "Corefile"
        || name.starts_with("Corefile.")
        || name.ends_with(".Corefile")
        || name.ends_with(".server")
        || name.ends_with(".override")
}

/// A YAML file found while walking a folder is taken only when it mentions a Corefile key, so
/// unrelated manifests (and their templates) are not reported on.
fn is_configmap_candidate(path: &Path, name: &str) -> bool {
    if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
        return false;
    }
    std::fs::read_to_string(path)
        .map(|t| t.contains("Corefile") || t.contains(".server:") || t.contains(".override:"))
        .unwrap_or(false)
}

const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules", ".hg", ".svn"];

/// Expands the command line's paths. Directories are walked (without following symlinked
/// directories, so a symlink loop cannot trap the walk); errors name the path.
pub fn inputs(paths: &[String]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = PathBuf::from(p);
        let meta = std::fs::metadata(&path)
            .map_err(|e| format!("{p}: {}", corefile_model::files::os_error(&e)))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(&path, &mut found)?;
            found.sort();
            out.extend(found.into_iter().map(Input::File));
        } else {
            out.push(Input::File(path));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d)
            .map_err(|e| format!("{}: {}", d.display(), corefile_model::files::os_error(&e)))?;
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                if !SKIPPED_DIRS.contains(&name.as_str()) {
                    stack.push(entry.path());
                }
            } else if is_corefile_name(&name) || is_configmap_candidate(&entry.path(), &name) {
                found.push(entry.path());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for n in [
            "Corefile",
            "Corefile.prod",
            "dev.Corefile",
            "a.server",
            "b.override",
        ] {
            assert!(is_corefile_name(n), "{n}");
        }
        for n in ["corefile", "Corefile-backup", "x.yaml", "server"] {
            assert!(!is_corefile_name(n), "{n}");
        }
    }
}
