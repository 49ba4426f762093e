//! The ecosystem commands end to end: `init`, `completions`, `man`, `--quiet` and SARIF
//! diagnostics.

use std::fs;
mod common;

use common::{code, fleetform, root, stderr, stdout};

use fleetform::diagnostic::{SourceFile, SourceMap, render_short};

#[test]
fn init_writes_a_blueprint_that_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let out = fleetform(&["init", "proj", "--app", "shop"], dir.path());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("wrote"), "{}", stdout(&out));
    let blueprint = dir.path().join("proj/blueprints/app.yaml");
    let text = fs::read_to_string(&blueprint).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema=../.fleetform/blueprint.schema.json\n"),
        "{text}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("proj/.fleetform/blueprint.schema.json")).unwrap(),
        fleetform::check::SCHEMA
    );
    let mut sources = SourceMap::default();
    sources.add(SourceFile {
        name: "blueprints/app.yaml".to_owned(),
        text,
    });
    let build = fleetform::compile(&sources, &fleetform::Options::default()).unwrap_or_else(|d| {
        panic!(
            "the starter does not compile:\n{}",
            render_short(&d, &sources)
        )
    });
    assert!(
        build.warnings.is_empty(),
        "{}",
        render_short(&build.warnings, &sources)
    );
    assert_eq!(build.apps, ["shop"]);
    assert!(
        build
            .files
            .contains_key("shop/prod/us-east-1/shop-prod-web.json")
    );
    // And through the CLI, from the project directory with the default path.
    let out = fleetform(&["validate"], &dir.path().join("proj"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let blueprint = dir.path().join("blueprints/app.yaml");
    fs::create_dir_all(blueprint.parent().unwrap()).unwrap();
    fs::write(&blueprint, "mine").unwrap();
    let out = fleetform(&["init", "--app", "shop"], dir.path());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&blueprint).unwrap(), "mine");
    assert!(!dir.path().join(".fleetform").exists(), "nothing written");
    let out = fleetform(&["init", "--app", "shop", "--force"], dir.path());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        fs::read_to_string(&blueprint)
            .unwrap()
            .contains("app: shop")
    );
}

#[test]
fn init_rejects_bad_app_names() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["Shop", "1shop", "a-name-longer-than-twenty", "shop_1", ""] {
        let out = fleetform(&["init", "--app", bad], dir.path());
        assert_eq!(code(&out), 2, "{bad}");
        assert!(
            stderr(&out).contains("not a valid app name"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
    // Without --app, the directory's own name is used.
    fs::create_dir(dir.path().join("corner-shop")).unwrap();
    let out = fleetform(&["init", "corner-shop"], dir.path());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = fs::read_to_string(dir.path().join("corner-shop/blueprints/app.yaml")).unwrap();
    assert!(text.contains("\napp: corner-shop\n"), "{text}");
}

#[test]
fn quiet_silences_summaries_but_not_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let out = fleetform(&["--quiet", "init", "--app", "shop"], dir.path());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    for args in [
        &["validate", "-q"][..],
        &["build", "--quiet", "--out", "built"],
        &["check", "-q", "--snapshots", "built"],
    ] {
        let out = fleetform(args, dir.path());
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}");
    }
    let loud = fleetform(&["validate"], dir.path());
    assert!(stdout(&loud).starts_with("ok: "), "{}", stdout(&loud));
    fs::write(
        dir.path().join("blueprints/bad.yaml"),
        "blueprint: 1\napp: [\n",
    )
    .unwrap();
    let out = fleetform(&["validate", "-q", "--diagnostics", "short"], dir.path());
    assert_eq!(code(&out), 1);
    assert_eq!(stdout(&out), "");
    assert!(stderr(&out).contains("error[FF0001]"), "{}", stderr(&out));
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = fleetform(&["completions", shell], &root());
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("fleetform"), "{shell}");
        for sub in ["validate", "build", "graph", "init"] {
            assert!(text.contains(sub), "{shell} completes {sub}");
        }
    }
    let out = fleetform(&["completions", "tcsh"], &root());
    assert_eq!(code(&out), 2);
}

#[test]
fn man_page_is_roff_naming_the_subcommands() {
    let out = fleetform(&["man"], &root());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with(".ie"), "{text}");
    assert!(text.contains(".TH fleetform 1"), "{text}");
    for sub in ["validate", "build", "check", "graph", "init", "completions"] {
        assert!(text.contains(sub), "{sub}");
    }
}

