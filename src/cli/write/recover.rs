//! The names a build uses beside `out/{app}`, and recovering what an interrupted build (Ctrl-C,
//! a kill, a crash) left there.
//!
//! A build stages `out/{app}` in `.{app}.fleetform-staging` and moves the previous copy to
//! `.{app}.fleetform-old` while it swaps. The names are fixed (not per process), so the next
//! build, which holds the lock and so knows no build is running, finds them: it puts a previous
//! copy back when `out/{app}` is missing (a build killed between its two renames), and removes
//! the rest, file by file, as it removes everything (see [`super::owned`]). A leftover holding
//! anything fleetform did not write stops the build, as a foreign file in `out/{app}` does.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::owned;

/// Where a build stages `out/{app}`.
pub fn staging(out: &Path, app: &str) -> PathBuf {
    out.join(format!(".{app}.fleetform-staging"))
}

/// Where a build keeps the previous `out/{app}` until every app is swapped in.
pub fn old_copy(out: &Path, app: &str) -> PathBuf {
    out.join(format!(".{app}.fleetform-old"))
}

/// Refuses `out/{app}` and the names beside it when they are symbolic links: renaming or
/// removing through one would replace or delete something that is not the build's.
pub fn refuse_links(out: &Path, app: &str) -> Result<(), String> {
    for path in [out.join(app), staging(out, app), old_copy(out, app)] {
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(format!(
                "`{}` is a symbolic link; fleetform replaces only directories it wrote, never through a link: remove the link or build into another --out",
                path.display()
            ));
        }
    }
    Ok(())
}

/// Recovers what an interrupted build of `app` left; says what it did, one sentence at a time.
pub fn recover(out: &Path, app: &str, say: &mut dyn FnMut(&str)) -> Result<(), String> {
    let target = out.join(app);
    let old = old_copy(out, app);
    let old_is_dir = fs::symlink_metadata(&old).is_ok_and(|m| m.is_dir());
    if old_is_dir && !exists(&target)? {
        fs::rename(&old, &target).map_err(|e| {
            format!(
                "cannot restore `{}` from `{}`, left by an interrupted build: {e}",
                target.display(),
                old.display()
            )
        })?;
        say(&format!(
            "restored {} (an interrupted build had moved it aside)",
            target.display()
        ));
    }
    for leftover in [old, staging(out, app)] {
        if exists(&leftover)? {
            clean(&leftover)?;
            say(&format!(
                "removed {} (left by an interrupted build)",
                leftover.display()
            ));
        }
    }
    Ok(())
}

fn exists(path: &Path) -> Result<bool, String> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
    }
}

/// Removes a leftover directory if it holds only what its manifest lists. A staging directory
/// gets its manifest before any other file, so one without a readable manifest may hold only
/// that (half-written) manifest.
fn clean(dir: &Path) -> Result<(), String> {
    let owned =
        owned::claimed(dir).unwrap_or_else(|_| owned::Paths::from(["manifest.json".to_owned()]));
    let unknown =
        owned::unknown(dir, &owned).map_err(|e| format!("cannot list `{}`: {e}", dir.display()))?;
    let left = if unknown.is_empty() {
        owned::remove(dir, &owned)
    } else {
        unknown
    };
    match left.first() {
        None => Ok(()),
        Some(first) => Err(format!(
            "`{}`, left by an interrupted build, holds {} file(s) fleetform did not write (`{first}` …); move them away first",
            dir.display(),
            left.len()
        )),
    }
}
