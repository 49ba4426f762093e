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
    let removed = write_apps(out, &["shop".to_owned()], &files, &mut || {})
        .unwrap()
        .removed;
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
        if to == target && from.ends_with(".b.fleetform-staging") {
            return Err(io::Error::other("injected"));
        }
        fs::rename(from, to)
    };
    let err =
        write_apps_with(out, &apps, &files, &mut || {}, &mut rename, &mut |_| {}).unwrap_err();
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
    let removed = write_apps(out, &apps, &files, &mut || {}).unwrap().removed;
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
        write_apps_with(out, &apps, &files, &mut || {}, &mut rename, &mut |_| {}).unwrap_err();
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
