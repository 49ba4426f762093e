//! The example blueprints (`blueprints/` and `examples/`) built together must match the
//! checked-in output in `snapshots/`, byte for byte. `FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test
//! --test snapshots` rewrites `snapshots/` after an intended change; review it with `git diff`.
//! Also: the build is deterministic, and YAML output holds the same values as JSON output.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::root;

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use fleetform::{Build, Format, Options};

/// Every `*.yaml`/`*.yml` under `dir`, sorted; includes all point inside these trees, so
/// following them would add nothing.
fn yaml_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            yaml_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
}

fn sources() -> SourceMap {
    let mut files = Vec::new();
    for dir in ["blueprints", "examples"] {
        yaml_files(&root().join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() >= 10, "the examples are found: {files:?}");
    let mut map = SourceMap::default();
    for path in files {
        let name = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        map.add(SourceFile {
            name,
            text: fs::read_to_string(&path).unwrap(),
        });
    }
    map
}

fn build(format: Format) -> Build {
    let sources = sources();
    match fleetform::compile(
        &sources,
        &Options {
            format,
            ..Options::default()
        },
    ) {
        Ok(build) => {
            assert!(
                build.warnings.is_empty(),
                "examples have warnings:\n{}",
                render_short(&build.warnings, &sources)
            );
            build
        }
        Err(diags) => panic!(
            "examples do not compile:\n{}",
            render_short(&diags, &sources)
        ),
    }
}

fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn snapshots_are_up_to_date() {
    let build = build(Format::Json);
    assert_eq!(
        build
            .apps
            .iter()
            .map(String::as_str)
            .collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "atlas", "batch", "bazaar", "grocery", "hello", "lantern", "ledger", "media", "mesh",
            "orbit", "prism", "relay"
        ]),
        "every example app is built"
    );
    let dir = root().join("snapshots");
    if std::env::var_os("FLEETFORM_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        if dir.exists() {
            fs::remove_dir_all(&dir).unwrap();
        }
        for (rel, text) in &build.files {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        return;
    }
    let stored = read_tree(&dir);
    let mut problems = Vec::new();
    for (rel, text) in &build.files {
        match stored.get(rel) {
            None => problems.push(format!("missing: snapshots/{rel}")),
            Some(old) if old != text => problems.push(format!("stale:   snapshots/{rel}")),
            Some(_) => {}
        }
    }
    for rel in stored.keys().filter(|rel| !build.files.contains_key(*rel)) {
        problems.push(format!("extra:   snapshots/{rel}"));
    }
    assert!(
        problems.is_empty(),
        "snapshots/ does not match the build ({} problems):\n{}\n\nif the change is intended: \
         FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test snapshots, then review `git diff snapshots/`",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn builds_are_deterministic() {
    let first = build(Format::Json);
    let second = build(Format::Json);
    assert!(!first.files.is_empty(), "the examples produce files");
    assert_eq!(first.files, second.files);
    assert_eq!(build(Format::Yaml).files, build(Format::Yaml).files);
}

#[test]
fn yaml_and_json_builds_hold_the_same_values() {
    let json = build(Format::Json);
    let yaml = build(Format::Yaml);
    assert_eq!(json.apps, yaml.apps);
    let mut templates = 0;
    for (rel, text) in &json.files {
        if let Some(stem) = rel
            .strip_suffix(".json")
            .filter(|s| !s.ends_with(".config") && !rel.ends_with("manifest.json"))
        {
            let yaml_rel = format!("{stem}.yaml");
            let yaml_text = yaml
                .files
                .get(&yaml_rel)
                .unwrap_or_else(|| panic!("no {yaml_rel} in the YAML build"));
            let from_json: serde_json::Value = serde_json::from_str(text).unwrap();
            let from_yaml: serde_json::Value = serde_saphyr::from_str(yaml_text)
                .unwrap_or_else(|e| panic!("{yaml_rel} does not parse: {e}"));
            assert_eq!(from_json, from_yaml, "{rel} and {yaml_rel} differ");
            templates += 1;
        } else if !rel.ends_with("manifest.json") {
            assert_eq!(
                Some(text),
                yaml.files.get(rel),
                "{rel} depends on the template format"
            );
        }
    }
    assert!(templates > 0, "templates were compared");
    assert_eq!(json.files.len(), yaml.files.len());
}
