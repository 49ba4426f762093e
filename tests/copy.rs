//! `fleetform copy`: the region lands in the app file with its layout kept, and what the new
//! region still needs is reported against the blueprint.

use std::fs;
use std::path::Path;
use std::process::Command;

fn copy_example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .join("app.yaml");
    fs::copy(src, dir.path().join("app.yaml")).expect("copy example");
    dir
}

fn fleetform(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fleetform"))
        .args(args)
        .arg("--color=never")
        .current_dir(dir)
        .env("FLEETFORM_NOW", "2026-12-07T00:00:00Z")
        .output()
        .expect("run fleetform")
}

/// `examples/minimal`'s `dev` copied from `us-east-1` to `ap-southeast-1`.
const ADD_SINGAPORE: &[&str] = &[
    "copy",
    "app.yaml",
    "--env",
    "dev",
    "--from",
    "us-east-1",
    "--to",
    "ap-southeast-1",
];

#[test]
fn copy_adds_the_region_and_shows_the_expected_differences() {
    let dir = copy_example("minimal");
    let before = fs::read_to_string(dir.path().join("app.yaml")).unwrap();
    let out = fleetform(dir.path(), ADD_SINGAPORE);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = fs::read_to_string(dir.path().join("app.yaml")).unwrap();
    assert_eq!(
        after,
        before.replace(
            "regions: [us-east-1]",
            "regions: [us-east-1, ap-southeast-1]"
        )
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("hello: dev/us-east-1 → hello: dev/ap-southeast-1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("0 changed, 0 declared, 0 added, 0 removed"),
        "{stdout}"
    );
}

#[test]
fn copy_points_at_values_that_need_a_per_region_entry() {
    let dir = copy_example("china");
    let out = fleetform(
        dir.path(),
        &[
            "copy",
            "app.yaml",
            "--env",
            "prod",
            "--from",
            "us-east-1",
            "--to",
            "eu-west-1",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("FF0404"), "{stderr}");
    assert!(
        stderr.contains("no certificate for region `eu-west-1`"),
        "{stderr}"
    );
    let after = fs::read_to_string(dir.path().join("app.yaml")).unwrap();
    assert!(
        after.contains("regions: [us-east-1, cn-north-1, eu-west-1]"),
        "{after}"
    );
}

/// Step 2 of README's "Copying an environment": add the entries the diagnostics ask for, then
/// run `copy` again. The region is already there: nothing is edited, and the comparison runs.
#[test]
fn copy_run_again_after_the_region_was_added_edits_nothing_and_compares() {
    let dir = copy_example("minimal");
    assert_eq!(fleetform(dir.path(), ADD_SINGAPORE).status.code(), Some(0));
    let once = fs::read_to_string(dir.path().join("app.yaml")).unwrap();
    let again = fleetform(dir.path(), ADD_SINGAPORE);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(0), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("app.yaml")).unwrap(),
        once
    );
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains("already deploys to `ap-southeast-1`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("0 changed, 0 declared, 0 added, 0 removed"),
        "{stdout}"
    );
}

#[test]
fn dry_run_prints_the_edit_and_writes_nothing() {
    let dir = copy_example("minimal");
    let before = fs::read_to_string(dir.path().join("app.yaml")).unwrap();
    let out = fleetform(
        dir.path(),
        &[
            "copy",
            "app.yaml",
            "--env",
            "dev",
            "--from",
            "us-east-1",
            "--to",
            "eu-west-1",
            "--dry-run",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("+    regions: [us-east-1, eu-west-1]"));
    assert_eq!(
        fs::read_to_string(dir.path().join("app.yaml")).unwrap(),
        before
    );
}

#[test]
fn copy_usage_errors_exit_2() {
    let dir = copy_example("minimal");
    for (from, to) in [
        ("eu-west-1", "ap-south-1"),
        ("us-east-1", "us-east-1"),
        ("us-east-1", "mars-1"),
    ] {
        let out = fleetform(
            dir.path(),
            &[
                "copy", "app.yaml", "--env", "dev", "--from", from, "--to", to,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{from} → {to}");
    }
    let out = fleetform(
        dir.path(),
        &[
            "copy",
            "app.yaml",
            "--env",
            "nope",
            "--from",
            "us-east-1",
            "--to",
            "eu-west-1",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
