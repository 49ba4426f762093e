//! The pipeline's privilege design: roles under the app's path and boundary, a deploy role that
//! can only create bounded roles of its own app, and service trust limited to this account.

use serde_json::{Value, json};

use super::provider_permissions;
use crate::lower::tests::{app, small};
use crate::lower::{Stack, StackKind, lower};

/// The app and pipeline stacks of `small()` named `name`, deploying `deploy`.
fn build(name: &str, deploy: &[&str]) -> (Vec<Stack>, Vec<Stack>) {
    let mut file = small();
    file["app"] = json!(name);
    file["pipeline"] = json!({
        "region": "us-east-1",
        "source": {
            "connection": "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
            "repository": "acme/shop",
            "branch": "main"
        },
        "deploy": deploy,
    });
    let app = app(&file);
    let stacks = lower(&app);
    let pipeline = super::lower(&app, &stacks);
    (stacks, pipeline)
}

fn resources(stack: &Stack, kind: &str) -> Vec<(String, Value)> {
    let t = stack.template.to_json();
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .map(|(id, r)| (id.clone(), r["Properties"].clone()))
        .collect()
}

/// The app's IAM stack among its pipeline stacks.
fn iam_stack(pipeline: &[Stack]) -> &Stack {
    pipeline
        .iter()
        .find(|s| s.kind == StackKind::PipelineIam)
        .expect("an IAM stack")
}

fn sub(v: &Value) -> &str {
    v["Fn::Sub"].as_str().or(v.as_str()).unwrap_or_default()
}

/// Every Allow statement of the deploy role (its managed policies).
fn deploy_statements(iam: &Stack) -> Vec<Value> {
    resources(iam, "AWS::IAM::ManagedPolicy")
        .into_iter()
        .filter(|(id, _)| id.starts_with("StackDeployPolicy"))
        .flat_map(|(_, p)| p["PolicyDocument"]["Statement"].as_array().unwrap().clone())
        .filter(|s| s["Effect"] == "Allow")
        .collect()
}

