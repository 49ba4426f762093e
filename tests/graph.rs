//! `fleetform graph`: snapshots of the grocery app in both syntaxes, the README's picture is the
//! generated one, `--env`, and labels from hostile route values stay inside their quotes.

use std::fs;
use std::path::Path;

mod common;

use common::{checked_in, fleetform, root};

fn graph(args: &[&str], cwd: &Path) -> String {
    let mut all = vec!["graph"];
    all.extend_from_slice(args);
    let out = fleetform(&all, cwd);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    assert_eq!(stderr, "", "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn grocery_mermaid() {
    insta::assert_snapshot!(graph(&["blueprints/grocery"], &root()));
}

#[test]
fn grocery_dot() {
    insta::assert_snapshot!(graph(&["blueprints/grocery", "--format", "dot"], &root()));
}

#[test]
fn output_is_deterministic() {
    for format in ["mermaid", "dot"] {
        let a = graph(&["blueprints", "examples", "--format", format], &root());
        let b = graph(&["blueprints", "examples", "--format", format], &root());
        assert_eq!(a, b);
        for app in ["grocery", "hello", "ledger", "media"] {
            assert!(a.contains(&format!("app_{app}")), "{format}: {app}");
        }
    }
}

/// The README shows `fleetform graph blueprints/grocery`; `FLEETFORM_UPDATE_SNAPSHOTS=1`
/// rewrites the block (`common::checked_in`).
#[test]
fn readme_picture_is_current() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let open = "```mermaid\n";
    let start = readme.find(open).expect("README has a mermaid block") + open.len();
    let end = start + readme[start..].find("```").expect("the block is closed");
    let generated = graph(&["blueprints/grocery"], &root());
    let current = format!("{}{generated}{}", &readme[..start], &readme[end..]);
    checked_in::assert_file("README.md", &current, "graph");
}

#[test]
fn env_draws_one_environment() {
    let test = graph(&["blueprints/grocery", "--env", "test"], &root());
    assert!(test.contains("env_grocery_test"));
    assert!(!test.contains("env_grocery_prod"));
    assert!(!test.contains("eu-west-1"));
    let out = fleetform(&["graph", "blueprints/grocery", "--env", "stage"], &root());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`prod`, `test`"), "{stderr}");
}

#[test]
fn invalid_blueprints_draw_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "blueprint: 1\napp: [\n").unwrap();
    let out = fleetform(&["graph", "bad.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("FF0001"));
}

// Route values are checked against the load balancer's grammar (FF0441, FF0442), so the most
// hostile ones a blueprint can carry are paths with quotes, `&` and `$`; the escapes of every
// other character are unit tests in `graph`.
const HOSTILE: &str = r#"blueprint: 1
app: hostile
environments:
  dev: { regions: [us-east-1] }
ingress: { domain: 'x-y.example.com' }
services:
  web:
    image: public.ecr.aws/nginx/nginx:1.27
    cpu: 256
    memory: 512
    port: 80
    route:
      host: ['a-b.example.com', '*.example.com']
      path: ['/q"&h$i', "/end'\"", '/a@b:c+d~e']
"#;

/// Text between the quotes of every label, for a check that nothing leaks out of them.
fn quoted(line: &str, escape: Option<char>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (&mut current, c) {
            (Some(s), c) if Some(c) == escape => {
                s.push(c);
                s.extend(chars.next());
            }
            (Some(_), '"') => out.push(current.take().unwrap()),
            (Some(s), c) => s.push(c),
            (None, '"') => current = Some(String::new()),
            (None, _) => {}
        }
    }
    assert!(current.is_none(), "unbalanced quotes: {line}");
    out
}