fn sarif(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = vec!["--diagnostics", "sarif", "validate"];
    all.extend_from_slice(args);
    let out = fleetform(&all, &root());
    let log = serde_json::from_str(&stderr(&out))
        .unwrap_or_else(|e| panic!("stderr is one SARIF document ({e}):\n{}", stderr(&out)));
    (code(&out), log)
}

#[test]
fn sarif_reports_errors_with_rules_and_regions() {
    let fixtures = [
        "tests/fixtures/invalid/fargate-size.yaml",
        "tests/fixtures/invalid/wildcard-permission.yaml",
        "tests/fixtures/invalid/service-twice",
    ];
    let (status, log) = sarif(&fixtures);
    assert_eq!(status, 1);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "fleetform");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), fleetform::check::rule_docs().len());
    for (rule, doc) in rules.iter().zip(fleetform::check::rule_docs()) {
        assert_eq!(rule["id"], doc.code);
        assert_eq!(rule["shortDescription"]["text"], doc.title);
    }
    let results = run["results"].as_array().unwrap();
    let mut codes = Vec::new();
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        codes.push(id);
        let index = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        assert!(matches!(r["level"].as_str(), Some("error" | "warning")));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(fixtures.iter().any(|f| uri.starts_with(f)), "{uri}");
        let region = &loc["region"];
        let n = |k: &str| {
            region[k]
                .as_u64()
                .unwrap_or_else(|| panic!("{k} in {region}"))
        };
        assert!(n("startLine") >= 1 && n("startColumn") >= 1);
        assert!((n("endLine"), n("endColumn")) >= (n("startLine"), n("startColumn")));
    }
    assert!(codes.contains(&"FF0301"), "{codes:?}");
    assert!(codes.contains(&"FF0201"), "{codes:?}");
    let fargate = results.iter().find(|r| r["ruleId"] == "FF0301").unwrap();
    assert_eq!(fargate["level"], "error");
    let loc = &fargate["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "tests/fixtures/invalid/fargate-size.yaml"
    );
    assert_eq!(loc["region"]["startLine"], 11);
    assert_eq!(loc["region"]["startColumn"], 13);
    let twice = results.iter().find(|r| r["ruleId"] == "FF0201").unwrap();
    assert!(
        twice["relatedLocations"][0]["physicalLocation"]["region"]["startLine"].is_u64(),
        "the second definition is a related location: {twice}"
    );
}

#[test]
fn sarif_without_problems_is_an_empty_run() {
    let (status, log) = sarif(&["examples/minimal"]);
    assert_eq!(status, 0);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    // validate's own --format takes sarif too.
    let out = fleetform(
        &[
            "validate",
            "--format",
            "sarif",
            "tests/fixtures/invalid/fargate-size.yaml",
        ],
        &root(),
    );
    assert_eq!(code(&out), 1);
    let log: serde_json::Value = serde_json::from_str(&stderr(&out)).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "FF0301");
}

fn yaml(rel: &str) -> serde_json::Value {
    let text = fs::read_to_string(root().join(rel)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn pre_commit_hooks_run_real_subcommands() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"fleetform-check"), "{ids:?}");
    for hook in hooks {
        assert_eq!(hook["language"], "rust");
        assert_eq!(hook["pass_filenames"], false);
        let entry: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').collect();
        assert_eq!(entry[0], "fleetform");
        let out = fleetform(&[entry[1], "--help"], &root());
        assert_eq!(code(&out), 0, "{entry:?}");
    }
}

#[test]
fn github_workflow_checks_and_uploads_sarif() {
    let workflow = yaml("docs/ci/github-actions.yml");
    let steps = workflow["jobs"]["check"]["steps"].as_array().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.iter().any(|u| u.starts_with("actions/checkout@")));
    assert!(
        uses.iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@"))
    );
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.contains("upload-sarif"))
        })
        .unwrap();
    let sarif_file = upload["with"]["sarif_file"].as_str().unwrap();
    // The check step, run here as written: exit 0, and the redirected stderr is SARIF.
    let run = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.starts_with("fleetform "))
        .expect("a step runs fleetform");
    let (command, redirect) = run.split_once(" 2> ").expect("stderr goes to a file");
    assert_eq!(redirect.trim(), sarif_file);
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    assert!(args.contains(&"check"), "{args:?}");
    let out = fleetform(&args, &root());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let log: serde_json::Value = serde_json::from_str(&stderr(&out)).unwrap();
    assert_eq!(log["version"], "2.1.0");
}
