//! The one way the CLI reads files of a user's tree (blueprints, includes, snapshots, import
//! input). In CI every such file comes from whoever opened the pull request while the job holds
//! secrets, so: only regular files, at most [`MAX_FILE_BYTES`] each; a symlink is followed only
//! when its canonical target lies inside the tree's [`Root`]; directories nest at most
//! [`MAX_DIR_DEPTH`] levels; and an error names the path, never what the file holds.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// Blueprints are small; a larger file is a mistake (or an attack) better refused than parsed.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Directories below a walked one may nest this deep. Real trees are a few levels deep; the
/// bound keeps every path short, so each file-system call on it costs a bounded amount.
pub const MAX_DIR_DEPTH: usize = 32;

/// The directory files may be read from, canonical. With `anywhere` (the user's explicit
/// choice) symlinks and paths leading outside it are followed as well.
#[derive(Debug, Clone)]
pub struct Root {
    canonical: PathBuf,
    /// How the root is shown in messages.
    shown: String,
    anywhere: bool,
}

impl Root {
    /// `dir` must exist; `shown` is its name in messages.
    pub fn new(dir: &Path, shown: String, anywhere: bool) -> io::Result<Self> {
        Ok(Self {
            canonical: fs::canonicalize(dir)?,
            shown,
            anywhere,
        })
    }

    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Whether a canonical path may be read.
    pub fn admits(&self, canonical: &Path) -> bool {
        self.anywhere || canonical.starts_with(&self.canonical)
    }
}

/// The root for a directory named on the command line (`--snapshots DIR`, a Copilot
/// workspace): the directory itself. Written inside the current directory, it must resolve
/// inside it too: `snapshots` committed as a symlink to `/` must not make `/` the tree.
pub fn argument_root(dir: &Path) -> Result<Root, Refused> {
    let io = |e| Refused::new(dir, Why::Io(e));
    let shown = dir.display().to_string().replace('\\', "/");
    let root = Root::new(dir, shown, false).map_err(io)?;
    let cwd = std::env::current_dir().map_err(io)?;
    if normalize(&cwd.join(dir)).starts_with(&cwd) {
        let here = fs::canonicalize(&cwd).map_err(io)?;
        if !root.canonical.starts_with(&here) {
            return Err(Refused::new(dir, Why::Outside(".".to_owned())));
        }
    }
    Ok(root)
}

