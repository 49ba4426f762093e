//! Writing build output: each app's directory is replaced as a whole, or not at all.
//!
//! Builds into one output directory take turns (an advisory lock on `.fleetform.lock`), so two
//! CI jobs cannot interleave their files. A build replaces only directories it owns: an existing
//! `{app}/` must hold a fleetform `manifest.json` and nothing but the files that manifest lists
//! (its `stacks`' templates and configurations, its `stacksets`' templates), so a user's own
//! files are never deleted; stale stacks (in the old manifest, not the new) go,
//! and are reported.
//!
//! Every app is first written to a staging directory inside the output directory (same file
//! system, so renames are atomic), then swapped in: `out/{app}` → `.fleetform-old-…`, staging →
//! `out/{app}`, old removed. A failure while staging removes the staging directories and leaves
//! the output directory as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes the files of `apps` (paths relative to `out`, each under `{app}/`) into `out`;
/// returns the files of earlier builds that this one removed (stale stacks), relative to `out`.
pub fn write_apps(
    out: &Path,
    apps: &[String],
    files: &BTreeMap<String, String>,
) -> Result<Vec<String>, String> {
    let pid = std::process::id();
    fs::create_dir_all(out).map_err(|e| format!("cannot create `{}`: {e}", out.display()))?;
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out.join(".fleetform.lock"))
        .map_err(|e| format!("cannot lock `{}`: {e}", out.display()))?;
    // Held until this function returns (dropping the file releases it).
    lock.lock()
        .map_err(|e| format!("cannot lock `{}`: {e}", out.display()))?;
    let mut removed = Vec::new();
    for app in apps {
        let owned = owned_files(&out.join(app))
            .map_err(|e| format!("`{}`: {e}", out.join(app).display()))?;
        let prefix = format!("{app}/");
        removed.extend(
            owned
                .into_iter()
                .map(|f| format!("{prefix}{f}"))
                .filter(|f| !files.contains_key(f)),
        );
    }
    let mut staged: Vec<(String, PathBuf)> = Vec::new();
    let result = (|| {
        for app in apps {
            let stage = out.join(format!(".fleetform-tmp-{app}-{pid}"));
            staged.push((app.clone(), stage.clone()));
            stage_app(&stage, app, files)
                .map_err(|e| format!("cannot write into `{}`: {e}", out.display()))?;
        }
        Ok(())
    })();
    if let Err(message) = result {
        for (_, stage) in &staged {
            let _ = fs::remove_dir_all(stage);
        }
        return Err(message);
    }
    for (app, stage) in &staged {
        swap(out, app, stage, pid)
            .map_err(|e| format!("cannot replace `{}`: {e}", out.join(app).display()))?;
    }
    removed.sort();
    Ok(removed)
}

