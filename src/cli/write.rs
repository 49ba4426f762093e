//! Writing build output: each app's directory is replaced as a whole, or not at all, and no
//! file the build did not write is ever removed.
//!
//! Builds into one output directory take turns (an advisory lock on `.fleetform.lock`, held
//! from before the old manifests are read until the last old copy is removed), so two CI jobs
//! cannot interleave their files; a build that finds the lock taken says so and waits. A build
//! replaces only directories it owns: an existing `{app}/` must hold a fleetform
//! `manifest.json` and nothing but the regular files that manifest lists (its `stacks`'
//! templates and configurations, its `stacksets`' templates), so a user's own files are never
//! deleted; stale stacks (in the old manifest, not the new) go, and are reported. Neither
//! `{app}/` nor the lock file may be a symbolic link.
//!
//! Every app is first written to `.{app}.fleetform-staging` inside the output directory (same
//! file system, so renames are atomic; a file whose bytes the last build already wrote is
//! hard-linked from its copy instead of written again, see [`reuse`]), then swapped in:
//! `out/{app}` → `.{app}.fleetform-old`, staging → `out/{app}`. A failure while staging removes the staging directories and leaves
//! the output directory as it was; a failure while swapping swaps the apps already done back
//! (renames again), so a multi-app build lands whole or not at all. Only a failure of one of
//! those undo renames (the file system refusing a rename it just did) can leave a mix, and the
//! error then says where the last build's copy is.
//!
//! Once every app is in, each old copy is checked again, because something (an editor, another
//! tool) may have written into `out/{app}` since it was first checked: a file there that the
//! last build did not write fails the build as if it had been there from the start, and every
//! app is swapped back. Otherwise the old copies are removed file by file, only the files the
//! last build wrote (see [`owned`]); anything that still appears is kept, and the build fails
//! naming it. A build that was killed leaves its staging and old copies under those fixed
//! names, and the next one recovers them first (see [`recover`]).

mod lock;
mod owned;
mod recover;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use owned::Paths;

/// What a build tells its user while it writes, besides what it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note<'a> {
    /// Another build holds the output directory; this one waits for it.
    Waiting,
    /// What an interrupted build left was recovered (one sentence saying what).
    Recovered(&'a str),
}

/// Writes the files of `apps` (paths relative to `out`, each under `{app}/`) into `out`;
/// returns the files of earlier builds that this one removed (stale stacks), relative to `out`.
pub fn write_apps(
    out: &Path,
    apps: &[String],
    files: &BTreeMap<String, String>,
    say: &mut dyn FnMut(Note),
) -> Result<Vec<String>, String> {
    write_apps_with(
        out,
        apps,
        files,
        say,
        &mut |from, to| fs::rename(from, to),
        &mut |_| {},
    )
}

/// A rename, as a parameter so that tests can make one fail.
type Rename<'a> = dyn FnMut(&Path, &Path) -> io::Result<()> + 'a;

/// Points in a build where tests act as another program writing into the output would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The existing app directories are checked; nothing is written yet.
    Checked,
    /// Every app is swapped in and the old copies are checked again; none is removed yet.
    Verified,
}

