use serde_json::{Value, json};

use crate::lower::tests::{app, small};
use crate::lower::{Stack, StackKind, lower};

/// A pipeline for `small()`: in us-east-1 from a connection, deploying `test` then `prod`.
pub(super) fn base_pipeline() -> Value {
    json!({
        "region": "us-east-1",
        "source": {
            "connection": "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
            "repository": "acme/shop",
            "branch": "main"
        },
        "deploy": ["test", "prod"]
    })
}

/// `small()` with a pipeline; `extra` is merged into the `pipeline` object.
fn with_pipeline(extra: &Value) -> Vec<Stack> {
    let mut file = small();
    let mut pipeline = base_pipeline();
    pipeline["approval"] = json!(["prod"]);
    for (k, v) in extra.as_object().into_iter().flatten() {
        pipeline[k] = v.clone();
    }
    file["pipeline"] = pipeline;
    let app = app(&file);
    let stacks = lower(&app);
    super::lower(&app, &stacks)
}

fn buildspecs(stack: &Stack) -> Vec<(String, Value)> {
    stack.template.to_json()["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::CodeBuild::Project")
        .map(|(id, r)| {
            let text = r["Properties"]["Source"]["BuildSpec"].as_str().unwrap();
            let parsed: Value = serde_saphyr::from_str(text).expect("buildspec parses as YAML");
            (id.clone(), parsed)
        })
        .collect()
}

fn commands(spec: &Value, phase: &str) -> Vec<String> {
    spec["phases"][phase]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().expect("every command is a string").to_owned())
        .collect()
}

const HOSTILE: &[&str] = &[
    r#"echo "it's: here" # not a comment"#,
    "{{tag}} {{ account }} }}{{",
    "line one\nline two: yes\n- item",
    "key: value",
    "- not a list",
    "&anchor *alias !tag %directive @at `tick`",
    "'single' \"double\" \\backslash",
    "on",
    "",
];

#[test]
fn hostile_values_stay_literal_strings_in_buildspecs() {
    let hostile: Vec<&str> = HOSTILE.iter().copied().filter(|s| !s.is_empty()).collect();
    let path = "svc: {{x}} # y\n- z";
    let stacks = with_pipeline(&json!({
        "blueprint": "blue: print # {{here}}",
        "install": hostile,
        "build": { "commands": hostile },
        "unit-tests": { "commands": hostile },
        "final-tests": { "after": "test", "url": "https://x.example/a: b # c {{d}}", "commands": hostile },
        "services": { "cart": { "path": path } }
    }));
    let pipeline = stacks
        .iter()
        .find(|s| s.kind == StackKind::Pipeline(None))
        .unwrap();
    let specs = buildspecs(pipeline);
    assert_eq!(specs.len(), 3, "build, unit tests, final tests");
    for (id, spec) in &specs {
        assert_eq!(spec["version"], "0.2", "{id}");
        let build = commands(spec, "build");
        for h in &hostile {
            assert!(
                build.iter().any(|c| c == h),
                "{id}: `{h}` is not one literal command in {build:?}"
            );
        }
    }
    let build = &specs.iter().find(|(id, _)| id == "ProjectBuild").unwrap().1;
    assert_eq!(commands(build, "install"), hostile);
    assert_eq!(
        build["env"]["variables"]["BLUEPRINT"],
        "blue: print # {{here}}"
    );
    assert_eq!(build["env"]["variables"]["SERVICE_DIR_CART"], path);
    let final_tests = &specs
        .iter()
        .find(|(id, _)| id == "ProjectFinalTests")
        .unwrap()
        .1;
    assert_eq!(
        final_tests["env"]["variables"]["BASE_URL"],
        "https://x.example/a: b # c {{d}}"
    );
}

