//! `fleetform import compose` / `import copilot` end to end on the fixtures under
//! `tests/fixtures/import/`: each case's blueprint (stdout), notes (stderr, short form) and exit
//! code are snapshot-tested, and every blueprint written must compile without errors.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{code, fleetform, root, stderr, stdout};
use fleetform::diagnostic::{SourceFile, SourceMap, render_short};
use fleetform::{Options, compile};

fn cases(kind: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/import").join(kind);
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    cases
}

/// The blueprint must compile: zero errors (warnings, such as `:latest`, are allowed).
fn compiles(case: &str, blueprint: &str) -> Vec<String> {
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: format!("{case}.yaml"),
        text: blueprint.to_owned(),
    });
    match compile(&sources, &Options::default()) {
        Ok(build) => {
            assert!(!build.files.is_empty(), "{case}: nothing built");
            render_short(&build.warnings, &sources)
                .lines()
                .map(str::to_owned)
                .collect()
        }
        Err(diags) => panic!(
            "{case}: the imported blueprint does not compile:\n{}\n{blueprint}",
            render_short(&diags, &sources)
        ),
    }
}

fn run(kind: &str, case: &Path) -> (String, i32, String) {
    let rel = case.strip_prefix(root()).expect("under the root");
    let rel = rel.to_str().expect("utf-8 path");
    let out = fleetform(&["--diagnostics", "short", "import", kind, rel], &root());
    let text = format!(
        "exit: {}\n--- stderr\n{}--- stdout\n{}",
        code(&out),
        stderr(&out),
        stdout(&out)
    );
    (text, code(&out), stdout(&out))
}

/// Runs every case of `kind`, snapshots it, and returns the codes its diagnostics used.
fn check(kind: &str, expect_ok: &[&str]) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut ok = Vec::new();
    for case in cases(kind) {
        let name = case
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_owned();
        let (mut text, exit, blueprint) = run(kind, &case);
        for (i, _) in text.match_indices("[FF") {
            codes.insert(text[i + 1..i + 7].to_owned());
        }
        assert!(exit == 0 || exit == 1, "{name}: exit {exit}\n{text}");
        if exit == 0 {
            ok.push(name.clone());
            let warnings = compiles(&name, &blueprint);
            text.push_str("--- compile warnings\n");
            for w in warnings {
                text.push_str(&w);
                text.push('\n');
            }
        } else {
            assert!(blueprint.is_empty(), "{name}: output despite errors");
        }
        insta::with_settings!({ snapshot_path => "snapshots/import", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("{kind}-{name}"), text);
        });
    }
    assert_eq!(ok, expect_ok, "the cases that import");
    codes
}

#[test]
fn fixtures_import_and_cover_every_import_code() {
    let mut codes = check("compose", &["hostile", "voting", "wrong-types"]);
    codes.extend(check("copilot", &["minimal", "shop", "wrong-types"]));
    let import_codes: Vec<&str> = fleetform::check::rule_docs()
        .iter()
        .map(|d| d.code)
        .filter(|c| c.starts_with("FF07"))
        .collect();
    assert!(import_codes.len() >= 6, "{import_codes:?}");
    for code in import_codes {
        assert!(codes.contains(code), "no import fixture reports {code}");
    }
}