/// The files of an earlier build in `dir` (relative paths), after making sure the directory is
/// fleetform's: missing is fine (nothing owned); otherwise it must hold a fleetform manifest and
/// only the files it lists.
fn owned_files(dir: &Path) -> Result<Vec<String>, String> {
    let manifest = match fs::read_to_string(dir.join("manifest.json")) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return if dir.exists() {
                Err("exists but was not written by fleetform (no manifest.json); move it away or build into another --out".to_owned())
            } else {
                Ok(Vec::new())
            };
        }
        Err(e) => return Err(format!("cannot read its manifest.json: {e}")),
    };
    let value: serde_json::Value = serde_json::from_str(&manifest).map_err(|_| {
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
    let mut owned: Vec<String> = vec!["manifest.json".to_owned()];
    for stack in stacks.iter().chain(stacksets) {
        for key in ["template", "configuration"] {
            if let Some(path) = stack.get(key).and_then(serde_json::Value::as_str) {
                owned.push(path.to_owned());
            }
        }
    }
    let mut present = Vec::new();
    list(dir, dir, &mut present).map_err(|e| format!("cannot list it: {e}"))?;
    let foreign: Vec<&String> = present.iter().filter(|f| !owned.contains(f)).collect();
    if let Some(first) = foreign.first() {
        return Err(format!(
            "holds {} file(s) the last build did not write (`{first}` …); fleetform replaces this directory as a whole, so move them away first",
            foreign.len()
        ));
    }
    Ok(present)
}

/// Every file below `dir`, as `/`-separated paths relative to `root`.
fn list(root: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if fs::symlink_metadata(&path)?.is_dir() {
            list(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

fn stage_app(stage: &Path, app: &str, files: &BTreeMap<String, String>) -> io::Result<()> {
    if stage.exists() {
        fs::remove_dir_all(stage)?;
    }
    fs::create_dir_all(stage)?;
    let prefix = format!("{app}/");
    for (path, text) in files
        .range(prefix.clone()..)
        .take_while(|(p, _)| p.starts_with(&prefix))
    {
        let target = stage.join(&path[prefix.len()..]);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, text)?;
    }
    Ok(())
}

fn swap(out: &Path, app: &str, stage: &Path, pid: u32) -> io::Result<()> {
    let target = out.join(app);
    let old = out.join(format!(".fleetform-old-{app}-{pid}"));
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    let had_old = match fs::symlink_metadata(&target) {
        Ok(_) => {
            fs::rename(&target, &old)?;
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if let Err(e) = fs::rename(stage, &target) {
        if had_old {
            let _ = fs::rename(&old, &target);
        }
        let _ = fs::remove_dir_all(stage);
        return Err(e);
    }
    if had_old {
        // Removing the old copy may fail without harm: the new one is in place.
        if fs::metadata(&old).is_ok_and(|m| m.is_dir()) {
            let _ = fs::remove_dir_all(&old);
        } else {
            let _ = fs::remove_file(&old);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_an_app_directory_and_leaves_others() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::create_dir_all(out.join("shop/stale")).unwrap();
        fs::write(out.join("shop/stale/old.json"), "old").unwrap();
        fs::write(
            out.join("shop/manifest.json"),
            r#"{"stacks": [{"template": "stale/old.json"}]}"#,
        )
        .unwrap();
        fs::create_dir_all(out.join("other")).unwrap();
        fs::write(out.join("other/keep.json"), "keep").unwrap();
        let files = BTreeMap::from([
            ("shop/manifest.json".to_owned(), "{}\n".to_owned()),
            (
                "shop/test/us-east-1/shop-test.json".to_owned(),
                "{}\n".to_owned(),
            ),
            ("shopx/manifest.json".to_owned(), "not this app".to_owned()),
        ]);
        let removed = write_apps(out, &["shop".to_owned()], &files).unwrap();
        assert_eq!(removed, ["shop/stale/old.json"]);
        assert!(!out.join("shop/stale").exists());
        assert_eq!(
            fs::read_to_string(out.join("shop/test/us-east-1/shop-test.json")).unwrap(),
            "{}\n"
        );
        assert_eq!(
            fs::read_to_string(out.join("other/keep.json")).unwrap(),
            "keep"
        );
        assert!(!out.join("shop/shopx").exists());
        let mut names: Vec<_> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, [".fleetform.lock", "other", "shop"]);
    }

    #[test]
    fn never_replaces_a_directory_it_does_not_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let files = BTreeMap::from([("shop/manifest.json".to_owned(), "{}\n".to_owned())]);
        // Not fleetform's at all.
        fs::create_dir_all(out.join("shop")).unwrap();
        fs::write(out.join("shop/notes.txt"), "mine").unwrap();
        let err = write_apps(out, &["shop".to_owned()], &files).unwrap_err();
        assert!(err.contains("not written by fleetform"), "{err}");
        // fleetform's, with a file of the user's beside the build.
        fs::write(out.join("shop/manifest.json"), r#"{"stacks": []}"#).unwrap();
        let err = write_apps(out, &["shop".to_owned()], &files).unwrap_err();
        assert!(err.contains("`notes.txt`"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("shop/notes.txt")).unwrap(),
            "mine"
        );
    }
}
