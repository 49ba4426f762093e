//! Opening `{out}/.fleetform.lock`, the advisory lock builds into one output directory take
//! turns on, without ever following a link: a link there (dangling or not) could make the
//! build create or open a file outside `--out`, so it is refused.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

/// The lock file's name in the output directory.
pub const NAME: &str = ".fleetform.lock";

/// Opens (creating it if need be) the lock file of `out`, not yet locked.
pub fn open(out: &Path) -> Result<File, String> {
    let path = out.join(NAME);
    let refused = |what: &str| {
        format!(
            "`{}` is {what}; fleetform keeps its lock in a regular file inside --out: remove it",
            path.display()
        )
    };
    let cannot = |e: io::Error| format!("cannot lock `{}`: {e}", out.display());
    // Creating with `create_new` fails on anything already there, a dangling link included.
    let file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let meta = fs::symlink_metadata(&path).map_err(cannot)?;
            if meta.file_type().is_symlink() {
                return Err(refused("a symbolic link"));
            }
            // Opening a pipe for writing would block the build.
            if !meta.is_file() {
                return Err(refused("not a regular file"));
            }
            OpenOptions::new().write(true).open(&path).map_err(cannot)?
        }
        Err(e) => return Err(cannot(e)),
    };
    // The path could have become a link between the look and the open: the file opened must
    // be the one at the path itself.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let opened = file.metadata().map_err(cannot)?;
        let there = fs::symlink_metadata(&path).map_err(cannot)?;
        if (opened.dev(), opened.ino()) != (there.dev(), there.ino()) {
            return Err(refused("a symbolic link"));
        }
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_lock_that_is_a_link_is_refused_and_nothing_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        let outside = dir.path().join("outside");
        std::os::unix::fs::symlink(&outside, out.join(NAME)).unwrap();
        let err = open(&out).unwrap_err();
        assert!(err.contains("is a symbolic link"), "{err}");
        assert!(
            fs::symlink_metadata(&outside).is_err(),
            "created outside --out"
        );
        // A link to an existing file is refused too, and the file is left as it was.
        fs::write(&outside, "theirs").unwrap();
        assert!(open(&out).unwrap_err().contains("is a symbolic link"));
        assert_eq!(fs::read_to_string(&outside).unwrap(), "theirs");
    }

    #[test]
    fn a_regular_lock_file_is_created_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        open(dir.path()).unwrap();
        fs::write(dir.path().join(NAME), "kept").unwrap();
        open(dir.path()).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join(NAME)).unwrap(), "kept");
    }
}