/// Hostile values reach the template literally: no YAML reinterpretation, no interpolation.
#[test]
fn hostile_values_round_trip_into_the_template() {
    let case = root().join("tests/fixtures/import/compose/hostile.yml");
    let (_, exit, blueprint) = run("compose", &case);
    assert_eq!(exit, 0);
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "hostile.yaml".into(),
        text: blueprint,
    });
    let build = compile(&sources, &Options::default()).expect("compiles");
    let (_, template) = build
        .files
        .iter()
        .find(|(path, _)| path.ends_with("-web.json"))
        .expect("a service template");
    let template: serde_json::Value = serde_json::from_str(template).expect("json");
    let containers = &template["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"];
    let env: std::collections::BTreeMap<String, String> = containers[0]["Environment"]
        .as_array()
        .expect("environment")
        .iter()
        .map(|e| {
            (
                e["Name"].as_str().unwrap().to_owned(),
                e["Value"].as_str().unwrap_or("<not a string>").to_owned(),
            )
        })
        .collect();
    let expect = [
        ("COLON", "key: value"),
        ("HASH", "value # not a comment"),
        ("NEWLINE", "line one\nline two"),
        ("BRACES", "{{env}} and {{{triple}}} and {{"),
        ("QUOTES", "it's \"quoted\" \\ back"),
        ("LEADING", " - dash"),
        ("YES", "yes"),
        ("NUMBERISH", "0x1F"),
        ("UNICODE", "snowman ☃ \u{7} bell"),
        ("DOLLAR", "${NOT_SUBSTITUTED}"),
    ];
    for (name, value) in expect {
        assert_eq!(env.get(name).map(String::as_str), Some(value), "{name}");
    }
    assert_eq!(
        containers[0]["Command"],
        serde_json::json!(["echo", "{{app}}", "a: b", "#hash", "${HOME}"])
    );
    assert_eq!(
        containers[0]["Image"],
        "registry.example.com/web:1.0 # not a comment"
    );
}

/// `-o OUT` writes the blueprint and the notes next to it.
#[test]
fn output_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("blueprints/app.yaml");
    let case = root().join("tests/fixtures/import/compose/voting.yml");
    let result = fleetform(
        &[
            "import",
            "compose",
            case.to_str().unwrap(),
            "--app",
            "polls",
            "--region",
            "eu-west-1",
            "-o",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let blueprint = fs::read_to_string(&out).expect("blueprint written");
    assert!(blueprint.contains("app: polls\n"), "{blueprint}");
    assert!(blueprint.contains("regions: [eu-west-1]"), "{blueprint}");
    let notes =
        fs::read_to_string(dir.path().join("blueprints/app.yaml.notes.txt")).expect("notes");
    assert!(notes.contains("warning[FF0701]"), "{notes}");
    assert!(notes.contains("  help: "), "{notes}");
    assert!(
        !notes.contains("FF0703]: the blueprint deploys"),
        "--region given: {notes}"
    );
    assert!(stdout(&result).starts_with("wrote "), "{}", stdout(&result));
}

const ODD: &[&str] = &[
    "",
    "~",
    "yes",
    "-1",
    "0",
    "70000",
    "1.5",
    "[]",
    "{}",
    "[1, [2]]",
    "\"{{\"",
    "\"a: b\"",
    "\"${X}\"",
    "\"0.0001\"",
    "\"99999g\"",
];

/// Every variant of `text` with one line's value replaced by an odd one, or the line dropped.
fn variants(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut dropped = lines.clone();
        dropped.remove(i);
        out.push(dropped.join("\n"));
        if let Some(colon) = line.find(": ") {
            for odd in ODD {
                let mut changed = lines.clone();
                let replaced = format!("{}: {odd}", &line[..colon]);
                changed[i] = &replaced;
                out.push(changed.join("\n"));
            }
        }
    }
    out
}

