//! The `fleetform` binary end to end: exit codes, where output goes, JSON diagnostics, atomic
//! output, `check`, `schema` and `explain`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{code, root, stderr, stdout, tree};

const INVALID: &str = "blueprint: 1\napp: broken\nenvironments: [\n";

fn fleetform(args: &[&str], cwd: &Path) -> Output {
    common::command(args, cwd)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn no_subcommand_is_a_usage_error() {
    let out = fleetform(&[], &root());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("Usage"), "{}", stderr(&out));
}

#[test]
fn unknown_option_is_a_usage_error() {
    let out = fleetform(&["build", "--frobnicate"], &root());
    assert_eq!(code(&out), 2);
}

#[test]
fn help_exits_zero_on_stdout() {
    let out = fleetform(&["--help"], &root());
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("validate"));
}

#[test]
fn missing_path_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = fleetform(&["validate", "no/such/dir"], dir.path());
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot read `no/such/dir`"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn default_path_is_blueprints() {
    let dir = tempfile::tempdir().unwrap();
    let out = fleetform(&["validate"], dir.path());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("`blueprints`"), "{}", stderr(&out));
}

#[test]
fn invalid_blueprint_exits_1_with_diagnostics_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yaml", INVALID);
    let out = fleetform(&["--color", "never", "validate", "bad.yaml"], dir.path());
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("FF0"), "no diagnostic code on stderr: {err}");
    assert!(err.contains("bad.yaml"), "the file is named: {err}");
    assert!(!stdout(&out).contains("FF0"), "diagnostics stay off stdout");
    assert!(
        stdout(&out).trim_end().ends_with("error") || stdout(&out).contains("errors"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn json_diagnostics_parse_with_either_spelling() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yaml", INVALID);
    for args in [
        &["--diagnostics", "json", "validate", "bad.yaml"][..],
        &["validate", "--format", "json", "bad.yaml"],
    ] {
        let out = fleetform(args, dir.path());
        assert_eq!(code(&out), 1);
        let value: serde_json::Value =
            serde_json::from_str(&stderr(&out)).expect("stderr is one JSON document");
        assert!(value["errors"].as_u64().unwrap() >= 1);
        let first = &value["diagnostics"][0];
        assert!(first["code"].as_str().unwrap().starts_with("FF"), "{value}");
        assert_eq!(first["file"], "bad.yaml");
        assert!(first["line"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn short_diagnostics_are_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yaml", INVALID);
    let out = fleetform(
        &["validate", "bad.yaml", "--diagnostics", "short"],
        dir.path(),
    );
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.lines().all(|l| l.starts_with("bad.yaml:")), "{err}");
}

#[test]
fn no_format_prints_a_secret_or_a_terminal_escape() {
    // A clipboard write (OSC 52) and a bell in a service name, a password on the line of a
    // schema error (so FF0305 never runs), and a token in a command.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.yaml",
        "blueprint: 1\napp: shop\nenvironments:\n  test:\n    regions: [us-east-1]\nservices:\n  \
         \"ca\\e]52;c;aGVsbG8=\\a\\nok: fine\":\n    image: cart:1.0\n    cpu: 256\n    memory: 512\n    \
         env: { DB_PASSWORD: pw-in-clear-7, BAD: [1] }\n    \
         command: [\"--token=xoxb-123456789012-abcdefABCDEF\"]\n",
    );
    for format in ["human", "short", "json", "sarif"] {
        let out = fleetform(
            &[
                "--color",
                "never",
                "--diagnostics",
                format,
                "validate",
                "app.yaml",
            ],
            dir.path(),
        );
        assert_eq!(code(&out), 1, "{format}");
        let err = stderr(&out);
        assert!(err.contains("FF0102"), "{format}: {err}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{7}'),
            "{format}: {err:?}"
        );
        assert!(!err.contains("\nok: fine"), "{format}: {err}");
        assert!(!err.contains("pw-in-clear-7"), "{format}: {err}");
        assert!(!err.contains("xoxb-123456789012"), "{format}: {err}");
    }
}

#[test]
fn io_errors_and_unknown_codes_escape_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let missing = fleetform(&["validate", "gone\u{1b}]52;c;eA==\u{7}.yaml"], dir.path());
    let unknown = fleetform(&["explain", "FF\u{1b}[2J"], dir.path());
    for out in [missing, unknown] {
        assert_eq!(code(&out), 2);
        let err = stderr(&out);
        assert!(
            err.contains("\\u{1b}") && !err.contains('\u{1b}'),
            "{err:?}"
        );
    }
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yaml", INVALID);
    let always = fleetform(&["--color", "always", "validate", "bad.yaml"], dir.path());
    assert!(stderr(&always).contains('\u{1b}'), "`always` colors");
    let never = fleetform(&["--color", "never", "validate", "bad.yaml"], dir.path());
    assert!(!stderr(&never).contains('\u{1b}'));
    let auto = Command::new(env!("CARGO_BIN_EXE_fleetform"))
        .args(["validate", "bad.yaml"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("FLEETFORM_NOW", common::FIXED_NOW)
        .output()
        .unwrap();
    assert!(
        !stderr(&auto).contains('\u{1b}'),
        "NO_COLOR (and a pipe) turn color off"
    );
}

#[test]
fn valid_example_validates() {
    let out = fleetform(&["validate", "examples/minimal"], &root());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "ok: 1 file, 1 app\n");
}

#[test]
fn includes_are_followed_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app/app.yaml",
        "blueprint: 1\napp: inc\ninclude: [../svc, ../svc/web.yaml]\nenvironments:\n  dev:\n    regions: [us-east-1]\n",
    );
    write(
        dir.path(),
        "svc/web.yaml",
        "blueprint: 1\napp: inc\nservices:\n  web:\n    image: nginx:1.27\n    cpu: 256\n    memory: 512\n",
    );
    let out = fleetform(&["validate", "app/app.yaml"], dir.path());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "ok: 2 files, 1 app\n");
}

