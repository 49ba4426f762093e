//! `fleetform plan`, `deploy` and `status` before any AWS call: what they refuse and with which
//! exit code. Their orchestration is tested against a fake CloudFormation in
//! `src/cli/deploy/tests.rs`, and against moto's server by `scripts/moto-cli-deploy.sh`.

use std::process::{Command, Output, Stdio};

fn fleetform(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fleetform"))
        .args(args)
        .arg("--color=never")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("FLEETFORM_NOW", "2026-12-07T00:00:00Z")
        // Nowhere to go: none of these runs may reach an AWS endpoint.
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .stdin(Stdio::null())
        .output()
        .expect("run fleetform")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn deploy_without_a_terminal_refuses_unless_told_yes() {
    let out = fleetform(&["deploy", "examples/minimal", "--env", "dev"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("pass `--yes`"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_environment_the_build_lacks_is_a_usage_error() {
    let minimal = ["examples/minimal", "--env", "prod"];
    for args in [
        [&["plan"][..], &minimal].concat(),
        [&["deploy", "--yes"][..], &minimal].concat(),
        [&["status"][..], &minimal].concat(),
    ] {
        let out = fleetform(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("the build has no stacks of environment `prod`"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn an_environment_or_the_pipeline_is_required() {
    let out = fleetform(&["plan", "examples/minimal"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--env"), "{}", stderr(&out));
    let out = fleetform(&["plan", "examples/minimal", "--env", "dev", "--pipeline"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_invalid_blueprint_is_exit_2_with_its_diagnostics() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("app.yaml"),
        "blueprint: 1\napp: x\nenvironments: 3\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    for args in [
        &["plan", path, "--env", "dev"][..],
        &["deploy", path, "--env", "dev", "--yes"],
    ] {
        let out = fleetform(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("environments"), "{}", stderr(&out));
    }
}

#[test]
fn from_a_directory_without_a_build_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = fleetform(&[
        "status",
        "--env",
        "dev",
        "--from",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("holds no build"), "{}", stderr(&out));
}

/// `fleetform` hands these commands over to `fleetform-aws` beside it (`src/cli/hand_over.rs`):
/// without it, each is an error that says what is missing, and nothing runs.
#[test]
fn without_fleetform_aws_beside_it_each_command_says_what_is_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let alone = dir
        .path()
        .join(format!("fleetform{}", std::env::consts::EXE_SUFFIX));
    std::fs::copy(env!("CARGO_BIN_EXE_fleetform"), &alone).expect("copy the binary");
    for command in ["plan", "deploy", "status"] {
        let out = Command::new(&alone)
            .args([command, "examples/minimal", "--env", "dev", "--color=never"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .stdin(Stdio::null())
            .output()
            .expect("run fleetform");
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("run in `fleetform-aws`, which is not beside this binary"),
            "{command}: {}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty(), "{command}");
    }
    // Beside it, the same command gets as far as its own checks (no terminal to ask on).
    let out = fleetform(&["deploy", "examples/minimal", "--env", "dev"]);
    assert!(stderr(&out).contains("pass `--yes`"), "{}", stderr(&out));
}
