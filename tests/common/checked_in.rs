//! The one check-or-update helper, for generated files that are checked in where users read
//! them (`snapshots/`, `docs/reference.md`, `docs/diagnostics.md`, the README's picture) and so
//! cannot be insta snapshots, whose files carry a header. Every other golden is an insta
//! snapshot under `tests/snapshots/` or `tests/fixtures/snapshots/`.
//!
//! A test compares; with `FLEETFORM_UPDATE_SNAPSHOTS=1` it writes the generated text instead
//! (review the result with `git diff`).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::root;

/// Whether this run rewrites the checked-in files instead of comparing them.
pub fn updating() -> bool {
    std::env::var_os("FLEETFORM_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1")
}

/// The checked-in file `rel` (from the repository root) holds `generated`, or is rewritten to
/// when updating. `test` names the test target that rewrites it, for the message.
pub fn assert_file(rel: &str, generated: &str, test: &str) {
    let path = root().join(rel);
    if updating() {
        fs::create_dir_all(path.parent().expect("a file in a directory")).unwrap();
        fs::write(&path, generated).unwrap();
        return;
    }
    let stored = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == generated,
        "{rel} is stale; FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test {test} rewrites it\n{}",
        similar::TextDiff::from_lines(&stored, generated)
            .unified_diff()
            .header(rel, "generated")
    );
}

/// The checked-in directory `rel` holds exactly `files` (by path relative to it), or is
/// replaced by them when updating.
pub fn assert_tree(rel: &str, files: &BTreeMap<String, String>, test: &str) {
    let dir = root().join(rel);
    if updating() {
        if dir.exists() {
            fs::remove_dir_all(&dir).unwrap();
        }
        for (file, text) in files {
            let path = dir.join(file);
            fs::create_dir_all(path.parent().expect("a file in a directory")).unwrap();
            fs::write(path, text).unwrap();
        }
        return;
    }
    let stored = read_tree(&dir);
    let mut problems = Vec::new();
    for (file, text) in files {
        match stored.get(file) {
            None => problems.push(format!("missing: {rel}/{file}")),
            Some(old) if old != text => problems.push(format!("stale:   {rel}/{file}")),
            Some(_) => {}
        }
    }
    for file in stored.keys().filter(|f| !files.contains_key(*f)) {
        problems.push(format!("extra:   {rel}/{file}"));
    }
    assert!(
        problems.is_empty(),
        "{rel}/ does not match the build ({} problems):\n{}\n\nif the change is intended: \
         FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test {test}, then review `git diff {rel}/`",
        problems.len(),
        problems.join("\n")
    );
}

/// Every file under `dir` (none if it does not exist) by its `/`-separated relative path.
fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    if !dir.exists() {
        return BTreeMap::new();
    }
    super::tree(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let rel = path.to_string_lossy().replace('\\', "/");
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| panic!("{}/{rel} is not UTF-8: {e}", dir.display()));
            (rel, text)
        })
        .collect()
}