#[test]
fn missing_include_is_ff0035_naming_the_including_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.yaml",
        "blueprint: 1\napp: inc\ninclude: [services]\n",
    );
    let out = fleetform(&["validate", "app.yaml"], dir.path());
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("FF0035") && stderr(&out).contains("`app.yaml` includes `services`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn build_writes_each_app_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = fleetform(
        &[
            "build",
            "examples/minimal",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("wrote "), "{}", stdout(&out));
    let files = tree(&out_dir);
    assert!(
        files.contains_key(Path::new("hello/manifest.json")),
        "{:?}",
        files.keys()
    );
    assert!(
        files.keys().any(|p| p.starts_with("hello/dev/us-east-1")),
        "{:?}",
        files.keys()
    );
    let mut names: Vec<_> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [".fleetform.lock", "hello"],
        "no staging directory is left behind"
    );
}

#[test]
fn failing_build_leaves_the_output_directory_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yaml", INVALID);
    write(
        dir.path(),
        "out/broken/manifest.json",
        "{\"previous\": true}\n",
    );
    write(
        dir.path(),
        "out/broken/test/us-east-1/broken-test.json",
        "{}\n",
    );
    write(dir.path(), "out/other/keep.txt", "keep");
    let before = tree(&dir.path().join("out"));
    let out = fleetform(&["build", "bad.yaml", "--out", "out"], dir.path());
    assert_eq!(code(&out), 1);
    assert_eq!(tree(&dir.path().join("out")), before);
    // Nothing is created either.
    let out = fleetform(&["build", "bad.yaml", "--out", "fresh"], dir.path());
    assert_eq!(code(&out), 1);
    assert!(!dir.path().join("fresh").exists());
}