fn actions(statement: &Value) -> Vec<&str> {
    statement["Action"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

const BOUNDARY: &str =
    "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/fleetform/shop/fleetform-shop-boundary";

#[test]
fn every_role_the_pipeline_deploys_or_runs_carries_the_app_path_and_boundary() {
    let (stacks, pipeline) = build("shop", &["test"]);
    let mut checked = 0;
    for stack in stacks.iter().chain(&pipeline) {
        for (id, role) in resources(stack, "AWS::IAM::Role") {
            let bounded = stack.environment == "test" || stack.kind.is_pipeline();
            if id == "StackDeployRole" {
                assert_eq!(role["Path"], "/fleetform-deploy/", "{}", stack.name);
                assert!(role.get("PermissionsBoundary").is_none());
                continue;
            }
            assert_eq!(role["Path"], "/fleetform/shop/", "{} {id}", stack.name);
            if bounded {
                assert_eq!(
                    sub(&role["PermissionsBoundary"]),
                    BOUNDARY,
                    "{} {id}",
                    stack.name
                );
                checked += 1;
            } else {
                // `prod` is deployed by hand: no boundary policy exists for it.
                assert!(
                    role.get("PermissionsBoundary").is_none(),
                    "{} {id}",
                    stack.name
                );
            }
        }
        for (id, profile) in resources(stack, "AWS::IAM::InstanceProfile") {
            assert_eq!(profile["Path"], "/fleetform/shop/", "{} {id}", stack.name);
        }
    }
    assert!(checked >= 5, "{checked}");
}

#[test]
fn the_deploy_role_gives_policies_only_to_bounded_roles_of_its_own_app() {
    let (_, pipeline) = build("shop", &["test"]);
    let iam = iam_stack(&pipeline);
    let statements = deploy_statements(iam);
    let mut seen = 0;
    for s in &statements {
        for action in actions(s) {
            assert!(!action.contains('*'), "wildcard action {action}");
            if !action.starts_with("iam:") {
                continue;
            }
            for r in s["Resource"].as_array().unwrap() {
                let arn = sub(r);
                assert!(
                    arn.contains(":role/fleetform/shop/")
                        || arn.contains(":instance-profile/fleetform/shop/")
                        || arn.contains(":role/aws-service-role/"),
                    "{action} on {arn}"
                );
            }
            if [
                "iam:CreateRole",
                "iam:PutRolePolicy",
                "iam:AttachRolePolicy",
            ]
            .contains(&action)
            {
                seen += 1;
                assert_eq!(
                    sub(&s["Condition"]["StringEquals"]["iam:PermissionsBoundary"]),
                    BOUNDARY,
                    "{action} without the boundary condition"
                );
            }
        }
    }
    assert_eq!(seen, 3, "create, put and attach are granted once each");
    // The deny that keeps the limits, whatever else is ever attached to the role.
    let text = crate::emit::json(&iam.template);
    assert!(text.contains("\"iam:DeleteRolePermissionsBoundary\""));
    assert!(text.contains("\"iam:CreatePolicyVersion\""));
}

#[test]
fn role_patterns_of_one_app_never_match_another_apps_roles() {
    // `shop-*` used to match the roles of an app named `shop-admin`.
    let (_, pipeline) = build("shop", &["test"]);
    let iam = iam_stack(&pipeline);
    let text = crate::emit::json(&iam.template);
    assert!(!text.contains(":role/shop-"), "a name-prefix role pattern");
    let (_, other) = build("shop-admin", &["test"]);
    for stack in &other {
        for (_, role) in resources(stack, "AWS::IAM::Role") {
            let path = role["Path"].as_str().unwrap();
            assert!(!path.starts_with("/fleetform/shop/"), "{path}");
        }
    }
}

#[test]
fn the_pipeline_may_pass_its_connection_when_it_updates_itself() {
    let (_, pipeline) = build("shop", &["test"]);
    let iam = iam_stack(&pipeline);
    let pass = deploy_statements(iam)
        .into_iter()
        .find(|s| actions(s).contains(&"codestar-connections:PassConnection"))
        .expect("PassConnection granted");
    assert!(actions(&pass).contains(&"codeconnections:PassConnection"));
    assert_eq!(
        pass["Resource"],
        json!(["arn:aws:codeconnections:us-east-1:123456789012:connection/abc"])
    );
}

#[test]
fn the_deploy_role_covers_every_provider_permission_of_what_it_deploys() {
    let (stacks, pipeline) = build("shop", &["test"]);
    let iam = iam_stack(&pipeline);
    let granted: std::collections::BTreeSet<String> = deploy_statements(iam)
        .iter()
        .flat_map(|s| {
            actions(s)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let data = provider_permissions::get();
    let deployed = stacks
        .iter()
        .filter(|s| s.environment == "test")
        .chain(pipeline.iter().filter(|s| {
            matches!(
                s.kind,
                StackKind::Pipeline(_) | StackKind::PipelineArtifacts
            )
        }));
    let attached =
        iam.template.to_json()["Resources"]["StackDeployRole"]["Properties"]["ManagedPolicyArns"]
            .to_string();
    let mut missing = Vec::new();
    for stack in deployed {
        for resource in stack.template.resources.values() {
            for w in data
                .read_only
                .get(resource.type_name())
                .into_iter()
                .flatten()
            {
                let policy = provider_permissions::read_only_policy(w).unwrap_or("?");
                if !attached.contains(&format!("policy/{policy}\"")) {
                    missing.push(format!("{}: {w}", resource.type_name()));
                }
            }
            for action in &data.types[resource.type_name()] {
                if !provider_permissions::excluded(action) && !granted.contains(action) {
                    missing.push(format!("{}: {action}", resource.type_name()));
                }
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn service_roles_trust_only_this_account() {
    let (_, pipeline) = build("shop", &["test"]);
    let mut codebuild = 0;
    for stack in &pipeline {
        for (id, role) in resources(stack, "AWS::IAM::Role") {
            let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
            if trust["Principal"]["Service"] == json!(["codebuild.amazonaws.com"]) {
                codebuild += 1;
                assert_eq!(
                    sub(&trust["Condition"]["StringEquals"]["aws:SourceAccount"]),
                    "${AWS::AccountId}",
                    "{id}"
                );
                assert!(
                    sub(&trust["Condition"]["ArnLike"]["aws:SourceArn"])
                        .contains(":project/shop-pipeline-"),
                    "{id}"
                );
            }
        }
    }
    assert!(codebuild >= 1);
}

#[test]
fn a_china_deployer_has_its_own_iam_stack_and_a_trigger_trusting_only_its_rules() {
    let mut file = small();
    file["environments"]["test"]["regions"] = json!(["cn-north-1"]);
    file["pipeline"] = json!({
        "region": "us-east-1",
        "source": { "s3": { "bucket": "shop-source", "key": "source.zip" } },
        "deploy": ["test"],
        "codebuild-deploy": ["cn-north-1"],
    });
    let app = app(&file);
    let pipeline = super::lower(&app, &lower(&app));
    let regions: Vec<(&str, &StackKind)> = pipeline
        .iter()
        .filter(|s| s.kind == StackKind::PipelineIam)
        .map(|s| (s.region.as_str(), &s.kind))
        .collect();
    assert!(
        regions.iter().any(|(r, _)| *r == "cn-north-1"),
        "{regions:?}"
    );
    let deployer = pipeline
        .iter()
        .find(|s| s.kind == StackKind::PipelineDeploy)
        .expect("a deployer");
    let (_, role) = resources(deployer, "AWS::IAM::Role")
        .into_iter()
        .find(|(id, _)| id == "DeployTriggerRole")
        .expect("the trigger's role");
    let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(
        trust["Principal"]["Service"],
        json!(["events.amazonaws.com"])
    );
    assert_eq!(
        sub(&trust["Condition"]["StringEquals"]["aws:SourceAccount"]),
        "${AWS::AccountId}"
    );
    assert!(
        sub(&trust["Condition"]["ArnLike"]["aws:SourceArn"])
            .ends_with(":rule/shop-pipeline-deploy-*"),
        "{trust}"
    );
}
