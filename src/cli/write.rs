//! Writing build output: each app's directory is replaced as a whole, or not at all.
//!
//! Builds into one output directory take turns (an advisory lock on `.fleetform.lock`, held
//! from before the old manifests are read until the last swap), so two CI jobs cannot
//! interleave their files; a build that finds the lock taken says so and waits. A build replaces only directories it owns: an existing
//! `{app}/` must hold a fleetform `manifest.json` and nothing but the files that manifest lists
//! (its `stacks`' templates and configurations, its `stacksets`' templates), so a user's own
//! files are never deleted; stale stacks (in the old manifest, not the new) go,
//! and are reported.
//!
//! Every app is first written to a staging directory inside the output directory (same file
//! system, so renames are atomic), then swapped in: `out/{app}` → `.fleetform-old-…`, staging →
//! `out/{app}`. Only when every app is swapped are the old copies removed. A failure while
//! staging removes the staging directories and leaves the output directory as it was; a failure
//! while swapping swaps the apps already done back (renames again), so a multi-app build lands
//! whole or not at all. Only a failure of one of those undo renames (the file system refusing a
//! rename it just did) can leave a mix, and the error then says where the last build's copy is.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes the files of `apps` (paths relative to `out`, each under `{app}/`) into `out`;
/// returns the files of earlier builds that this one removed (stale stacks), relative to `out`.
/// `waiting` is called once if another build holds the directory (this one then waits for it).
pub fn write_apps(
    out: &Path,
    apps: &[String],
    files: &BTreeMap<String, String>,
    waiting: &mut dyn FnMut(),
) -> Result<Vec<String>, String> {
    write_apps_with(out, apps, files, waiting, &mut |from, to| {
        fs::rename(from, to)
    })
}

/// A rename, as a parameter so that tests can make one fail.
type Rename<'a> = dyn FnMut(&Path, &Path) -> io::Result<()> + 'a;