#[test]
fn stackset_files_are_owned_rebuilt_and_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let app = fs::read_to_string(root().join("examples/stackset/app.yaml")).unwrap();
    write(dir.path(), "app.yaml", &app);
    let build = || fleetform(&["build", "app.yaml", "--out", "out"], dir.path());
    let first = build();
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let sets: Vec<PathBuf> = tree(&out_dir)
        .into_keys()
        .filter(|p| p.starts_with("orbit/prod/stacksets"))
        .collect();
    assert_eq!(sets.len(), 3, "{sets:?}");
    // The manifest lists them, so a second build into the same directory owns and replaces them.
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out_dir.join("orbit/manifest.json")).unwrap()).unwrap();
    let listed: Vec<&str> = manifest["stacksets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["template"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            "prod/stacksets/orbit-prod.json",
            "prod/stacksets/orbit-prod-web.json",
            "prod/stacksets/orbit-prod-worker.json"
        ]
    );
    let before = tree(&out_dir);
    let second = build();
    assert_eq!(code(&second), 0, "{}", stderr(&second));
    assert!(
        !stdout(&second).contains("no longer built"),
        "{}",
        stdout(&second)
    );
    assert_eq!(tree(&out_dir), before);
    // Without `stackset`, the StackSet templates are stale: removed and reported.
    let mut plain = String::new();
    for line in app.lines().filter(|l| {
        ![
            "stackset:",
            "region-order:",
            "failure-tolerance:",
            "concurrency:",
        ]
        .iter()
        .any(|k| l.trim_start().starts_with(k))
    }) {
        plain.push_str(line);
        plain.push('\n');
    }
    write(dir.path(), "app.yaml", &plain);
    let third = build();
    assert_eq!(code(&third), 0, "{}", stderr(&third));
    for set in &sets {
        assert!(!out_dir.join(set).exists(), "{} was kept", set.display());
        let name = set.to_string_lossy().replace('\\', "/");
        assert!(
            stdout(&third).contains(&format!("{name} (no longer built)")),
            "{name} not reported: {}",
            stdout(&third)
        );
    }
    assert!(
        out_dir
            .join("orbit/prod/us-east-1/orbit-prod-web.json")
            .is_file()
    );
}

#[test]
fn a_build_waits_while_another_holds_the_output_directory() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    fs::create_dir_all(&out_dir).unwrap();
    // This test plays the other build: it holds the lock.
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(out_dir.join(".fleetform.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = common::command(
        &[
            "build",
            "examples/minimal",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &root(),
    )
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    // It says it waits (read until that line, or the end if it never waited).
    let mut errors = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if errors.read_line(&mut line).unwrap() == 0 || line.contains("waiting") {
            seen.push_str(&line);
            break;
        }
        seen.push_str(&line);
    }
    assert!(
        seen.contains("waiting for another build to finish writing into"),
        "{seen}"
    );
    // Past that line it can only block on the lock we hold: nothing is written meanwhile.
    assert!(child.try_wait().unwrap().is_none());
    assert!(!out_dir.join("hello").exists());
    assert_eq!(
        fs::read_dir(&out_dir).unwrap().count(),
        1,
        "only the lock file"
    );
    lock.unlock().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(out_dir.join("hello/manifest.json").is_file());
    // Uncontended, a build does not wait and says nothing about it.
    let out = fleetform(
        &[
            "build",
            "examples/minimal",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(code(&out), 0);
    assert!(!stderr(&out).contains("waiting"), "{}", stderr(&out));
}

#[test]
fn build_replaces_only_the_apps_it_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    // An earlier build of `hello` that had a stack the blueprint no longer has.
    write(&out_dir, "hello/stale/old.json", "{}\n");
    write(
        &out_dir,
        "hello/manifest.json",
        r#"{"stacks": [{"template": "stale/old.json"}]}"#,
    );
    write(&out_dir, "other/keep.json", "keep");
    let args = [
        "build",
        "examples/minimal",
        "--out",
        out_dir.to_str().unwrap(),
    ];
    for round in 0..2 {
        let out = fleetform(&args, &root());
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        // The stale stack is reported when it goes, and only then.
        assert_eq!(
            stdout(&out).contains("stale/old.json (no longer built)"),
            round == 0
        );
    }
    let files = tree(&out_dir);
    assert!(
        !files.keys().any(|p| p.starts_with("hello/stale")),
        "{:?}",
        files.keys()
    );
    assert_eq!(
        files.get(Path::new("other/keep.json")).map(Vec::as_slice),
        Some(&b"keep"[..])
    );
    let mut names: Vec<_> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [".fleetform.lock", "hello", "other"],
        "no staging or old directory is left behind"
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_code() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("latin1.yaml"),
        b"blueprint: 1\napp: caf\xe9\n",
    )
    .unwrap();
    let out = fleetform(&["validate", "latin1.yaml", "--format", "json"], dir.path());
    assert_eq!(code(&out), 1);
    let value: serde_json::Value = serde_json::from_str(&stderr(&out)).unwrap();
    let codes: Vec<_> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert!(codes.contains(&serde_json::json!("FF0006")), "{value}");
}