/// Whatever the input, an import never panics, and a blueprint it writes compiles.
#[test]
fn mutated_inputs_import_or_fail_cleanly() {
    let compose = fs::read_to_string(root().join("tests/fixtures/import/compose/voting.yml"))
        .expect("fixture");
    for text in variants(&compose) {
        let mut sources = SourceMap::default();
        let id = sources.add(SourceFile {
            name: "compose.yml".into(),
            text: text.clone(),
        });
        let options = fleetform::import::compose::Options {
            fallback: "x".into(),
            ..Default::default()
        };
        if let Ok(imported) = fleetform::import::compose::import(&sources, id, &options) {
            assert_compiles(&imported.blueprint, &text);
        }
    }
    let dir = root().join("tests/fixtures/import/copilot/shop");
    let frontend = fs::read_to_string(dir.join("frontend/manifest.yml")).expect("fixture");
    let env = fs::read_to_string(dir.join("environments/prod/manifest.yml")).expect("fixture");
    for (i, text) in variants(&frontend)
        .into_iter()
        .map(|t| (t, env.clone()))
        .chain(variants(&env).into_iter().map(|e| (frontend.clone(), e)))
        .enumerate()
    {
        let mut sources = SourceMap::default();
        let ws = sources.add(SourceFile {
            name: ".workspace".into(),
            text: "application: shop\n".into(),
        });
        let svc = sources.add(SourceFile {
            name: "frontend/manifest.yml".into(),
            text: text.0.clone(),
        });
        let prod = sources.add(SourceFile {
            name: "environments/prod/manifest.yml".into(),
            text: text.1.clone(),
        });
        let workspace = fleetform::import::copilot::Workspace {
            workspace: Some(ws),
            services: vec![("frontend".into(), svc)],
            environments: vec![("prod".into(), prod)],
            skipped: Vec::new(),
            extensions: Vec::new(),
        };
        let result = fleetform::import::copilot::import(
            &sources,
            &workspace,
            &fleetform::import::copilot::Options::default(),
        );
        if let Ok(imported) = result {
            assert_compiles(
                &imported.blueprint,
                &format!("variant {i}:\n{}\n{}", text.0, text.1),
            );
        }
    }
}

fn assert_compiles(blueprint: &str, input: &str) {
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "imported.yaml".into(),
        text: blueprint.to_owned(),
    });
    if let Err(diags) = compile(&sources, &Options::default()) {
        panic!(
            "imported blueprint does not compile:\n{}\n--- blueprint\n{blueprint}\n--- input\n{input}",
            render_short(&diags, &sources)
        );
    }
}

/// Compose variables come from `--env-file` instead of the project's `.env`, as in Compose,
/// and an unset one is noted where it is used.
#[test]
fn env_file_replaces_the_project_env() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = dir.path().join("ci.env");
    fs::write(
        &env,
        "SNUBA_IMAGE=registry.example.com/snuba:9.9\nTAG=2.0\n",
    )
    .expect("write");
    let case = root().join("tests/fixtures/import/corpus/compose/variables/compose.yml");
    let out = fleetform(
        &[
            "import",
            "compose",
            case.to_str().unwrap(),
            "--env-file",
            env.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let blueprint = stdout(&out);
    assert!(
        blueprint.contains("image: \"registry.example.com/snuba:9.9\"")
            || blueprint.contains("image: registry.example.com/snuba:9.9\n"),
        "{blueprint}"
    );
    assert!(
        blueprint.contains("image: example/web:2.0\n"),
        "{blueprint}"
    );
    // `.env` next to the file is not read when `--env-file` is given: DOMAIN is unset.
    assert!(blueprint.contains("HOME_PAGE: https:///\n"), "{blueprint}");
    assert!(
        stderr(&out).contains("variable `DOMAIN`"),
        "{}",
        stderr(&out)
    );
}

/// An environment file's values reach the blueprint, so one linked out of its directory is
/// refused and nothing of it is printed.
#[cfg(unix)]
#[test]
fn env_file_linked_outside_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = outside.path().join("secrets.env");
    fs::write(&secret, "TAG=do-not-leak\n").expect("write");
    let project = dir.path().join("project");
    fs::create_dir(&project).expect("mkdir");
    fs::write(
        project.join("compose.yml"),
        "services:\n  web:\n    image: example/web:${TAG}\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(&secret, project.join(".env")).expect("symlink");
    let out = fleetform(&["import", "compose", "project/compose.yml"], dir.path());
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(!stderr(&out).contains("do-not-leak"), "{}", stderr(&out));
}