fn write_apps_with(
    out: &Path,
    apps: &[String],
    files: &BTreeMap<String, String>,
    waiting: &mut dyn FnMut(),
    rename: &mut Rename,
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
    match lock.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            waiting();
            lock.lock()
                .map_err(|e| format!("cannot lock `{}`: {e}", out.display()))?;
        }
        Err(fs::TryLockError::Error(e)) => {
            return Err(format!("cannot lock `{}`: {e}", out.display()));
        }
    }
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
    let remove_stages = |staged: &[(String, PathBuf)]| {
        for (_, stage) in staged {
            let _ = fs::remove_dir_all(stage);
        }
    };
    if let Err(message) = result {
        remove_stages(&staged);
        return Err(message);
    }
    // Swap every app in; on the first failure, swap the earlier ones back, so the output
    // directory holds this build or the last one, never a mix.
    let mut swapped: Vec<(&str, &Path, Option<PathBuf>)> = Vec::new();
    for (app, stage) in &staged {
        match swap(out, app, stage, pid, rename) {
            Ok(old) => swapped.push((app, stage, old)),
            Err(e) => {
                let mut message = format!("cannot replace `{}`: {e}", out.join(app).display());
                for (app, stage, old) in swapped.iter().rev() {
                    if let Err(problem) = unswap(out, app, stage, old.as_deref(), rename) {
                        let _ = write!(message, "; and {problem}");
                    }
                }
                remove_stages(&staged);
                return Err(message);
            }
        }
    }
    for (_, _, old) in swapped {
        // Removing an old copy may fail without harm: the new one is in place.
        if let Some(old) = old {
            let _ = fs::remove_dir_all(&old);
        }
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
    let owned: std::collections::HashSet<String> = owned.into_iter().collect();
    let foreign: Vec<&String> = present.iter().filter(|f| !owned.contains(*f)).collect();
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
    let mine: Vec<(PathBuf, &String)> = files
        .range(prefix.clone()..)
        .take_while(|(p, _)| p.starts_with(&prefix))
        .map(|(path, text)| (stage.join(&path[prefix.len()..]), text))
        .collect();
    // Each directory once, then the files: thousands of them in a large app, so they are
    // written from a few threads (each file is whole before the stage is renamed into place).
    let dirs: std::collections::BTreeSet<&Path> =
        mine.iter().filter_map(|(path, _)| path.parent()).collect();
    for dir in dirs {
        fs::create_dir_all(dir)?;
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(mine.len() / 16)
        .max(1);
    let chunk = mine.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = mine
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .try_for_each(|(path, text)| fs::write(path, text))
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
}

/// Moves `out/{app}` (if any) aside and `stage` into its place; returns where the previous copy
/// went. On failure, `out/{app}` is as it was.
fn swap(
    out: &Path,
    app: &str,
    stage: &Path,
    pid: u32,
    rename: &mut Rename,
) -> io::Result<Option<PathBuf>> {
    let target = out.join(app);
    let old = out.join(format!(".fleetform-old-{app}-{pid}"));
    if fs::symlink_metadata(&old).is_ok() {
        fs::remove_dir_all(&old)?;
    }
    let had_old = match fs::symlink_metadata(&target) {
        Ok(_) => {
            rename(&target, &old)?;
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if let Err(e) = rename(stage, &target) {
        if had_old {
            let _ = rename(&old, &target);
        }
        return Err(e);
    }
    Ok(had_old.then_some(old))
}

/// Undoes a [`swap`]: the new copy back to `stage` (removed later), the previous one back in
/// place. On failure, says where the previous copy is.
fn unswap(
    out: &Path,
    app: &str,
    stage: &Path,
    old: Option<&Path>,
    rename: &mut Rename,
) -> Result<(), String> {
    let target = out.join(app);
    let back = rename(&target, stage).and_then(|()| match old {
        Some(old) => rename(old, &target),
        None => Ok(()),
    });
    back.map_err(|e| match old {
        Some(old) => format!(
            "could not restore `{}` ({e}); the last build's copy is `{}`",
            target.display(),
            old.display()
        ),
        None => format!("could not remove the new `{}` ({e})", target.display()),
    })
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
        let removed = write_apps(out, &["shop".to_owned()], &files, &mut || {}).unwrap();
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

    /// Two apps from an earlier build, `a` with a stale stack, and a build that replaces both
    /// and adds `c` (new: nothing to move aside).
    fn two_built_apps(out: &Path) -> (Vec<String>, BTreeMap<String, String>) {
        for app in ["a", "b"] {
            fs::create_dir_all(out.join(app)).unwrap();
            fs::write(
                out.join(format!("{app}/manifest.json")),
                r#"{"stacks": [{"template": "old.json"}]}"#,
            )
            .unwrap();
            fs::write(out.join(format!("{app}/old.json")), "old").unwrap();
        }
        let files = ["a", "b", "c"]
            .iter()
            .flat_map(|app| {
                [
                    (
                        format!("{app}/manifest.json"),
                        r#"{"stacks": []}"#.to_owned(),
                    ),
                    (format!("{app}/new.json"), "new".to_owned()),
                ]
            })
            .collect();
        (vec!["a".to_owned(), "c".to_owned(), "b".to_owned()], files)
    }

    fn names(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_swap_puts_the_earlier_apps_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let (apps, files) = two_built_apps(out);
        // The last app's new copy cannot move in (after `a` and `c` did).
        let target = out.join("b");
        let mut renames = Vec::new();
        let mut rename = |from: &Path, to: &Path| {
            renames.push(to.to_path_buf());
            if to == target && from.ends_with(format!(".fleetform-tmp-b-{}", std::process::id())) {
                return Err(io::Error::other("injected"));
            }
            fs::rename(from, to)
        };
        let err = write_apps_with(out, &apps, &files, &mut || {}, &mut rename).unwrap_err();
        assert!(err.contains("injected"), "{err}");
        // The swaps were attempted (a, c, b) and undone.
        assert!(renames.contains(&out.join("a")) && renames.contains(&out.join("c")));
        // The last build, whole: `a` and `b` as they were, no `c`, nothing staged left.
        for app in ["a", "b"] {
            assert_eq!(
                fs::read_to_string(out.join(app).join("old.json")).unwrap(),
                "old"
            );
            assert!(!out.join(app).join("new.json").exists());
        }
        assert_eq!(names(out), [".fleetform.lock", "a", "b"]);
        // Without the failure, the same build lands whole.
        let removed = write_apps(out, &apps, &files, &mut || {}).unwrap();
        assert_eq!(removed, ["a/old.json", "b/old.json"]);
        for app in ["a", "b", "c"] {
            assert_eq!(
                fs::read_to_string(out.join(app).join("new.json")).unwrap(),
                "new"
            );
        }
        assert_eq!(names(out), [".fleetform.lock", "a", "b", "c"]);
    }

    #[test]
    fn a_failed_undo_says_where_the_last_build_is() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let (apps, files) = two_built_apps(out);
        let pid = std::process::id();
        let old_a = out.join(format!(".fleetform-old-a-{pid}"));
        let mut rename = |from: &Path, to: &Path| {
            // `b` cannot move in, and `a`'s last copy cannot move back.
            if (to == out.join("b") && from.ends_with(format!(".fleetform-tmp-b-{pid}")))
                || from == old_a
            {
                return Err(io::Error::other("injected"));
            }
            fs::rename(from, to)
        };
        let err = write_apps_with(out, &apps, &files, &mut || {}, &mut rename).unwrap_err();
        assert!(
            err.contains("could not restore") && err.contains(".fleetform-old-a-"),
            "{err}"
        );
        // Nothing is lost: the last build's `a` is where the message says.
        assert_eq!(fs::read_to_string(old_a.join("old.json")).unwrap(), "old");
        assert_eq!(fs::read_to_string(out.join("b/old.json")).unwrap(), "old");
    }

    #[test]
    fn never_replaces_a_directory_it_does_not_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let files = BTreeMap::from([("shop/manifest.json".to_owned(), "{}\n".to_owned())]);
        // Not fleetform's at all.
        fs::create_dir_all(out.join("shop")).unwrap();
        fs::write(out.join("shop/notes.txt"), "mine").unwrap();
        let err = write_apps(out, &["shop".to_owned()], &files, &mut || {}).unwrap_err();
        assert!(err.contains("not written by fleetform"), "{err}");
        // fleetform's, with a file of the user's beside the build.
        fs::write(out.join("shop/manifest.json"), r#"{"stacks": []}"#).unwrap();
        let err = write_apps(out, &["shop".to_owned()], &files, &mut || {}).unwrap_err();
        assert!(err.contains("`notes.txt`"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("shop/notes.txt")).unwrap(),
            "mine"
        );
    }
}