#[test]
fn check_reports_missing_extra_and_changed_files() {
    let dir = tempfile::tempdir().unwrap();
    let snaps = dir.path().join("snaps");
    let snaps_arg = snaps.to_str().unwrap();
    let out = fleetform(&["build", "examples/minimal", "--out", snaps_arg], &root());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = fleetform(
        &["check", "examples/minimal", "--snapshots", snaps_arg],
        &root(),
    );
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));

    let manifest = snaps.join("hello/manifest.json");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, text.replacen("\"app\"", "\"application\"", 1)).unwrap();
    write(&snaps, "hello/stale.json", "{}\n");
    let out = fleetform(
        &["check", "examples/minimal", "--snapshots", snaps_arg],
        &root(),
    );
    assert_eq!(code(&out), 1);
    let report = stdout(&out);
    assert!(
        report.contains("changed: ") && report.contains("hello/manifest.json"),
        "{report}"
    );
    assert!(
        report.contains("@@ ")
            && report.contains("-  \"application\"")
            && report.contains("+  \"app\""),
        "{report}"
    );
    assert!(
        report.contains("extra: ") && report.contains("hello/stale.json"),
        "{report}"
    );

    fs::remove_dir_all(snaps.join("hello")).unwrap();
    let out = fleetform(
        &["check", "examples/minimal", "--snapshots", snaps_arg],
        &root(),
    );
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("missing: "), "{}", stdout(&out));
}

#[test]
fn schema_prints_the_schema_file() {
    let out = fleetform(&["schema"], &root());
    assert_eq!(code(&out), 0);
    let file = fs::read_to_string(root().join("schemas/blueprint.schema.json")).unwrap();
    assert_eq!(stdout(&out), file);
    serde_json::from_str::<serde_json::Value>(&stdout(&out)).expect("the schema is JSON");
}

#[test]
fn explain_prints_a_known_code_case_insensitively() {
    let docs = fleetform::check::rule_docs();
    assert!(!docs.is_empty(), "rule docs are registered");
    for doc in docs {
        let out = fleetform(&["explain", &doc.code.to_ascii_lowercase()], &root());
        assert_eq!(code(&out), 0, "{}", doc.code);
        let text = stdout(&out);
        assert!(
            text.starts_with(&format!("{}: {}\n\n", doc.code, doc.title)),
            "{text}"
        );
        assert!(text.contains(doc.explanation.trim()), "{text}");
    }
}

#[test]
fn explain_unknown_code_suggests_near_ones() {
    let out = fleetform(&["explain", "FF9999x"], &root());
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown diagnostic code `FF9999x`"),
        "{}",
        stderr(&out)
    );
    // One character off a real code: it is suggested. The typo is derived from the registry,
    // so it must not be a real code itself (then `explain` would print it and exit 0).
    let docs = fleetform::check::rule_docs();
    let (stem, typo) = docs
        .iter()
        .find_map(|doc| {
            let stem = &doc.code[..doc.code.len() - 1];
            ('0'..='9')
                .map(|last| format!("{stem}{last}"))
                .find(|typo| !docs.iter().any(|d| d.code == typo))
                .map(|typo| (stem.to_owned(), typo))
        })
        .expect("some code has a free neighbour");
    let out = fleetform(&["explain", &typo], &root());
    assert_eq!(code(&out), 2, "`{typo}` is not a code: {}", stderr(&out));
    let err = stderr(&out);
    let help = err
        .lines()
        .find_map(|l| l.strip_prefix("help: did you mean "))
        .unwrap_or_else(|| panic!("no suggestion for `{typo}`: {err}"));
    assert!(help.contains(&format!("`{stem}")), "{err}");
}

#[cfg(unix)]
#[test]
fn a_device_found_in_an_included_directory_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.yaml",
        "blueprint: 1\napp: x\ninclude: [services]\n",
    );
    fs::create_dir_all(dir.path().join("services")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("services/zero.yaml")).unwrap();
    // `/dev` is outside the tree (FF0020, tests/hostile/trees.rs); allowed, it is still no file.
    let out = fleetform(
        &["validate", "--allow-include-outside", "app.yaml"],
        dir.path(),
    );
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("FF0035")
            && stderr(&out).contains("zero.yaml` is not a regular file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_include_of_a_device_is_refused_not_read_forever() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.yaml",
        "blueprint: 1\napp: x\ninclude: [/dev/zero]\n",
    );
    let out = fleetform(
        &["validate", "--allow-include-outside", "app.yaml"],
        dir.path(),
    );
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("FF0035")
            && stderr(&out).contains("`/dev/zero`, which is not a regular file"),
        "{}",
        stderr(&out)
    );
}

