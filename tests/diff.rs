//! `fleetform diff` end to end, in its three modes: two regions of an environment, two
//! environments, and a build against an earlier output directory. Outputs are snapshot-tested.

use std::fs;
use std::path::Path;
use std::process::Output;

mod common;

const APP: &str = r#"blueprint: 1
app: shop
environments:
  test:
    regions: [us-east-1]
    network: { cidr: 10.1.0.0/16, azs: 2, nat: single }
  prod:
    regions: [us-east-1, eu-west-1]
    account: "123456789012"
    network: { cidr: 10.2.0.0/16, azs: 2, nat: single }
ingress:
  certificate:
    us-east-1: arn:aws:acm:us-east-1:123456789012:certificate/aaaa
    eu-west-1: arn:aws:acm:eu-west-1:123456789012:certificate/bbbb
services:
  web:
    image: "{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/web:1.0"
    cpu: 256
    memory: 512
    port: 8080
    env: { PRIMARY_REGION: us-east-1 }
    route: { path: /* }
    permissions:
      - allow: [s3:GetObject]
        on: "arn:{{partition}}:s3:::shop-{{env}}-{{region}}/*"
"#;

fn fleetform(args: &[&str], cwd: &Path) -> Output {
    common::command(args, cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("bp")).unwrap();
    fs::write(dir.path().join("bp/app.yaml"), APP).unwrap();
    dir
}

fn run(args: &[&str], dir: &Path) -> (i32, String) {
    let out = fleetform(args, dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.is_empty() || out.status.code() == Some(2),
        "stderr: {stderr}"
    );
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn regions_of_one_environment() {
    let dir = setup();
    let (code, text) = run(
        &["diff", "bp", "--env", "prod", "us-east-1", "eu-west-1"],
        dir.path(),
    );
    // The literal `us-east-1` in an environment variable is the one unexpected difference.
    assert_eq!(code, 1, "{text}");
    insta::assert_snapshot!("regions", text);
}

#[test]
fn regions_as_json() {
    let dir = setup();
    let (code, json) = run(
        &[
            "diff",
            "bp",
            "--env",
            "prod",
            "us-east-1",
            "eu-west-1",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    insta::assert_json_snapshot!("regions_json", value);
}

#[test]
fn two_environments() {
    let dir = setup();
    let (code, text) = run(&["diff", "bp", "--envs", "test", "prod"], dir.path());
    assert_eq!(code, 1);
    insta::assert_snapshot!("environments", text);
}

#[test]
fn against_an_earlier_build() {
    let dir = setup();
    let built = fleetform(&["build", "bp", "--out", "out"], dir.path());
    assert_eq!(built.status.code(), Some(0));
    let (code, text) = run(&["diff", "bp", "--against", "out"], dir.path());
    assert_eq!((code, text.contains("0 changed")), (0, true), "{text}");

    let changed = APP
        .replace("port: 8080", "port: 9090")
        .replace("memory: 512", "memory: 1024")
        .replace(
            "      - allow: [s3:GetObject]",
            "      - allow: [sqs:SendMessage]\n        on: \"arn:{{partition}}:sqs:{{region}}:{{account}}:jobs\"\n      - allow: [s3:GetObject]",
        );
    fs::write(dir.path().join("bp/app.yaml"), changed).unwrap();
    let (code, text) = run(&["diff", "bp", "--against", "out"], dir.path());
    assert_eq!(code, 1);
    assert!(text.contains("Properties.Port  (replacement)"), "{text}");
    insta::assert_snapshot!("against", text);

    let (code, json) = run(
        &["diff", "bp", "--against", "out", "--format", "json"],
        dir.path(),
    );
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["differences"], true);
    let stacks = value["reports"][0]["stacks"].as_array().unwrap();
    let web = stacks
        .iter()
        .find(|s| s["title"] == "prod/us-east-1/shop-prod-web")
        .unwrap();
    assert_eq!(web["change"], "changed");
    let added: Vec<&str> = web["iam"]["added"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["text"].as_str())
        .collect();
    assert_eq!(
        added,
        ["policy permissions: Allow sqs:SendMessage on arn:aws:sqs:us-east-1:123456789012:jobs"]
    );
}

#[test]
fn yaml_short_forms_equal_json_long_forms() {
    let dir = setup();
    assert_eq!(
        fleetform(&["build", "bp", "--out", "out"], dir.path())
            .status
            .code(),
        Some(0)
    );
    // Rewrite one template as YAML with short-form intrinsics: nothing differs.
    let json_path = dir.path().join("out/shop/test/us-east-1/shop-test.json");
    let value: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&json_path).unwrap()).unwrap();
    let yaml = fleetform::emit::yaml(&value);
    let yaml = shorten(&yaml);
    assert!(yaml.contains("!Ref "), "no Ref to shorten");
    fs::remove_file(&json_path).unwrap();
    fs::write(json_path.with_extension("yaml"), yaml).unwrap();
    let (code, text) = run(&["diff", "bp", "--against", "out"], dir.path());
    assert_eq!(code, 0, "{text}");
}

/// `Key:\n  Ref: X` → `Key: !Ref X` (the long form emitted on two lines).
fn shorten(yaml: &str) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(next) = lines.get(i + 1) {
            let indent = line.len() - line.trim_start().len();
            let t = next.trim_start();
            if line.trim_end().ends_with(':')
                && !line.trim_start().starts_with("- ")
                && next.len() - t.len() == indent + 2
                && let Some(target) = t.strip_prefix("Ref: ")
                && lines
                    .get(i + 2)
                    .is_none_or(|l| l.len() - l.trim_start().len() <= indent)
            {
                out.push(format!("{} !Ref {target}", line.trim_end()));
                i += 2;
                continue;
            }
        }
        out.push(line.to_owned());
        i += 1;
    }
    out.join("\n") + "\n"
}

/// `APP` with more `web` tasks in eu-west-1, declared by that region's overrides.
fn with_overrides(app: &str) -> String {
    app.replace(
        "    account: \"123456789012\"\n",
        "    account: \"123456789012\"\n    overrides:\n      eu-west-1:\n        services:\n          web: { count: 3 }\n",
    )
}

#[test]
fn overrides_declare_differences_and_unexpected_ones_still_fail() {
    let dir = setup();
    let app = with_overrides(APP);
    assert!(app.contains("overrides:"));
    fs::write(dir.path().join("bp/app.yaml"), &app).unwrap();
    let args = ["diff", "bp", "--env", "prod", "us-east-1", "eu-west-1"];
    let (code, text) = run(&args, dir.path());
    // The hard-coded `PRIMARY_REGION: us-east-1` is still unexpected; the count is declared.
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("~ shop-prod-web: changed"), "{text}");
    assert!(
        text.contains("Properties.ContainerDefinitions[0].Environment[0].Value"),
        "{text}"
    );
    assert!(
        text.contains(
            "Resources.Service.Properties.DesiredCount: 1 → 3  (declared by `environments.prod.overrides.eu-west-1`)"
        ),
        "{text}"
    );
    insta::assert_snapshot!("regions_with_overrides", text);

    let (code, json) = run(&[&args[..], &["--format", "json"]].concat(), dir.path());
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["differences"], true);
    let web = &value["reports"][0]["stacks"][1];
    assert_eq!(web["change"], "changed");
    assert_eq!(
        web["declared"],
        serde_json::json!([{
            "path": "Resources.Service.Properties.DesiredCount",
            "a": "1",
            "b": "3",
            "by": ["environments.prod.overrides.eu-west-1"],
        }])
    );

    // Without the hard-coded region, only declared differences remain: exit 0.
    let clean = app.replace("    env: { PRIMARY_REGION: us-east-1 }\n", "");
    assert_ne!(clean, app);
    fs::write(dir.path().join("bp/app.yaml"), clean).unwrap();
    let (code, text) = run(&args, dir.path());
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("= shop-prod-web: declared"), "{text}");
    let (code, json) = run(&[&args[..], &["--format", "json"]].concat(), dir.path());
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["differences"], false);
    assert_eq!(value["reports"][0]["stacks"][1]["change"], "declared");
}

/// `overrides.all` applies to both regions of prod: what it sets alike is no difference, and
/// what a region's own override sets over it is declared by both.
#[test]
fn environment_wide_overrides_are_named_where_they_declare_a_difference() {
    let dir = setup();
    let app = APP
        .replace(
            "    account: \"123456789012\"\n",
            "    account: \"123456789012\"\n    overrides:\n      all:\n        services:\n          web: { count: 4 }\n      eu-west-1:\n        services:\n          web: { count: 6 }\n",
        )
        .replace("    env: { PRIMARY_REGION: us-east-1 }\n", "");
    assert!(app.contains("all:") && !app.contains("PRIMARY_REGION"));
    fs::write(dir.path().join("bp/app.yaml"), &app).unwrap();
    let args = ["diff", "bp", "--env", "prod", "us-east-1", "eu-west-1"];
    let (code, json) = run(&[&args[..], &["--format", "json"]].concat(), dir.path());
    assert_eq!(code, 0, "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let web = &value["reports"][0]["stacks"][1];
    assert_eq!(web["change"], "declared", "{json}");
    assert_eq!(web["declared"][0]["a"], "4", "{json}");
    assert_eq!(web["declared"][0]["b"], "6", "{json}");
    assert_eq!(
        web["declared"][0]["by"],
        serde_json::json!([
            "environments.prod.overrides.all",
            "environments.prod.overrides.all + environments.prod.overrides.eu-west-1"
        ]),
        "{json}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = setup();
    let (code, _) = run(
        &["diff", "bp", "--env", "staging", "us-east-1", "eu-west-1"],
        dir.path(),
    );
    assert_eq!(code, 2);
    let (code, _) = run(
        &["diff", "bp", "--env", "prod", "us-east-1", "ap-south-1"],
        dir.path(),
    );
    assert_eq!(code, 2);
    let (code, _) = run(&["diff", "bp", "--against", "missing"], dir.path());
    assert_eq!(code, 2);
    let (code, _) = run(&["diff", "bp"], dir.path());
    assert_eq!(code, 2);
}

#[test]
fn imported_networks_are_per_region_values_matched_by_position() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, text) = run(
        &[
            "diff",
            "examples/ec2-cluster",
            "--env",
            "prod",
            "eu-central-1",
            "eu-west-1",
        ],
        root,
    );
    // eu-central-1 imports three subnets of each kind, eu-west-1 two: the third ones remain.
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("~ ledger-prod: changed"), "{text}");
    assert!(text.contains("ledger-prod-api: same"), "{text}");
    assert!(
        text.contains("Properties.VpcId: vpc-0e7a9c1b3d5f70234 → vpc-0f8b0d2c4e6a81345"),
        "{text}"
    );
    let leftover: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('-') && l.contains("subnet-0"))
        .collect();
    assert!(
        leftover
            .iter()
            .all(|l| l.contains("subnet-01a7b9d1e3f587a26")
                || l.contains("subnet-04d0e2a4b6c8bad59")),
        "{leftover:?}"
    );
}

/// The flagship's regions differ only in ways fleetform designs: its audit trail records
/// global-service events in us-east-1 alone, which is expected, not a difference.
#[test]
fn designed_differences_between_regions_are_expected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, text) = run(
        &[
            "diff",
            "blueprints",
            "--env",
            "prod",
            "us-east-1",
            "eu-west-1",
        ],
        root,
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("0 changed"), "{text}");
    assert!(
        text.contains("Resources.AuditTrail.Properties.IncludeGlobalServiceEvents: true → false"),
        "{text}"
    );
}