fn write_apps_with(
    out: &Path,
    apps: &[String],
    files: &BTreeMap<String, String>,
    say: &mut dyn FnMut(Note),
    rename: &mut Rename,
    step: &mut dyn FnMut(Step),
) -> Result<Vec<String>, String> {
    fs::create_dir_all(out).map_err(|e| format!("cannot create `{}`: {e}", out.display()))?;
    let lock = lock::open(out)?;
    // Held until this function returns (dropping the file releases it).
    match lock.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            say(Note::Waiting);
            lock.lock()
                .map_err(|e| format!("cannot lock `{}`: {e}", out.display()))?;
        }
        Err(fs::TryLockError::Error(e)) => {
            return Err(format!("cannot lock `{}`: {e}", out.display()));
        }
    }
    let mut removed = Vec::new();
    // Every link is refused before anything is recovered or written.
    for app in apps {
        recover::refuse_links(out, app)?;
    }
    for app in apps {
        recover::recover(out, app, &mut |note| say(Note::Recovered(note)))?;
    }
    // The files of each app's last build: exactly what may be removed later.
    let mut previous: Vec<Paths> = Vec::with_capacity(apps.len());
    for app in apps {
        let dir = out.join(app);
        let present = if fs::symlink_metadata(&dir).is_ok() {
            owned::present(&dir).map_err(|e| format!("`{}`: {e}", dir.display()))?
        } else {
            Paths::new()
        };
        let prefix = format!("{app}/");
        removed.extend(
            present
                .iter()
                .map(|f| format!("{prefix}{f}"))
                .filter(|f| !files.contains_key(f)),
        );
        previous.push(present);
    }
    step(Step::Checked);
    let staged = stage_all(out, apps, files, &previous)?;
    // Swap every app in; on the first failure, swap the earlier ones back, so the output
    // directory holds this build or the last one, never a mix.
    let mut swapped: Vec<(&str, &Path, Option<PathBuf>)> = Vec::new();
    for (app, stage) in &staged {
        match swap(out, app, stage, rename) {
            Ok(old) => swapped.push((app, stage, old)),
            Err(e) => {
                let message = format!("cannot replace `{}`: {e}", out.join(app).display());
                return Err(undo(out, &swapped, &staged, files, rename, message));
            }
        }
    }
    // Anything written into `out/{app}` since the check is now in its old copy.
    for ((app, _, old), owned) in swapped.iter().zip(&previous) {
        let Some(old) = old else { continue };
        let problem = match owned::unknown(old, owned) {
            Ok(unknown) => unknown.first().map(|first| {
                format!(
                    "`{}` holds {} file(s) the last build did not write (`{first}` …), written while this build ran; nothing was changed: fleetform replaces this directory as a whole, so move them away first",
                    out.join(app).display(),
                    unknown.len()
                )
            }),
            Err(e) => Some(format!("cannot list `{}`: {e}", old.display())),
        };
        if let Some(message) = problem {
            return Err(undo(out, &swapped, &staged, files, rename, message));
        }
    }
    step(Step::Verified);
    let mut kept = Vec::new();
    for ((_, _, old), owned) in swapped.iter().zip(&previous) {
        if let Some(old) = old {
            kept.extend(
                owned::remove(old, owned)
                    .into_iter()
                    .map(|f| old.join(f).display().to_string()),
            );
        }
    }
    if let Some(first) = kept.first() {
        return Err(format!(
            "wrote the build, but kept {} file(s) that appeared in the last build's copy while it was removed (`{first}` …); fleetform did not write them: move them away before the next build",
            kept.len()
        ));
    }
    removed.sort();
    Ok(removed)
}

/// Stages every app (see [`stage_app`]), `previous` holding the files of each app's last
/// build; on a failure, removes what it staged.
fn stage_all(
    out: &Path,
    apps: &[String],
    files: &BTreeMap<String, String>,
    previous: &[Paths],
) -> Result<Vec<(String, PathBuf)>, String> {
    let mut staged: Vec<(String, PathBuf)> = Vec::new();
    for (app, previous) in apps.iter().zip(previous) {
        let stage = recover::staging(out, app);
        // Recovery removed any earlier one: a staging directory that exists now is not ours
        // to write into or remove from.
        let result = fs::create_dir(&stage).map(|()| {
            staged.push((app.clone(), stage.clone()));
        });
        let current = out.join(app);
        if let Err(e) = result.and_then(|()| stage_app(&stage, app, files, &current, previous)) {
            let mut message = format!("cannot write into `{}`: {e}", out.display());
            remove_stages(&staged, files, &mut message);
            return Err(message);
        }
    }
    Ok(staged)
}

/// Swaps the apps in `swapped` back, removes the staging directories, and returns `message`
/// with whatever could not be undone.
fn undo(
    out: &Path,
    swapped: &[(&str, &Path, Option<PathBuf>)],
    staged: &[(String, PathBuf)],
    files: &BTreeMap<String, String>,
    rename: &mut Rename,
    mut message: String,
) -> String {
    for (app, stage, old) in swapped.iter().rev() {
        if let Err(problem) = unswap(out, app, stage, old.as_deref(), rename) {
            let _ = write!(message, "; and {problem}");
        }
    }
    remove_stages(staged, files, &mut message);
    message
}

/// Removes staging directories, only the files this build wrote into them.
fn remove_stages(
    staged: &[(String, PathBuf)],
    files: &BTreeMap<String, String>,
    message: &mut String,
) {
    for (app, stage) in staged {
        let ours: Paths = app_files(app, files)
            .map(|(rel, _)| rel.to_owned())
            .collect();
        if let Some(first) = owned::remove(stage, &ours).first() {
            let _ = write!(
                message,
                "; and kept `{}` in `{}` (fleetform did not write it)",
                first,
                stage.display()
            );
        }
    }
}

