//! Monorepo mode: which pushes start which pipelines, and what they deploy.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::sources::matches;
use crate::lower::tests::{app, small};
use crate::lower::{Stack, StackKind, lower};
use crate::model::{App, SourceFiles};
use crate::resolved;

/// `small()` in monorepo mode: `worker` listens on 9000, the app file is
/// `deploy/shop/app.yaml`, and each service has a file next to its code,
/// `deploy/shop/services/{name}/service.yaml`.
fn monorepo(edit: impl FnOnce(&mut Value)) -> resolved::App {
    let mut file = small();
    file["services"]["worker"]["port"] = json!(9000);
    file["pipeline"] = super::tests::base_pipeline();
    file["pipeline"]["blueprint"] = json!("deploy/shop");
    file["pipeline"]["per-service"] = json!(true);
    edit(&mut file);
    let mut app: App = (*app(&file)).clone();
    let owned = |names: Vec<&String>| -> BTreeMap<String, String> {
        names
            .into_iter()
            .map(|n| (n.clone(), format!("services/{n}/service.yaml")))
            .collect()
    };
    app.files = SourceFiles {
        app: "app.yaml".to_owned(),
        services: owned(app.services.keys().collect()),
        jobs: owned(app.jobs.keys().collect()),
    };
    resolved::App::new(app, BTreeMap::new())
}

fn pipelines(app: &resolved::App) -> (Vec<Stack>, Vec<Stack>) {
    let stacks = lower(app);
    let pipelines = super::lower(app, &stacks);
    (stacks, pipelines)
}

fn pipeline_props(stack: &Stack) -> Value {
    stack.template.to_json()["Resources"]["Pipeline"]["Properties"].clone()
}