/// A job that runs once, on 2027-01-01 at 00:00 UTC.
const ONE_TIME_JOB: &str = "blueprint: 1\napp: batch\nenvironments:\n  test:\n    regions: [us-east-1]\n\
jobs:\n  report:\n    image: report:1.0\n    cpu: 256\n    memory: 512\n    schedule: at(2027-01-01T00:00:00)\n";

fn validate_at(now: &str, dir: &Path) -> Output {
    common::command(&["validate", "app.yaml"], dir)
        .env("FLEETFORM_NOW", now)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

#[test]
fn fleetform_now_sets_the_time_schedules_are_checked_against() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.yaml", ONE_TIME_JOB);
    let before = validate_at("2026-12-31T23:59:00Z", dir.path());
    assert_eq!(code(&before), 0, "{}", stderr(&before));
    assert!(!stderr(&before).contains("FF0475"), "{}", stderr(&before));
    let after = validate_at("2027-01-01T00:01:00Z", dir.path());
    assert_eq!(
        code(&after),
        0,
        "a warning does not fail: {}",
        stderr(&after)
    );
    assert!(stderr(&after).contains("FF0475"), "{}", stderr(&after));
    let bad = validate_at("tomorrow", dir.path());
    assert_ne!(code(&bad), 0);
    assert!(stderr(&bad).contains("FLEETFORM_NOW"), "{}", stderr(&bad));
}

/// A blueprint with a schema error (`command: 5`) next to a file that is not YAML.
const TYPED: &str = "blueprint: 1\napp: shop\nenvironments:\n  test:\n    regions: [us-east-1]\n\
services:\n  web:\n    image: nginx:1.27\n    cpu: 256\n    memory: 512\n    command: 5\n";

/// What a run printed, for a golden: the exit code, stdout, then stderr.
fn transcript(out: &Output) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        code(out),
        stdout(out),
        stderr(out)
    )
}

/// The diagnostics of `validate` in each format, as golden insta snapshots
/// (`tests/snapshots/cli__diagnostics_*.snap`; `cargo insta review` or `INSTA_UPDATE=always`
/// after an intended change). SARIF is reduced to its results: its rule list is every code's
/// documentation, which `docs/diagnostics.md` already holds.
#[test]
fn diagnostics_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yaml", INVALID);
    write(dir.path(), "typed.yaml", TYPED);
    let run = |format: &str| {
        fleetform(
            &[
                "--color",
                "never",
                "--diagnostics",
                format,
                "validate",
                "bad.yaml",
                "typed.yaml",
            ],
            dir.path(),
        )
    };
    insta::assert_snapshot!("diagnostics_human", transcript(&run("human")));
    insta::assert_snapshot!("diagnostics_short", transcript(&run("short")));
    insta::assert_snapshot!("diagnostics_json", transcript(&run("json")));
    let sarif = run("sarif");
    assert_eq!(code(&sarif), 1);
    let mut value: serde_json::Value =
        serde_json::from_str(&stderr(&sarif)).expect("SARIF is JSON");
    let rules = value["runs"][0]["tool"]["driver"]["rules"].take();
    let mut results = value["runs"][0]["results"].take();
    // Each result's `ruleIndex` points at its rule; the index itself moves as codes are added.
    for result in results.as_array_mut().expect("results") {
        let index = result
            .as_object_mut()
            .and_then(|r| r.remove("ruleIndex"))
            .expect("a ruleIndex");
        let rule = &rules[usize::try_from(index.as_u64().expect("an index")).unwrap()];
        assert_eq!(rule["id"], result["ruleId"], "{result}");
    }
    insta::assert_json_snapshot!("diagnostics_sarif_results", results);
}

/// What `build` reports on stdout: the app written and a stack of an earlier build that is no
/// longer built, then the same build again.
#[test]
fn build_report() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "out/hello/stale/old.json", "{}\n");
    write(
        dir.path(),
        "out/hello/manifest.json",
        r#"{"stacks": [{"template": "stale/old.json"}]}"#,
    );
    let minimal = root().join("examples/minimal");
    let args = ["build", minimal.to_str().unwrap(), "--out", "out"];
    let first = fleetform(&args, dir.path());
    let second = fleetform(&args, dir.path());
    insta::assert_snapshot!(
        "build_report",
        format!("{}\n{}", transcript(&first), transcript(&second))
    );
}
