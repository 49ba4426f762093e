//! Writing build output against hostile and racing file trees.

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
    let removed = write_apps(out, &["shop".to_owned()], &files, &mut |_| {}).unwrap();
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
                    r#"{"stacks": [{"template": "new.json"}]}"#.to_owned(),
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
        if to == target && from.ends_with(".b.fleetform-staging") {
            return Err(io::Error::other("injected"));
        }
        fs::rename(from, to)
    };
    let err =
        write_apps_with(out, &apps, &files, &mut |_| {}, &mut rename, &mut |_| {}).unwrap_err();
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
    let removed = write_apps(out, &apps, &files, &mut |_| {}).unwrap();
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
    let old_a = out.join(".a.fleetform-old");
    let mut rename = |from: &Path, to: &Path| {
        // `b` cannot move in, and `a`'s last copy cannot move back.
        if (to == out.join("b") && from.ends_with(".b.fleetform-staging")) || from == old_a {
            return Err(io::Error::other("injected"));
        }
        fs::rename(from, to)
    };
    let err =
        write_apps_with(out, &apps, &files, &mut |_| {}, &mut rename, &mut |_| {}).unwrap_err();
    assert!(
        err.contains("could not restore") && err.contains(".a.fleetform-old"),
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
    let err = write_apps(out, &["shop".to_owned()], &files, &mut |_| {}).unwrap_err();
    assert!(err.contains("not written by fleetform"), "{err}");
    // fleetform's, with a file of the user's beside the build.
    fs::write(out.join("shop/manifest.json"), r#"{"stacks": []}"#).unwrap();
    let err = write_apps(out, &["shop".to_owned()], &files, &mut |_| {}).unwrap_err();
    assert!(err.contains("`notes.txt`"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("shop/notes.txt")).unwrap(),
        "mine"
    );
}

/// The last build's `a` and `b` as [`two_built_apps`] wrote them, with no trace of this one.
fn assert_last_build_whole(out: &Path) {
    for app in ["a", "b"] {
        assert_eq!(
            fs::read_to_string(out.join(app).join("old.json")).unwrap(),
            "old"
        );
        assert!(!out.join(app).join("new.json").exists());
    }
    assert!(!out.join("c").exists());
}

/// A build during which `step` acts as another program would.
fn racing(
    out: &Path,
    apps: &[String],
    files: &BTreeMap<String, String>,
    step: &mut dyn FnMut(Step),
) -> Result<Vec<String>, String> {
    write_apps_with(
        out,
        apps,
        files,
        &mut |_| {},
        &mut |from, to| fs::rename(from, to),
        step,
    )
}

#[test]
fn a_file_written_into_an_app_while_it_builds_fails_the_build_and_stays() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let (apps, files) = two_built_apps(out);
    // After the check, before anything moves, another program writes into `b`.
    let mut step = |step: Step| {
        if step == Step::Checked {
            fs::write(out.join("b/notes.txt"), "mine").unwrap();
        }
    };
    let err = racing(out, &apps, &files, &mut step).unwrap_err();
    assert!(
        err.contains("`notes.txt`") && err.contains("written while this build ran"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(out.join("b/notes.txt")).unwrap(), "mine");
    // Every app is swapped back, as if the file had been there from the start.
    assert_last_build_whole(out);
    assert_eq!(names(out), [".fleetform.lock", "a", "b"]);
    // Moved away, the next build goes through.
    fs::remove_file(out.join("b/notes.txt")).unwrap();
    write_apps(out, &apps, &files, &mut |_| {}).unwrap();
    assert_eq!(names(out), [".fleetform.lock", "a", "b", "c"]);
}

#[test]
fn a_file_that_appears_in_an_old_copy_while_it_is_removed_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let (apps, files) = two_built_apps(out);
    // Written through a handle on the old directory (a shell whose working directory it is).
    let kept = out.join(".b.fleetform-old/sub/notes.txt");
    let mut step = |step: Step| {
        if step == Step::Verified {
            fs::create_dir_all(kept.parent().unwrap()).unwrap();
            fs::write(&kept, "mine").unwrap();
        }
    };
    let err = racing(out, &apps, &files, &mut step).unwrap_err();
    assert!(
        err.contains("kept 1 file(s)") && err.contains(&kept.display().to_string()),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&kept).unwrap(), "mine");
    // The build itself landed; only what the last build wrote is gone.
    for app in ["a", "b", "c"] {
        assert!(out.join(app).join("new.json").is_file());
    }
    assert!(!out.join(".b.fleetform-old/old.json").exists());
    assert!(!out.join(".a.fleetform-old").exists());
    // The next build refuses to touch it until it is moved away.
    let err = write_apps(out, &apps, &files, &mut |_| {}).unwrap_err();
    assert!(err.contains("sub/notes.txt"), "{err}");
    assert_eq!(fs::read_to_string(&kept).unwrap(), "mine");
}

