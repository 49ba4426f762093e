//! A test target with `harness = false` (libtest-mimic: one test per fixture, page, app or
//! corpus file) runs only the trials its `main` builds: a `#[test]` in it, or in a file it
//! includes, would compile and never run. None has one.

use std::fs;
use std::path::{Path, PathBuf};

/// The names of the `[[test]]` targets of Cargo.toml with `harness = false`.
fn custom_harness_targets(manifest: &str) -> Vec<String> {
    manifest
        .split("[[")
        .filter_map(|table| table.strip_prefix("test]]"))
        .filter(|body| body.lines().any(|l| l.replace(' ', "") == "harness=false"))
        .filter_map(|body| {
            body.lines()
                .find_map(|l| l.trim().strip_prefix("name = "))
                .map(|n| n.trim_matches('"').to_owned())
        })
        .collect()
}

/// `file` and every file it pulls in: `#[path = "…"]` modules and `tests/common/`.
fn sources_of(file: &Path) -> Vec<PathBuf> {
    let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let dir = file.parent().expect("a directory");
    let mut files = vec![file.to_path_buf()];
    for line in text.lines() {
        if let Some(path) = line
            .trim()
            .strip_prefix("#[path = \"")
            .and_then(|rest| rest.strip_suffix("\"]"))
        {
            files.extend(sources_of(&dir.join(path)));
        }
        if line.trim() == "mod common;" {
            files.extend(sources_of(&dir.join("common/mod.rs")));
        }
        if let Some(module) = line
            .trim()
            .strip_prefix("pub mod ")
            .and_then(|m| m.strip_suffix(';'))
        {
            files.extend(sources_of(&dir.join(format!("{module}.rs"))));
        }
    }
    files
}

#[test]
fn custom_harness_targets_have_no_test_attribute() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let targets = custom_harness_targets(&fs::read_to_string(root.join("Cargo.toml")).unwrap());
    assert!(
        targets.len() >= 5,
        "only {targets:?} have harness = false: is the scan broken?"
    );
    for target in targets {
        for file in sources_of(&root.join("tests").join(format!("{target}.rs"))) {
            let text = fs::read_to_string(&file).unwrap();
            assert!(
                !text.contains("#[test]"),
                "{} (in the `{target}` target, harness = false) has a #[test], which never runs: \
                 make it a Trial in the target's main",
                file.display()
            );
        }
    }
}

#[test]
fn the_scan_finds_a_test_attribute_and_included_files() {
    let manifest = "[[test]]\nname = \"a\"\nharness = false\n\n[[test]]\nname = \"b\"\n\n\
                    [[bench]]\nname = \"c\"\nharness = false\n";
    assert_eq!(custom_harness_targets(manifest), ["a"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // hostile.rs includes its trees and the shared corpus, and has tests of its own.
    let files = sources_of(&root.join("tests/hostile.rs"));
    assert!(
        files.iter().any(|f| f.ends_with("hostile/corpus.rs")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("hostile/trees.rs")),
        "{files:?}"
    );
    assert!(fs::read_to_string(&files[0]).unwrap().contains("#[test]"));
}