fn trigger_paths(stack: &Stack) -> Vec<String> {
    pipeline_props(stack)["Triggers"][0]["GitConfiguration"]["Push"][0]["FilePaths"]["Includes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect()
}

/// Every action of the `Deploy-*` stages: (stage, action name, run order, stack name if any).
fn deploy_actions(stack: &Stack) -> Vec<(String, String, u64, Option<String>)> {
    let props = pipeline_props(stack);
    let mut out = Vec::new();
    for stage in props["Stages"].as_array().unwrap() {
        let name = stage["Name"].as_str().unwrap();
        if !name.starts_with("Deploy-") {
            continue;
        }
        for a in stage["Actions"].as_array().unwrap() {
            out.push((
                name.to_owned(),
                a["Name"].as_str().unwrap().to_owned(),
                a["RunOrder"].as_u64().unwrap(),
                a["Configuration"]["StackName"].as_str().map(str::to_owned),
            ));
        }
    }
    out
}

fn deployed(stack: &Stack) -> BTreeSet<String> {
    deploy_actions(stack)
        .into_iter()
        .filter_map(|(_, _, _, s)| s)
        .collect()
}

#[test]
fn a_service_file_next_to_its_code_is_the_default_path() {
    let (_, pipelines) = pipelines(&monorepo(|_| {}));
    let cart = pipelines
        .iter()
        .find(|s| s.name == "shop-pipeline-cart")
        .unwrap();
    assert_eq!(
        trigger_paths(cart),
        ["deploy/shop/services/cart/**", "deploy/shop/app.yaml"]
    );
    let text = crate::emit::json(&cart.template.to_json());
    assert!(
        text.contains("SERVICE_DIR_CART: deploy/shop/services/cart"),
        "the Docker context is the service file's directory"
    );
    // The app's pipeline: everything under the app file's directory.
    let app_pipeline = pipelines
        .iter()
        .find(|s| s.name == "shop-pipeline")
        .unwrap();
    assert_eq!(trigger_paths(app_pipeline), ["deploy/shop/**"]);
}

/// The case: `cart` starts calling `worker`. The change touches only cart's file, but
/// it changes cart's stacks (it joins a caller group), worker's (ingress from that group) and
/// the environment stacks (the group): every pipeline that deploys one of them must start on
/// that file, and cart's must deploy after the environment stack.
#[test]
fn a_new_call_starts_every_pipeline_whose_stacks_change() {
    let before = lower(&monorepo(|_| {}));
    let after_app = monorepo(|f| f["services"]["cart"]["calls"] = json!(["worker"]));
    let (after, pipelines) = pipelines(&after_app);
    let template = |stacks: &[Stack], name: &str| {
        stacks
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.template.to_json())
    };
    let changed: BTreeSet<String> = after
        .iter()
        .filter(|s| template(&before, &s.name) != Some(s.template.to_json()))
        .map(|s| s.name.clone())
        .collect();
    for name in ["shop-test", "shop-test-cart", "shop-test-worker"] {
        assert!(changed.contains(name), "{name} should change: {changed:?}");
    }
    let pushed = "deploy/shop/services/cart/service.yaml";
    let started: Vec<&Stack> = pipelines
        .iter()
        .filter(|p| matches!(p.kind, StackKind::Pipeline(_)))
        .filter(|p| trigger_paths(p).iter().any(|pat| matches(pat, pushed)))
        .collect();
    let covered: BTreeSet<String> = started.iter().flat_map(|p| deployed(p)).collect();
    let missed: Vec<&String> = changed.difference(&covered).collect();
    assert!(missed.is_empty(), "changed but not deployed: {missed:?}");

    // cart's pipeline waits for the environment stack before it deploys cart.
    let cart = pipelines
        .iter()
        .find(|s| s.name == "shop-pipeline-cart")
        .unwrap();
    let test_actions: Vec<_> = deploy_actions(cart)
        .into_iter()
        .filter(|(stage, ..)| stage == "Deploy-test")
        .collect();
    assert_eq!(test_actions[0].1, "WaitFor-test");
    assert_eq!(test_actions[0].2, 1);
    assert_eq!(test_actions[1].3.as_deref(), Some("shop-test-cart"));
    assert_eq!(test_actions[1].2, 2);
    let props = pipeline_props(cart);
    let wait = props["Stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Actions"].as_array().unwrap())
        .find(|a| a["Name"] == "WaitFor-test")
        .unwrap();
    let vars: Value = serde_json::from_str(
        wait["Configuration"]["EnvironmentVariables"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        vars[0]["value"],
        "shop-test:us-east-1:shop/test/us-east-1/shop-test.json"
    );
}

#[test]
fn a_job_that_runs_a_service_image_is_built_once() {
    let job = |f: &mut Value| {
        f["jobs"] = json!({ "report": {
            "image": "{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/cart:{{tag}}",
            "cpu": 256, "memory": 512, "schedule": "rate(1 day)"
        } });
    };
    let (_, pipelines) = pipelines(&monorepo(job));
    let names: Vec<&str> = pipelines.iter().map(|s| s.name.as_str()).collect();
    assert!(
        !names.contains(&"shop-pipeline-report"),
        "the job builds nothing of its own: {names:?}"
    );
    let cart = pipelines
        .iter()
        .find(|s| s.name == "shop-pipeline-cart")
        .unwrap();
    let d = deployed(cart);
    assert!(d.contains("shop-test-report") && d.contains("shop-test-cart"));
    // The job's file starts the pipeline that deploys its stacks.
    assert!(
        trigger_paths(cart)
            .iter()
            .any(|p| matches(p, "deploy/shop/services/report/service.yaml"))
    );

    // One pipeline for the app: one `docker build` for the repository.
    let mut file = small();
    job(&mut file);
    file["pipeline"] = json!({
        "region": "us-east-1",
        "source": { "connection": "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
                    "repository": "acme/shop", "branch": "main" },
        "deploy": ["test"]
    });
    let single = app(&file);
    let built = super::image::built(single.base(), single.pipeline.as_ref().unwrap());
    assert_eq!(built.len(), 1);
    assert_eq!(built[0].users, ["report"]);
}