/// Removes `.` and resolves `..` lexically, so `blueprints/app/../svc.yaml` reads well. A path
/// that comes to nothing (`.`, or `app.yaml`'s directory joined with `.`) is `.`: the empty
/// path names no file.
pub fn normalize(path: &Path) -> PathBuf {
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
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Why a path was not read.
#[derive(Debug)]
pub enum Why {
    /// A device, pipe or socket: reading one could block or never end.
    NotRegular,
    TooLarge,
    /// The path, or a symlink on it, leads outside the root.
    Outside(String),
    TooDeep,
    Io(io::Error),
}

/// A path that was not read, and why. Its message names the path, never the file's content
/// nor where a symlink points.
#[derive(Debug)]
pub struct Refused {
    pub path: PathBuf,
    pub why: Why,
}

impl Refused {
    fn new(path: &Path, why: Why) -> Self {
        Self {
            path: path.to_path_buf(),
            why,
        }
    }

    /// What is wrong, after the path: "is not a regular file".
    pub fn reason(&self) -> String {
        match &self.why {
            Why::NotRegular => "is not a regular file".to_owned(),
            Why::TooLarge => {
                format!("is over {MAX_FILE_BYTES} bytes; a file may have at most {MAX_FILE_BYTES}")
            }
            Why::Outside(root) => format!(
                "leads outside `{root}` (through a symlink or `..`); only files inside it are read"
            ),
            Why::TooDeep => format!("nests deeper than {MAX_DIR_DEPTH} directories"),
            Why::Io(e) => format!("cannot be read: {e}"),
        }
    }

    /// The whole message, with the path shown as `name`.
    pub fn message(&self, name: &str) -> String {
        match &self.why {
            Why::Io(e) => format!("cannot read `{name}`: {e}"),
            _ => format!("`{name}` {}", self.reason()),
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.path.display().to_string().replace('\\', "/");
        f.write_str(&self.message(&name))
    }
}

/// The bytes of one regular file. With a root, the path's canonical form must lie inside it, and
/// that canonical path is what is opened. The type and size checks repeat on the open handle: a
/// file may be swapped between looking and opening, and reading stops one byte past the limit.
pub fn read(path: &Path, root: Option<&Root>) -> Result<Vec<u8>, Refused> {
    let refuse = |why| Refused::new(path, why);
    let target = match root {
        Some(root) => {
            let canonical = fs::canonicalize(path).map_err(|e| refuse(Why::Io(e)))?;
            if !root.admits(&canonical) {
                return Err(refuse(Why::Outside(root.shown.clone())));
            }
            canonical
        }
        None => path.to_path_buf(),
    };
    // Looking first means a pipe or device is never opened: opening a FIFO blocks until a
    // writer comes, and opening some devices has effects of its own.
    let meta = fs::metadata(&target).map_err(|e| refuse(Why::Io(e)))?;
    if !meta.is_file() {
        return Err(refuse(Why::NotRegular));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(refuse(Why::TooLarge));
    }
    let file = fs::File::open(&target).map_err(|e| refuse(Why::Io(e)))?;
    if !file.metadata().map_err(|e| refuse(Why::Io(e)))?.is_file() {
        return Err(refuse(Why::NotRegular));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(Why::Io(e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(refuse(Why::TooLarge));
    }
    Ok(bytes)
}

/// Which entries a walk skips and which files it keeps.
#[derive(Debug, Clone, Copy)]
pub struct Filter {
    /// Skip entries whose name starts with `.` (files and directories).
    pub skip_hidden: bool,
    /// Keep only files with one of these extensions (all files when empty).
    pub extensions: &'static [&'static str],
}

impl Filter {
    fn keeps(self, path: &Path) -> bool {
        self.extensions.is_empty()
            || path
                .extension()
                .is_some_and(|e| self.extensions.iter().any(|x| e == *x))
    }
}

/// Every entry below `dir` that is not a directory and that `filter` keeps, regular or not
/// ([`read`] refuses the others), in no particular order. Directories are entered once each (a
/// symlink cycle is walked once), at most [`MAX_DIR_DEPTH`] deep; a symlink is followed only
/// inside `root`, and one leading outside it stops the walk. Each directory costs a constant
/// number of calls (no canonicalizing of directories), so a tree costs time linear in its size.
pub fn walk(dir: &Path, root: &Root, filter: Filter) -> Result<Vec<PathBuf>, Refused> {
    let canonical = fs::canonicalize(dir).map_err(|e| Refused::new(dir, Why::Io(e)))?;
    if !root.admits(&canonical) {
        return Err(Refused::new(dir, Why::Outside(root.shown.clone())));
    }
    let meta = fs::metadata(&canonical).map_err(|e| Refused::new(dir, Why::Io(e)))?;
    let mut visited = HashSet::new();
    visited.insert(identity(&meta, &canonical));
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    let mut found = Vec::new();
    while let Some((current, depth)) = stack.pop() {
        let io = |e| Refused::new(&current, Why::Io(e));
        for entry in fs::read_dir(&current).map_err(io)? {
            let entry = entry.map_err(io)?;
            if filter.skip_hidden && entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let at = |e| Refused::new(&path, Why::Io(e));
            let kind = entry.file_type().map_err(at)?;
            let (meta, resolved) = if kind.is_symlink() {
                let target = fs::canonicalize(&path).map_err(at)?;
                (fs::metadata(&target).map_err(at)?, Some(target))
            } else {
                (entry.metadata().map_err(at)?, None)
            };
            let wanted = meta.is_dir() || filter.keeps(&path);
            // A link out of the tree that the walk would not use anyway (`notes.txt`) is no
            // reason to stop.
            if let Some(target) = &resolved
                && wanted
                && !root.admits(target)
            {
                return Err(Refused::new(&path, Why::Outside(root.shown.clone())));
            }
            if !meta.is_dir() {
                if wanted {
                    found.push(path);
                }
                continue;
            }
            if depth + 1 > MAX_DIR_DEPTH {
                return Err(Refused::new(&path, Why::TooDeep));
            }
            if visited.insert(identity(&meta, resolved.as_deref().unwrap_or(&path))) {
                stack.push((path, depth + 1));
            }
        }
    }
    Ok(found)
}

/// What tells two directories apart: device and inode where there are such things.
#[cfg(unix)]
fn identity(meta: &fs::Metadata, _path: &Path) -> (u64, u64, PathBuf) {
    use std::os::unix::fs::MetadataExt as _;
    (meta.dev(), meta.ino(), PathBuf::new())
}

#[cfg(not(unix))]
fn identity(_meta: &fs::Metadata, path: &Path) -> (u64, u64, PathBuf) {
    (
        0,
        0,
        fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
    )
}

#[cfg(all(test, unix))]
mod tests;