#[test]
fn deploy_order_approval_and_image_tag_override() {
    let stacks = with_pipeline(&json!({ "unit-tests": { "commands": ["make test"] } }));
    let pipeline = stacks
        .iter()
        .find(|s| s.kind == StackKind::Pipeline(None))
        .unwrap();
    let t = pipeline.template.to_json();
    let p = &t["Resources"]["Pipeline"]["Properties"];
    assert_eq!(p["PipelineType"], "V2");
    assert_eq!(p["ExecutionMode"], "SUPERSEDED");
    let names: Vec<&str> = p["Stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Source",
            "Build",
            "UpdatePipeline",
            "Deploy-test",
            "Approve-prod",
            "Deploy-prod"
        ]
    );
    let test_stage = &p["Stages"][3]["Actions"];
    let env_action = test_stage
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Configuration"]["StackName"] == "shop-test")
        .unwrap();
    assert_eq!(env_action["RunOrder"], 1);
    assert!(
        env_action["Configuration"]
            .get("ParameterOverrides")
            .is_none()
    );
    let cart = test_stage
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Configuration"]["StackName"] == "shop-test-cart")
        .unwrap();
    assert_eq!(cart["RunOrder"], 2);
    assert_eq!(cart["Region"], "us-east-1");
    assert_eq!(
        cart["Configuration"]["ParameterOverrides"],
        r##"{"ImageTag":"#{Build.IMAGE_TAG}"}"##
    );
    // prod is in eu-west-1: a regional artifact store and stack there.
    let stores: Vec<&str> = p["ArtifactStores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Region"].as_str().unwrap())
        .collect();
    assert_eq!(stores, ["us-east-1", "eu-west-1"]);
    assert!(
        stacks
            .iter()
            .any(|s| s.kind == StackKind::PipelineArtifacts && s.region == "eu-west-1")
    );
}