#[test]
fn hostile_route_values_stay_inside_their_labels() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("app.yaml"), HOSTILE).unwrap();

    let mermaid = graph(&["app.yaml"], dir.path());
    let mut labels = 0;
    for line in mermaid.lines() {
        let outside: String = {
            let mut s = line.to_owned();
            for q in quoted(line, None) {
                s = s.replacen(&format!("\"{q}\""), "", 1);
            }
            s.replace("-.->", "").replace("-->", "")
        };
        assert!(
            !outside.contains(['<', '>', '#', '&', '`', ';', '"']),
            "{line}"
        );
        for q in quoted(line, None) {
            labels += 1;
            let text = q.replace("<br/>", "");
            assert!(!text.contains(['<', '>', '|', '`']), "{line}");
            // Every `#` starts an entity such as `#quot;`.
            for (i, _) in text.match_indices('#') {
                let rest = &text[i + 1..];
                let entity = rest.split(';').next().unwrap();
                assert!(
                    rest.contains(';') && entity.chars().all(|c| c.is_ascii_alphanumeric()),
                    "{line}"
                );
            }
        }
    }
    assert!(labels > 5);
    assert!(mermaid.contains("/q#quot;#amp;h$i"), "{mermaid}");
    assert!(mermaid.contains("/end'#quot;"), "{mermaid}");

    let dot = graph(&["app.yaml", "--format", "dot"], dir.path());
    for line in dot.lines() {
        for q in quoted(line, Some('\\')) {
            assert!(!q.contains('\n'));
        }
    }
    assert!(dot.contains(r#"/q\"&h$i"#), "{dot}");
    assert!(dot.contains(r#"/end'\""#), "{dot}");
    assert!(dot.contains("a-b.example.com, *.example.com"), "{dot}");
}

#[test]
fn jobs_are_drawn_with_their_schedule_and_capacity() {
    let text = graph(&["examples/jobs"], &root());
    assert!(text.contains(r#"subgraph jobs_batch["jobs"]"#), "{text}");
    assert!(
        text.contains("nightly-report<br/>cron(30 2 * * ? *) Europe/Berlin"),
        "{text}"
    );
    assert!(text.contains("migrate<br/>on demand"), "{text}");
    assert!(
        text.contains("job_batch_hourly_sync --> cap_batch_spot"),
        "{text}"
    );
    // An app of jobs only has no empty services group.
    assert!(!text.contains("subgraph services_batch"), "{text}");
}

#[test]
fn the_pipeline_is_drawn_stage_by_stage() {
    let text = graph(&["blueprints/grocery"], &root());
    for line in [
        r#"subgraph pipeline_grocery["pipeline (CodePipeline, us-east-1)<br/>monorepo: 11 pipelines"#,
        r#"pipeline_grocery_source("source<br/>freshcart/grocery @ main")"#,
        r#"pipeline_grocery_final_tests_test("final tests on test<br/>storefront's pipeline")"#,
        r#"pipeline_grocery_approve_prod{"approve prod"}"#,
        r#"pipeline_grocery_deploy_prod("deploy prod<br/>us-east-1, eu-west-1")"#,
        // Build and unit tests side by side, then test, its final tests, approval and prod.
        "pipeline_grocery_source --> pipeline_grocery_build\n",
        "pipeline_grocery_source --> pipeline_grocery_unit_tests\n",
        "pipeline_grocery_build --> pipeline_grocery_deploy_test\n",
        "pipeline_grocery_unit_tests --> pipeline_grocery_deploy_test\n",
        "pipeline_grocery_deploy_test --> pipeline_grocery_final_tests_test\n",
        "pipeline_grocery_deploy_test --> pipeline_grocery_approve_prod\n",
        "pipeline_grocery_approve_prod --> pipeline_grocery_deploy_prod\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    // An app without `pipeline:` has no pipeline group.
    let hello = graph(&["examples/minimal"], &root());
    assert!(!hello.contains("subgraph pipeline_"), "{hello}");
}

const ONE_PIPELINE: &str = r#"blueprint: 1
app: shop
tag: "1.0.0"
environments:
  test: { regions: [us-east-1] }
  prod: { regions: [us-east-1, eu-west-1] }
services:
  web:
    image: "{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/shop/web:{{tag}}"
    cpu: 256
    memory: 512
pipeline:
  region: us-east-1
  source: { s3: { bucket: shop-source, key: shop.zip } }
  install: ["command -v fleetform"]
  deploy: [test, prod]
  approval: [prod]
  final-tests:
    after: prod
    url: https://shop.example.com
    commands: [make smoke]
"#;

#[test]
fn one_pipeline_runs_its_final_tests_after_the_environment_they_test() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("app.yaml"), ONE_PIPELINE).unwrap();
    let text = graph(&["app.yaml"], dir.path());
    for line in [
        r#"subgraph pipeline_shop["pipeline (CodePipeline, us-east-1)"]"#,
        r#"pipeline_shop_source("source<br/>s3://shop-source/shop.zip")"#,
        // No unit tests: build leads straight to the first environment.
        "pipeline_shop_build --> pipeline_shop_deploy_test\n",
        "pipeline_shop_deploy_test --> pipeline_shop_approve_prod\n",
        "pipeline_shop_approve_prod --> pipeline_shop_deploy_prod\n",
        r#"pipeline_shop_final_tests_prod("final tests on prod")"#,
        "pipeline_shop_deploy_prod --> pipeline_shop_final_tests_prod\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(!text.contains("unit_tests"), "{text}");
    let dot = graph(&["app.yaml", "--format", "dot"], dir.path());
    assert!(
        dot.contains(r#"pipeline_shop_approve_prod [label="approve prod", shape=diamond];"#),
        "{dot}"
    );
    assert!(
        dot.contains("pipeline_shop_deploy_prod -> pipeline_shop_final_tests_prod;"),
        "{dot}"
    );
    // `--env test` draws the test stages only.
    let only_test = graph(&["app.yaml", "--env", "test"], dir.path());
    assert!(
        only_test.contains("pipeline_shop_deploy_test"),
        "{only_test}"
    );
    assert!(!only_test.contains("prod"), "{only_test}");
}
