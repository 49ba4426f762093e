//! Gathering blueprint files: the paths on the command line, then every `include:` entry of
//! every file gathered, until closure. Each file is read once (by canonical path); names are
//! shown relative to the current directory.

use std::collections::{BTreeSet, VecDeque};
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use fleetform::diagnostic::{Diagnostic, FileId, SourceFile, SourceMap};

/// Blueprints are small; a larger file is a mistake (or an attack) better refused than parsed.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The files of one build, plus problems found while decoding them (invalid UTF-8).
#[derive(Debug, Default)]
pub struct Gathered {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
}

/// Reads every blueprint reachable from `paths`. An I/O problem (a missing path or include, an
/// unreadable file) is an error message for stderr.
pub fn gather(paths: &[PathBuf]) -> Result<Gathered, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let mut queue: VecDeque<PathBuf> = VecDeque::new();
    for path in paths {
        for file in expand(path, None)? {
            queue.push_back(file);
        }
    }
    let mut seen = BTreeSet::new();
    let mut gathered = Gathered::default();
    while let Some(path) = queue.pop_front() {
        let canonical = fs::canonicalize(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", display(&path, &cwd)))?;
        if !seen.insert(canonical) {
            continue;
        }
        let name = display(&path, &cwd);
        let bytes = read_blueprint(&path, &name)?;
        let id = FileId(u32::try_from(gathered.files).map_err(|_| "too many files".to_owned())?);
        let (text, problem) = fleetform::source::decode(id, &bytes);
        gathered.diagnostics.extend(problem);
        let dir = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        for entry in fleetform::includes(&text) {
            let target = normalize(&dir.join(&entry));
            let found = expand(&target, Some((&name, &entry)))?;
            queue.extend(found);
        }
        let added = gathered.sources.add(SourceFile { name, text });
        debug_assert_eq!(added, id);
        gathered.files += 1;
    }
    Ok(gathered)
}

/// The bytes of one blueprint file. The checks repeat on the open handle: a file found in a
/// directory (or swapped since [`expand`] looked) may be a device, a pipe or a growing file, and
/// reading stops one byte past the limit whatever it is.
fn read_blueprint(path: &Path, name: &str) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read `{name}`: {e}");
    let file = fs::File::open(path).map_err(cannot)?;
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(format!("`{name}` is not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "`{name}` is over {MAX_FILE_BYTES} bytes; a blueprint file may have at most {MAX_FILE_BYTES}"
        ));
    }
    Ok(bytes)
}

/// A file as itself; a directory as its `*.yaml`/`*.yml` files, recursively, sorted, skipping
/// hidden entries. `include` names the including file and entry, for the error message.
fn expand(path: &Path, include: Option<(&str, &str)>) -> Result<Vec<PathBuf>, String> {
    let missing = |e: std::io::Error| match include {
        Some((file, entry)) => format!("`{file}` includes `{entry}`, which cannot be read: {e}"),
        None => format!("cannot read `{}`: {e}", path.display()),
    };
    let meta = fs::metadata(path).map_err(missing)?;
    if meta.is_file() {
        if meta.len() > MAX_FILE_BYTES {
            return Err(format!(
                "`{}` is {} bytes; a blueprint file may have at most {MAX_FILE_BYTES}",
                path.display(),
                meta.len()
            ));
        }
        return Ok(vec![path.to_path_buf()]);
    }
    if !meta.is_dir() {
        // A device or pipe (`/dev/zero`) could be read forever.
        return Err(format!(
            "`{}` is not a regular file or directory",
            path.display()
        ));
    }
    let mut files = Vec::new();
    let mut visited = BTreeSet::new();
    walk(path, &mut visited, &mut files).map_err(missing)?;
    files.sort();
    Ok(files)
}

/// `visited` holds canonical directories, so a symlink cycle is walked once.
fn walk(
    dir: &Path,
    visited: &mut BTreeSet<PathBuf>,
    files: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    if !visited.insert(fs::canonicalize(dir)?) {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if fs::metadata(&path)?.is_dir() {
            walk(&path, visited, files)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
    Ok(())
}

/// Removes `.` and resolves `..` lexically, so `blueprints/app/../svc.yaml` reads well.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The name a user sees: relative to the current directory when inside it, `/` separated.
pub fn display(path: &Path, cwd: &Path) -> String {
    let path = normalize(path);
    let shown = if path.is_absolute() {
        path.strip_prefix(cwd)
            .map_or(path.clone(), Path::to_path_buf)
    } else {
        path
    };
    shown.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_parent_components() {
        assert_eq!(
            normalize(Path::new("a/b/../c/./d.yaml")),
            PathBuf::from("a/c/d.yaml")
        );
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
    }

    #[test]
    fn display_strips_the_current_directory() {
        assert_eq!(
            display(Path::new("/w/p/a.yaml"), Path::new("/w")),
            "p/a.yaml"
        );
        assert_eq!(
            display(Path::new("/elsewhere/a.yaml"), Path::new("/w")),
            "/elsewhere/a.yaml"
        );
    }

    #[test]
    fn directories_expand_to_sorted_yaml_files_without_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        for rel in [
            "b.yaml",
            "a/z.yml",
            "a/notes.txt",
            ".hidden/x.yaml",
            "a/.y.yaml",
            "c/d/e.yaml",
        ] {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let found = expand(dir.path(), None).unwrap();
        let rel: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            rel,
            [
                PathBuf::from("a/z.yml"),
                PathBuf::from("b.yaml"),
                PathBuf::from("c/d/e.yaml")
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_cycles_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a")).unwrap();
        fs::write(dir.path().join("a/app.yaml"), "").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        assert_eq!(
            expand(dir.path(), None).unwrap(),
            [dir.path().join("a/app.yaml")]
        );
    }

    #[test]
    fn missing_include_names_the_including_file() {
        let err = expand(Path::new("/no/such/dir"), Some(("app.yaml", "services"))).unwrap_err();
        assert!(
            err.starts_with("`app.yaml` includes `services`, which cannot be read"),
            "{err}"
        );
    }
}