#[test]
fn per_service_pipelines_trigger_on_their_paths() {
    let stacks = with_pipeline(&json!({ "per-service": true, "blueprint": "deploy/shop" }));
    let names: Vec<&str> = stacks.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"shop-pipeline"));
    assert!(names.contains(&"shop-pipeline-cart"));
    let cart = stacks
        .iter()
        .find(|s| s.name == "shop-pipeline-cart")
        .unwrap();
    let t = cart.template.to_json();
    let trigger = &t["Resources"]["Pipeline"]["Properties"]["Triggers"][0];
    assert_eq!(
        trigger["GitConfiguration"]["Push"][0]["FilePaths"]["Includes"],
        // cart is defined in the app file: its default directory, and that file.
        json!(["services/cart/**", "deploy/shop/app.yaml"])
    );
    // The service's pipeline deploys only its own stacks; the app's only environment stacks.
    let deployed = |s: &Stack| -> Vec<String> {
        s.template.to_json()["Resources"]["Pipeline"]["Properties"]["Stages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|st| st["Name"].as_str().unwrap().starts_with("Deploy-"))
            .flat_map(|st| st["Actions"].as_array().unwrap().clone())
            .filter_map(|a| a["Configuration"]["StackName"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(deployed(cart), ["shop-test-cart", "shop-prod-cart"]);
    let app_pipeline = stacks.iter().find(|s| s.name == "shop-pipeline").unwrap();
    assert_eq!(deployed(app_pipeline), ["shop-test", "shop-prod"]);
}

#[test]
fn pass_role_is_scoped_and_arns_use_the_partition() {
    let stacks = with_pipeline(&json!({}));
    for stack in &stacks {
        let text = crate::emit::json(&stack.template.to_json());
        assert!(
            !text.contains("arn:aws:iam"),
            "{}: literal partition",
            stack.name
        );
        let t = stack.template.to_json();
        for (id, r) in t["Resources"].as_object().unwrap() {
            let documents: Vec<&serde_json::Value> = match r["Type"].as_str() {
                Some("AWS::IAM::Role") => r["Properties"]["Policies"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| &p["PolicyDocument"])
                    .collect(),
                Some("AWS::IAM::ManagedPolicy") => vec![&r["Properties"]["PolicyDocument"]],
                _ => continue,
            };
            for document in documents {
                for st in document["Statement"].as_array().unwrap() {
                    if st["Effect"] != "Allow" {
                        continue;
                    }
                    let passes = st["Action"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|a| a == "iam:PassRole" || a == "iam:*");
                    if passes {
                        assert_ne!(st["Resource"], json!(["*"]), "{id}: PassRole on *");
                    }
                }
            }
        }
    }
}

#[test]
fn the_deploy_role_may_write_configuration_stored_under_its_own_path() {
    let mut file = small();
    file["pipeline"] = json!({
        "region": "us-east-1",
        "source": { "connection": "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
                    "repository": "acme/shop", "branch": "main" },
        "deploy": ["test"]
    });
    file["environments"]["test"]["config"] =
        json!({ "flags": { "value": "on", "path": "/shop/test/flags" } });
    let app = app(&file);
    let stacks = super::lower(&app, &lower(&app));
    let iam = stacks
        .iter()
        .find(|s| s.kind == StackKind::PipelineIam)
        .unwrap();
    let text = crate::emit::json(&iam.template);
    assert!(
        text.contains("parameter/shop/test/flags\""),
        "no statement for the stored path"
    );
    assert!(text.contains("parameter/fleetform/shop/*\""));
}

#[test]
fn the_deploy_role_manages_only_the_apps_state_machines() {
    let mut file = small();
    file["pipeline"] = json!({
        "region": "us-east-1",
        "source": { "connection": "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
                    "repository": "acme/shop", "branch": "main" },
        "deploy": ["test"]
    });
    file["jobs"] = json!({ "nightly": {
        "image": "nightly:1", "cpu": 256, "memory": 512, "schedule": "rate(1 day)", "timeout": 600
    } });
    let app = app(&file);
    let stacks = super::lower(&app, &lower(&app));
    let iam = stacks
        .iter()
        .find(|s| s.kind == StackKind::PipelineIam)
        .unwrap();
    let text = crate::emit::json(&iam.template);
    assert!(text.contains("states:CreateStateMachine"), "{text}");
    assert!(
        text.contains("arn:${AWS::Partition}:states:*:${AWS::AccountId}:stateMachine:shop-*\"")
    );
}

#[test]
fn final_tests_over_https_go_to_the_domain_the_certificate_names() {
    let final_url = |ingress: Value| {
        let mut file = small();
        file["ingress"] = ingress;
        let mut pipeline = base_pipeline();
        pipeline["final-tests"] = json!({ "after": "test", "commands": ["make e2e"] });
        file["pipeline"] = pipeline;
        let app = app(&file);
        let stacks = lower(&app);
        let stacks = super::lower(&app, &stacks);
        let pipeline = stacks
            .iter()
            .find(|s| s.kind == StackKind::Pipeline(None))
            .unwrap();
        let specs = buildspecs(pipeline);
        let spec = &specs
            .iter()
            .find(|(id, _)| id == "ProjectFinalTests")
            .unwrap()
            .1;
        (
            spec["env"]["variables"]["BASE_URL"].clone(),
            commands(spec, "build"),
        )
    };
    // The certificate names `test.shop.example.com`, not the load balancer's DNS name.
    let (url, pre) = final_url(json!({
        "public": true,
        "domain": "{{env}}.shop.example.com",
        "certificate": "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    }));
    assert_eq!(url, "https://test.shop.example.com");
    assert!(
        pre.iter().all(|c| !c.contains("describe-load-balancers")),
        "{pre:?}"
    );
    // A domain every environment shares may lead to production: the DNS name instead.
    let (url, pre) = final_url(json!({
        "public": true,
        "domain": "shop.example.com",
        "certificate": {
            "us-east-1": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            "eu-west-1": "arn:aws:acm:eu-west-1:123456789012:certificate/def"
        }
    }));
    assert_eq!(url, Value::Null);
    assert!(
        pre.iter()
            .any(|c| c.contains("https://$(aws elbv2 describe-load-balancers")),
        "{pre:?}"
    );
    // Plain HTTP: the load balancer's DNS name, looked up when the tests run.
    let (url, pre) = final_url(json!({ "public": true }));
    assert_eq!(url, Value::Null);
    assert!(
        pre.iter()
            .any(|c| c.contains("http://$(aws elbv2 describe-load-balancers")),
        "{pre:?}"
    );
}