/// The files of `app` in `files`, relative to its directory, with their text.
fn app_files<'a>(
    app: &str,
    files: &'a BTreeMap<String, String>,
) -> impl Iterator<Item = (&'a str, &'a String)> {
    let prefix = format!("{app}/");
    files
        .range(prefix.clone()..)
        .take_while(move |(p, _)| p.starts_with(&prefix))
        .map(move |(path, text)| (&path[app.len() + 1..], text))
}

/// Writes the files of `app` into `stage`, a new, empty directory: the manifest first, so that
/// a staging directory an interrupted build leaves holds only files its manifest lists (or only
/// a half-written manifest). A file whose bytes are those of the last build's copy in `current`
/// (one of `previous`, its regular files) is linked rather than written (see [`reuse`]).
fn stage_app(
    stage: &Path,
    app: &str,
    files: &BTreeMap<String, String>,
    current: &Path,
    previous: &Paths,
) -> io::Result<()> {
    let mut mine: Vec<(&str, PathBuf, &String)> = Vec::new();
    for (rel, text) in app_files(app, files) {
        if rel == "manifest.json" {
            fs::write(stage.join(rel), text)?;
        } else {
            mine.push((rel, stage.join(rel), text));
        }
    }
    // Each directory once, then the files: thousands of them in a large app, so they are
    // written from a few threads (each file is whole before the stage is renamed into place).
    // A thread takes whole directories: creating files in one directory takes that directory's
    // lock, so two threads writing into the same one mostly wait for each other (on ext4, spin
    // on it: 1000 services × 2 × 3 spent 1–2.5 s of system time on it, ~0.3 s without).
    // Grouped by the directory part of the relative path, a string: comparing `Path`s goes
    // component by component, a percent of a large build.
    let mut by_dir: BTreeMap<&str, Vec<&(&str, PathBuf, &String)>> = BTreeMap::new();
    for file in &mine {
        let dir = file.0.rsplit_once('/').map_or("", |(dir, _)| dir);
        by_dir.entry(dir).or_default().push(file);
    }
    for dir in by_dir.keys() {
        fs::create_dir_all(stage.join(dir))?;
    }
    let groups: Vec<&Vec<&(&str, PathBuf, &String)>> = by_dir.values().collect();
    fleetform::parallel::map(&groups, 1, |files| {
        files.iter().try_for_each(|(rel, path, text)| {
            if previous.contains(*rel) && reuse(&current.join(rel), path, text) {
                Ok(())
            } else {
                fs::write(path, text)
            }
        })
    })
    .into_iter()
    .collect()
}

/// Puts the last build's copy `old` of a file at `new` (in the stage) as a hard link, when its
/// bytes are `text`; returns whether it did. Most of a rebuild's files are unchanged, and
/// creating a file is what costs (the kernel allocating an inode, most of a large build's time
/// on ext4), while a link allocates none, and an unchanged file keeps its modification time.
/// The link is made without following a symbolic link at `old`, and its bytes are compared
/// through the staged name, which only this build writes: whatever `old` turned into meanwhile,
/// the stage holds a regular file with exactly `text` or nothing. The old name goes with the
/// old copy (see [`owned::remove`]), which unlinks names and never writes into a file.
fn reuse(old: &Path, new: &Path, text: &str) -> bool {
    let same_size =
        fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == text.len() as u64);
    if !same_size || fs::hard_link(old, new).is_err() {
        return false;
    }
    let same = fs::symlink_metadata(new).is_ok_and(|m| m.is_file())
        && fs::read(new).is_ok_and(|bytes| bytes == text.as_bytes());
    if !same {
        let _ = fs::remove_file(new);
    }
    same
}

/// Moves `out/{app}` (if any) aside and `stage` into its place; returns where the previous copy
/// went. On failure, `out/{app}` is as it was.
fn swap(out: &Path, app: &str, stage: &Path, rename: &mut Rename) -> io::Result<Option<PathBuf>> {
    let target = out.join(app);
    let old = recover::old_copy(out, app);
    // Recovery removed any earlier one; a rename would replace an empty directory silently.
    if fs::symlink_metadata(&old).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("`{}` is in the way", old.display()),
        ));
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
mod tests;
