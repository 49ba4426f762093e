//! Replacing one file whole: the text goes to a new file beside it, which is then renamed over
//! it. An interrupted write never leaves half a file, and a symbolic link at the path is
//! replaced, never written through (it may point anywhere, e.g. outside a repository).

use std::fs;
use std::io::{self, Write as _};
use std::path::Path;

/// Writes `text` to `path`, replacing whatever file or link is there, keeping a replaced
/// regular file's permissions. `tag` names the command in the temporary file's name.
pub fn replace_file(path: &Path, text: &str, tag: &str) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy());
    let tmp = dir.join(format!(".{name}.fleetform-{tag}-{}", std::process::id()));
    // A new file: never through a link someone left under that name.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    let written = file.write_all(text.as_bytes()).and_then(|()| {
        if let Some(meta) = fs::symlink_metadata(path)
            .ok()
            .filter(fs::Metadata::is_file)
        {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)
    });
    written.inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}