#[test]
fn leftovers_of_an_interrupted_build_are_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let (apps, files) = two_built_apps(out);
    // Killed between its two renames of `a`: `out/a` is missing, its last copy aside, the new
    // one staged (half written: a manifest listing a file not yet there).
    fs::rename(out.join("a"), out.join(".a.fleetform-old")).unwrap();
    fs::create_dir_all(out.join(".a.fleetform-staging/x")).unwrap();
    fs::write(
        out.join(".a.fleetform-staging/manifest.json"),
        r#"{"stacks": [{"template": "x/t.json", "configuration": "x/t.config.json"}]}"#,
    )
    .unwrap();
    fs::write(out.join(".a.fleetform-staging/x/t.json"), "{}").unwrap();
    // And one with only a half-written manifest for `b`.
    fs::create_dir_all(out.join(".b.fleetform-staging")).unwrap();
    fs::write(out.join(".b.fleetform-staging/manifest.json"), "{\"st").unwrap();
    let mut notes = Vec::new();
    let mut say = |note: Note| {
        if let Note::Recovered(what) = note {
            notes.push(what.to_owned());
        }
    };
    let removed = write_apps(out, &apps, &files, &mut say).unwrap();
    let recovered = notes.join("\n");
    assert!(recovered.contains("restored"), "{recovered}");
    assert!(recovered.contains(".a.fleetform-staging"), "{recovered}");
    assert!(recovered.contains(".b.fleetform-staging"), "{recovered}");
    // The restored copy was the last build: its stale stack is reported as for any build.
    assert_eq!(removed, ["a/old.json", "b/old.json"]);
    assert_eq!(names(out), [".fleetform.lock", "a", "b", "c"]);
    // Killed while removing an old copy: the rest of it goes with the next build.
    fs::create_dir_all(out.join(".b.fleetform-old")).unwrap();
    fs::write(
        out.join(".b.fleetform-old/manifest.json"),
        r#"{"stacks": [{"template": "new.json"}]}"#,
    )
    .unwrap();
    fs::write(out.join(".b.fleetform-old/new.json"), "new").unwrap();
    notes.clear();
    let mut say = |note: Note| {
        if let Note::Recovered(what) = note {
            notes.push(what.to_owned());
        }
    };
    write_apps(out, &apps, &files, &mut say).unwrap();
    assert_eq!(
        notes,
        [format!(
            "removed {} (left by an interrupted build)",
            out.join(".b.fleetform-old").display()
        )]
    );
    assert_eq!(names(out), [".fleetform.lock", "a", "b", "c"]);
}

#[test]
fn a_leftover_holding_a_foreign_file_stops_the_build_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let (apps, files) = two_built_apps(out);
    fs::create_dir_all(out.join(".a.fleetform-staging")).unwrap();
    fs::write(out.join(".a.fleetform-staging/notes.txt"), "mine").unwrap();
    let err = write_apps(out, &apps, &files, &mut |_| {}).unwrap_err();
    assert!(err.contains("`notes.txt`"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join(".a.fleetform-staging/notes.txt")).unwrap(),
        "mine"
    );
    assert_last_build_whole(out);
}

