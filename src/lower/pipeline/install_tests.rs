//! The generated buildspec commands: how fleetform is installed, and that every command the
//! pipelines generate is valid bash (`bash -n`). Nothing here downloads or compiles fleetform:
//! the commands are read back from the templates and checked; the checksum step is run for
//! real against a local file.

use std::process::Command;

use serde_json::{Value, json};

use super::buildspec::ARCHIVE_CHECK;
use crate::lower::tests::{app, small};
use crate::lower::{Stack, lower};

const REV: &str = "0123456789abcdef0123456789abcdef01234567";

/// The pipeline stacks of `small()` with `pipeline` merged into a base pipeline.
fn pipelines(extra: &Value) -> Vec<Stack> {
    let mut file = small();
    file["services"]["worker"]["port"] = json!(9000);
    file["services"]["cart"]["calls"] = json!(["worker"]);
    let mut pipeline = super::tests::base_pipeline();
    pipeline["unit-tests"] = json!({ "commands": ["make test"] });
    pipeline["final-tests"] = json!({ "commands": ["npx playwright test"] });
    for (k, v) in extra.as_object().into_iter().flatten() {
        pipeline[k] = v.clone();
    }
    file["pipeline"] = pipeline;
    let app = app(&file);
    super::lower(&app, &lower(&app))
}

/// Every buildspec of `stacks`, parsed back: (project, spec).
fn buildspecs(stacks: &[Stack]) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for stack in stacks {
        let t = stack.template.to_json();
        for (id, r) in t["Resources"].as_object().unwrap() {
            if r["Type"] != "AWS::CodeBuild::Project" {
                continue;
            }
            let text = r["Properties"]["Source"]["BuildSpec"].as_str().unwrap();
            let spec: Value = serde_saphyr::from_str(text).expect("buildspec parses as YAML");
            out.push((format!("{}/{id}", stack.name), spec));
        }
    }
    out
}

/// The app pipeline's build buildspec with `install`, and its install phase.
fn build_install(install: &Value) -> (Value, Vec<String>) {
    let stacks = pipelines(&json!({ "install": install }));
    let build = buildspecs(&stacks)
        .into_iter()
        .find(|(id, _)| id.ends_with("/ProjectBuild"))
        .unwrap()
        .1;
    let install = phase(&build, "install");
    (build, install)
}

fn phase(spec: &Value, name: &str) -> Vec<String> {
    spec["phases"][name]["commands"]
        .as_array()
        .map(|c| c.iter().map(|c| c.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

fn bash_syntax_ok(command: &str) -> Result<(), String> {
    let out = Command::new("bash")
        .args(["-n", "-c", command])
        .output()
        .expect("bash runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn a_pinned_revision_installs_with_cargo_from_variables() {
    let (build, install) =
        build_install(&json!({ "git": "https://github.com/acme/fleetform", "rev": REV }));
    assert_eq!(
        install.last().unwrap(),
        r#"cargo install --locked --no-default-features --git "$FLEETFORM_GIT" --rev "$FLEETFORM_REV" fleetform"#
    );
    assert_eq!(
        build["env"]["variables"]["FLEETFORM_GIT"],
        "https://github.com/acme/fleetform"
    );
    assert_eq!(build["env"]["variables"]["FLEETFORM_REV"], REV);
    for c in &install {
        assert!(
            !c.contains("acme") && !c.contains(REV),
            "a user value inside a command: {c}"
        );
    }
}

#[test]
fn an_archive_is_installed_only_with_its_checksum() {
    let sha = "ab".repeat(32);
    let (build, install) =
        build_install(&json!({ "archive": "https://example.com/fleetform.tar.gz", "sha256": sha }));
    let check = install.iter().position(|c| c == ARCHIVE_CHECK).unwrap();
    let unpack = install.iter().position(|c| c.starts_with("tar ")).unwrap();
    assert!(check < unpack, "the checksum is checked before unpacking");
    assert_eq!(build["env"]["variables"]["FLEETFORM_SHA256"], sha.as_str());

    // The checksum step itself, run against a local file in place of the download.
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("fleetform.tar.gz");
    std::fs::write(&archive, b"not really an archive").unwrap();
    let command = ARCHIVE_CHECK.replace("/tmp/fleetform.tar.gz", archive.to_str().unwrap());
    let run = |sum: &str| {
        Command::new("bash")
            .args(["-c", &command])
            .env("FLEETFORM_SHA256", sum)
            .output()
            .unwrap()
            .status
            .success()
    };
    let good = "0b2bf3d1c1a5e0b5c0f4a4b5e9e1d6e3c2a6f0e7b1d4c9a8e5f2b3c6d7e8f9a0";
    let actual = Command::new("sha256sum")
        .arg(&archive)
        .output()
        .unwrap()
        .stdout;
    let actual = String::from_utf8(actual).unwrap();
    let actual = actual.split_whitespace().next().unwrap();
    assert!(run(actual), "the right checksum passes");
    assert!(!run(good), "a wrong checksum stops the build");
}

/// Every command of every buildspec the pipelines generate (app pipeline, monorepo pipelines
/// with their wait step, the China deployer), with each install form, is valid bash.
#[test]
fn every_generated_command_is_valid_bash() {
    let installs = [
        json!({ "git": "https://github.com/acme/fleetform", "rev": REV }),
        json!({ "archive": "https://example.com/f.tar.gz", "sha256": "ab".repeat(32) }),
        json!(["command -v fleetform"]),
    ];
    let mut checked = 0;
    for install in installs {
        for extra in [
            json!({ "install": install }),
            json!({ "install": install, "per-service": true }),
        ] {
            let mut stacks = pipelines(&extra);
            // The China deployer.
            let mut file = small();
            file["environments"]["prod"]["regions"] = json!(["cn-north-1"]);
            file["environments"]["prod"]["network"] =
                json!({ "cidr": "10.30.0.0/16", "azs": 2, "nat": "single" });
            file["pipeline"] = json!({
                "region": "us-east-1", "install": install.clone(),
                "source": { "connection": "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
                            "repository": "acme/shop", "branch": "main" },
                "deploy": ["test", "prod"], "codebuild-deploy": ["cn-north-1"]
            });
            let china = app(&file);
            stacks.extend(super::lower(&china, &lower(&china)));
            for (id, spec) in buildspecs(&stacks) {
                for name in ["install", "build"] {
                    for command in phase(&spec, name) {
                        if let Err(e) = bash_syntax_ok(&command) {
                            panic!("{id} {name}: `{command}`: {e}");
                        }
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} commands checked");
}
