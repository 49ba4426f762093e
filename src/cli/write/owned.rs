//! What a build owns in a directory of the output, and removing exactly that.
//!
//! A build owns the files its `manifest.json` lists (and the manifest), and only as regular
//! files: a symbolic link, a pipe, or a file the manifest does not name is someone else's,
//! whoever put it there. Removal never follows a link, removes only files it has just seen and
//! owns, and removes a directory only once it is empty, so a file that appears while a build
//! runs is kept, never deleted.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::Path;

/// Relative, `/`-separated paths of files below a directory.
pub type Paths = HashSet<String>;

/// What is below a directory, without following links.
#[derive(Debug, Default)]
struct Listing {
    /// Regular files.
    files: Vec<String>,
    /// Anything else that is not a directory: links, pipes, sockets, devices.
    others: Vec<String>,
    /// Directories (never links to them).
    dirs: Vec<String>,
}

fn list(dir: &Path) -> io::Result<Listing> {
    fn walk(root: &Path, dir: &Path, out: &mut Listing) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            let kind = fs::symlink_metadata(&path)?.file_type();
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if kind.is_dir() {
                walk(root, &path, out)?;
                out.dirs.push(rel);
            } else if kind.is_file() {
                out.files.push(rel);
            } else {
                out.others.push(rel);
            }
        }
        Ok(())
    }
    let mut listing = Listing::default();
    walk(dir, dir, &mut listing)?;
    Ok(listing)
}

/// The files the manifest in `dir` lists, with `manifest.json` itself. A manifest that is
/// missing, not a regular file or not fleetform's is an error saying so.
pub fn claimed(dir: &Path) -> Result<Paths, String> {
    let path = dir.join("manifest.json");
    match fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => {}
        // Not read: a link could point anywhere, and a pipe would block the build.
        Ok(_) => {
            return Err(
                "its manifest.json is not a regular file, so not fleetform's; move the directory away"
                    .to_owned(),
            );
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err("exists but was not written by fleetform (no manifest.json); move it away or build into another --out".to_owned());
        }
        Err(e) => return Err(format!("cannot read its manifest.json: {e}")),
    }
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read its manifest.json: {e}"))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|_| {
        "its manifest.json is not fleetform's (not JSON); move the directory away".to_owned()
    })?;
    let Some(stacks) = value.get("stacks").and_then(serde_json::Value::as_array) else {
        return Err(
            "its manifest.json is not fleetform's (no `stacks`); move the directory away"
                .to_owned(),
        );
    };
    let stacksets = value
        .get("stacksets")
        .and_then(serde_json::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let mut claimed = Paths::from(["manifest.json".to_owned()]);
    for stack in stacks.iter().chain(stacksets) {
        for key in ["template", "configuration"] {
            if let Some(path) = stack.get(key).and_then(serde_json::Value::as_str) {
                claimed.insert(path.to_owned());
            }
        }
    }
    Ok(claimed)
}

/// Everything below `dir` that is not a regular file in `owned`, sorted: what removing `dir`
/// would lose.
pub fn unknown(dir: &Path, owned: &Paths) -> io::Result<Vec<String>> {
    let listing = list(dir)?;
    let mut unknown: Vec<String> = listing
        .files
        .into_iter()
        .filter(|f| !owned.contains(f))
        .chain(listing.others)
        .collect();
    unknown.sort();
    Ok(unknown)
}

/// The regular files below `dir`, once it is known to be a directory fleetform wrote: it must
/// hold a fleetform manifest and nothing but (regular) files that manifest lists.
pub fn present(dir: &Path) -> Result<Paths, String> {
    let claimed = claimed(dir)?;
    let listing = list(dir).map_err(|e| format!("cannot list it: {e}"))?;
    let mut foreign: Vec<&String> = listing
        .files
        .iter()
        .filter(|f| !claimed.contains(*f))
        .chain(&listing.others)
        .collect();
    foreign.sort();
    if let Some(first) = foreign.first() {
        return Err(format!(
            "holds {} file(s) the last build did not write (`{first}` …); fleetform replaces this directory as a whole, so move them away first",
            foreign.len()
        ));
    }
    Ok(listing.files.into_iter().collect())
}

/// Removes the regular files below `dir` that are in `owned` (the manifest last, so that a
/// directory an interrupted removal leaves still says what it holds), then each directory
/// left empty, deepest first, and `dir` itself. Returns what is left, sorted: everything not
/// owned or not a regular file, and whatever could not be removed or appeared meanwhile.
pub fn remove(dir: &Path, owned: &Paths) -> Vec<String> {
    let Ok(mut listing) = list(dir) else {
        return leftovers(dir);
    };
    listing.files.sort_by_key(|f| f == "manifest.json");
    for file in listing.files.iter().filter(|f| owned.contains(*f)) {
        let _ = fs::remove_file(dir.join(file));
    }
    // Children have longer paths than their parents.
    listing.dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
    for sub in &listing.dirs {
        // Fails, and so keeps the directory, if anything is still in it.
        let _ = fs::remove_dir(dir.join(sub));
    }
    let _ = fs::remove_dir(dir);
    leftovers(dir)
}

/// What is still below `dir` (nothing if it is gone), directories apart.
fn leftovers(dir: &Path) -> Vec<String> {
    if fs::symlink_metadata(dir).is_err() {
        return Vec::new();
    }
    match list(dir) {
        Ok(listing) => {
            let mut left: Vec<String> = listing.files.into_iter().chain(listing.others).collect();
            left.sort();
            left
        }
        Err(e) => vec![format!("(cannot list it: {e})")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_owned_regular_files_and_empty_directories() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("app");
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::create_dir_all(root.join("empty")).unwrap();
        fs::write(root.join("manifest.json"), "{}").unwrap();
        fs::write(root.join("a/b/t.json"), "{}").unwrap();
        fs::write(root.join("a/notes.txt"), "mine").unwrap();
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "outside").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, root.join("a/b/link.json")).unwrap();
        let owned =
            Paths::from(["manifest.json", "a/b/t.json", "a/b/link.json"].map(str::to_owned));
        let mut expected = vec!["a/notes.txt".to_owned()];
        if cfg!(unix) {
            expected.insert(0, "a/b/link.json".to_owned());
        }
        assert_eq!(unknown(&root, &owned).unwrap(), expected);
        assert_eq!(remove(&root, &owned), expected);
        assert!(!root.join("manifest.json").exists());
        assert!(!root.join("a/b/t.json").exists());
        assert!(!root.join("empty").exists());
        assert_eq!(
            fs::read_to_string(root.join("a/notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(fs::read_to_string(&outside).unwrap(), "outside");
        // Once only owned files are left, the directory goes.
        fs::remove_file(root.join("a/notes.txt")).unwrap();
        let _ = fs::remove_file(root.join("a/b/link.json"));
        assert!(remove(&root, &owned).is_empty());
        assert!(!root.exists());
    }
}