#[cfg(unix)]
#[test]
fn a_linked_app_directory_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (apps, files) = two_built_apps(dir.path());
    fs::create_dir(&out).unwrap();
    // `out/a` points at a directory fleetform wrote elsewhere; `out/b` is a real one.
    std::os::unix::fs::symlink(dir.path().join("a"), out.join("a")).unwrap();
    fs::rename(dir.path().join("b"), out.join("b")).unwrap();
    let err = write_apps(&out, &apps, &files, &mut |_| {}).unwrap_err();
    assert!(err.contains("is a symbolic link"), "{err}");
    assert!(
        fs::symlink_metadata(out.join("a"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a/old.json")).unwrap(),
        "old"
    );
    assert_eq!(fs::read_to_string(out.join("b/old.json")).unwrap(), "old");
    assert_eq!(names(&out), [".fleetform.lock", "a", "b"]);
}

#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let apps = vec!["shop".to_owned()];
    let manifest = r#"{"stacks": [{"template": "t/same.json"}, {"template": "t/edited.json"}, {"template": "t/grown.json"}]}"#;
    let mut files = BTreeMap::from([
        ("shop/manifest.json".to_owned(), manifest.to_owned()),
        ("shop/t/same.json".to_owned(), "same".to_owned()),
        ("shop/t/edited.json".to_owned(), "old1".to_owned()),
        ("shop/t/grown.json".to_owned(), "old".to_owned()),
    ]);
    write_apps(out, &apps, &files, &mut |_| {}).unwrap();
    let inode = |rel: &str| fs::metadata(out.join("shop").join(rel)).unwrap().ino();
    let before = ["t/same.json", "t/edited.json", "t/grown.json"].map(inode);
    // Same length, other bytes: only a comparison of the bytes tells it apart.
    files.insert("shop/t/edited.json".to_owned(), "new1".to_owned());
    files.insert("shop/t/grown.json".to_owned(), "longer".to_owned());
    write_apps(out, &apps, &files, &mut |_| {}).unwrap();
    let after = ["t/same.json", "t/edited.json", "t/grown.json"].map(inode);
    assert_eq!(after[0], before[0], "an unchanged file is the last build's");
    assert_ne!(after[1], before[1]);
    assert_ne!(after[2], before[2]);
    for (rel, text) in [("same", "same"), ("edited", "new1"), ("grown", "longer")] {
        let path = out.join(format!("shop/t/{rel}.json"));
        assert_eq!(fs::read_to_string(&path).unwrap(), text);
        assert_eq!(
            fs::metadata(&path).unwrap().nlink(),
            1,
            "the old copy is gone"
        );
    }
    assert_eq!(names(out), [".fleetform.lock", "shop"]);
}

#[cfg(unix)]
#[test]
fn a_failed_swap_keeps_the_last_build_whole_after_linking() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let (apps, files) = two_built_apps(out);
    write_apps(out, &apps, &files, &mut |_| {}).unwrap();
    // The second build links every file of `a` and `b`, then fails swapping `b` in.
    let mut changed = files.clone();
    changed.insert("c/new.json".to_owned(), "newer".to_owned());
    let mut renames = 0;
    let err = write_apps_with(
        out,
        &apps,
        &changed,
        &mut |_| {},
        &mut |from, to| {
            renames += 1;
            if renames == 4 {
                Err(io::Error::other("refused"))
            } else {
                fs::rename(from, to)
            }
        },
        &mut |_| {},
    )
    .unwrap_err();
    assert!(err.contains("refused"), "{err}");
    assert_eq!(names(out), [".fleetform.lock", "a", "b", "c"]);
    for app in ["a", "b", "c"] {
        let path = out.join(format!("{app}/new.json"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        // The staged link is gone with the stage.
        assert_eq!(
            std::os::unix::fs::MetadataExt::nlink(&fs::metadata(&path).unwrap()),
            1
        );
    }
}
