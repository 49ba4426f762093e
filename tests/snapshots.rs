//! The example blueprints (`blueprints/` and `examples/`) built together must match the
//! checked-in output in `snapshots/`, byte for byte: one test per app directory
//! (`snapshots/NAME/`, libtest-mimic, `harness = false`), so a failure names the app.
//! `FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test snapshots` rewrites `snapshots/` after an
//! intended change; review it with `git diff`. Also: the build is deterministic, and YAML
//! output (from the library and from `fleetform build --format yaml`) reads back, with
//! serde-saphyr, as the same values as the JSON output.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use libtest_mimic::{Arguments, Failed, Trial};

mod common;

use common::{checked_in, root};

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use fleetform::{Build, Format, Options};

/// The example apps; a new example is added here and its snapshots written by
/// `FLEETFORM_UPDATE_SNAPSHOTS=1 cargo test --test snapshots`.
const APPS: &[&str] = &[
    "atlas", "backlog", "batch", "bazaar", "gate", "grocery", "hatch", "hello", "lantern",
    "ledger", "many-lbs", "media", "mesh", "beacon", "orbit", "prism", "relay", "storage",
    "tollgate",
];

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

/// The JSON build, made once for every test that reads it.
fn json_build() -> &'static Build {
    static BUILD: OnceLock<Build> = OnceLock::new();
    BUILD.get_or_init(|| build(Format::Json))
}

/// `snapshots/{app}/` holds exactly the build's files of `app`.
fn app_is_current(app: &str) {
    let prefix = format!("{app}/");
    let files: BTreeMap<String, String> = json_build()
        .files
        .iter()
        .filter_map(|(rel, text)| Some((rel.strip_prefix(&prefix)?.to_owned(), text.clone())))
        .collect();
    checked_in::assert_tree(&format!("snapshots/{app}"), &files, "snapshots");
}

fn every_example_app_is_built() -> Result<(), Failed> {
    let built: BTreeSet<&str> = json_build().apps.iter().map(String::as_str).collect();
    let listed: BTreeSet<&str> = APPS.iter().copied().collect();
    if built != listed {
        return Err(format!("built {built:?}, listed in APPS {listed:?}").into());
    }
    // Every output file is in some app's directory, so the tests per app see all of them.
    if let Some(rel) = json_build()
        .files
        .keys()
        .find(|rel| !APPS.iter().any(|app| rel.starts_with(&format!("{app}/"))))
    {
        return Err(format!("{rel} is in no app's directory").into());
    }
    Ok(())
}

fn builds_are_deterministic() {
    let first = json_build();
    let second = build(Format::Json);
    assert!(!first.files.is_empty(), "the examples produce files");
    assert_eq!(first.files, second.files);
    assert_eq!(build(Format::Yaml).files, build(Format::Yaml).files);
}

/// `rel` of a YAML build is a template read back as `json_rel` of the JSON build; `None` for a
/// file that does not depend on the template format.
fn json_counterpart(rel: &str) -> Option<String> {
    rel.strip_suffix(".yaml").map(|stem| format!("{stem}.json"))
}

/// `text` with every quoted path ending in `.yaml` ending in `.json`: a manifest names its
/// templates, whose extension is the format's (and its blueprint sources, mapped alike on both
/// sides).
fn extensions_as_json(text: &str) -> String {
    text.replace(".yaml\"", ".json\"")
}

/// Every file of a YAML build (`yaml`, by path) against the JSON build: each `.yaml` file
/// parses with serde-saphyr to the value of the `.json` file at its place, and every other file
/// is byte for byte the same but for the extensions of the templates it names. Returns how many templates were read back.
fn yaml_reads_back_as_json(yaml: &BTreeMap<String, String>) -> Result<usize, String> {
    let json = &json_build().files;
    let mut templates = 0;
    let mut problems = Vec::new();
    for (rel, text) in yaml {
        if let Some(json_rel) = json_counterpart(rel) {
            let Some(json_text) = json.get(&json_rel) else {
                problems.push(format!("{rel}: no {json_rel} in the JSON build"));
                continue;
            };
            let from_json: serde_json::Value = serde_json::from_str(json_text).unwrap();
            match serde_saphyr::from_str::<serde_json::Value>(text) {
                Ok(from_yaml) if from_yaml == from_json => templates += 1,
                Ok(_) => problems.push(format!("{rel} and {json_rel} hold different values")),
                Err(e) => problems.push(format!("{rel} does not parse: {e}")),
            }
        } else if json.get(rel).map(|t| extensions_as_json(t)) != Some(extensions_as_json(text)) {
            problems.push(format!("{rel} depends on the template format"));
        }
    }
    let yaml_names: BTreeSet<String> = yaml
        .keys()
        .map(|rel| json_counterpart(rel).unwrap_or_else(|| rel.clone()))
        .collect();
    for rel in json.keys().filter(|rel| !yaml_names.contains(*rel)) {
        problems.push(format!("{rel} has no counterpart in the YAML build"));
    }
    if templates == 0 {
        problems.push("no template was read back".to_owned());
    }
    if problems.is_empty() {
        Ok(templates)
    } else {
        Err(problems.join("\n"))
    }
}

fn yaml_and_json_builds_hold_the_same_values() -> Result<(), Failed> {
    let yaml = build(Format::Yaml);
    assert_eq!(json_build().apps, yaml.apps);
    yaml_reads_back_as_json(&yaml.files)?;
    Ok(())
}

/// `fleetform build --format yaml` writes what the library builds: every file it writes reads
/// back as the JSON build (the lock file aside).
fn cli_yaml_build_reads_back_as_json() -> Result<(), Failed> {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = common::fleetform(
        &[
            "build",
            "blueprints",
            "examples",
            "--format",
            "yaml",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &root(),
    );
    if common::code(&out) != 0 {
        return Err(format!("the build failed: {}", common::stderr(&out)).into());
    }
    let written: BTreeMap<String, String> = common::tree(&out_dir)
        .into_iter()
        .filter(|(path, _)| path != Path::new(".fleetform.lock"))
        .map(|(path, bytes)| {
            let rel = path.to_string_lossy().replace('\\', "/");
            (rel, String::from_utf8(bytes).expect("utf-8 output"))
        })
        .collect();
    yaml_reads_back_as_json(&written)?;
    Ok(())
}

/// One test per app directory of `snapshots/` and per example app (a directory with no app is
/// stale and fails its test), then the tests about the whole build.
fn main() -> ExitCode {
    let args = Arguments::from_args();
    let mut apps: BTreeSet<String> = APPS.iter().map(|a| (*a).to_owned()).collect();
    for entry in fs::read_dir(root().join("snapshots")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            apps.insert(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    let mut trials: Vec<Trial> = apps
        .into_iter()
        .map(|app| {
            Trial::test(format!("snapshots/{app}/"), move || {
                app_is_current(&app);
                Ok(())
            })
        })
        .collect();
    trials.extend([
        Trial::test("every_example_app_is_built", every_example_app_is_built),
        Trial::test("builds_are_deterministic", || {
            builds_are_deterministic();
            Ok(())
        }),
        Trial::test(
            "yaml_and_json_builds_hold_the_same_values",
            yaml_and_json_builds_hold_the_same_values,
        ),
        Trial::test(
            "cli_yaml_build_reads_back_as_json",
            cli_yaml_build_reads_back_as_json,
        ),
    ]);
    libtest_mimic::run(&args, trials).exit_code()
}
