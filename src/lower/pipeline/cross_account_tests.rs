//! Cross-account environments: `test` in account 444455556666, deployed by a pipeline in
//! 123456789012 (the account of `prod`, deployed as today).

use serde_json::{Value, json};

use super::tests::base_pipeline;
use crate::lower::tests::{app, small};
use crate::lower::{Stack, StackKind, lower};

const TARGET: &str = "444455556666";
const HOME: &str = "123456789012";

fn build(pipeline_account: Option<&str>) -> Vec<Stack> {
    let mut file = small();
    file["environments"]["test"]["account"] = json!(TARGET);
    let mut pipeline = base_pipeline();
    if let Some(account) = pipeline_account {
        pipeline["account"] = json!(account);
    }
    file["pipeline"] = pipeline;
    let app = app(&file);
    let stacks = lower(&app);
    super::lower(&app, &stacks)
}

fn template(stacks: &[Stack], kind: &StackKind) -> Value {
    stacks
        .iter()
        .find(|s| &s.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} stack"))
        .template
        .to_json()
}

fn sub(v: &Value) -> String {
    v["Fn::Sub"].as_str().unwrap_or_default().to_owned()
}

fn actions(pipeline: &Value, stage: &str) -> Vec<Value> {
    pipeline["Resources"]["Pipeline"]["Properties"]["Stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Name"] == stage)
        .unwrap_or_else(|| panic!("no stage {stage}"))["Actions"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn target_stacks_deploy_with_the_target_accounts_roles() {
    let stacks = build(Some(HOME));
    let pipeline = template(&stacks, &StackKind::Pipeline(None));
    let test = actions(&pipeline, "Deploy-test");
    assert!(!test.is_empty());
    for a in &test {
        assert_eq!(
            sub(&a["RoleArn"]),
            format!(
                "arn:${{AWS::Partition}}:iam::{TARGET}:role/fleetform-deploy/shop-deploy-action"
            )
        );
        assert_eq!(
            sub(&a["Configuration"]["RoleArn"]),
            format!("arn:${{AWS::Partition}}:iam::{TARGET}:role/fleetform-deploy/shop-deploy")
        );
    }
    for a in actions(&pipeline, "Deploy-prod") {
        assert!(
            a.get("RoleArn").is_none(),
            "prod is the pipeline's own account"
        );
        assert!(sub(&a["Configuration"]["RoleArn"]).contains("${AWS::AccountId}"));
    }
}

#[test]
fn the_action_role_trusts_only_the_pipeline_roles() {
    let stacks = build(Some(HOME));
    let account = template(&stacks, &StackKind::PipelineAccount(TARGET.to_owned()));
    let trust = &account["Resources"]["CrossAccountDeployRole"]["Properties"]["AssumeRolePolicyDocument"]
        ["Statement"];
    assert_eq!(trust.as_array().unwrap().len(), 1);
    let pattern = sub(&trust[0]["Condition"]["ArnLike"]["aws:PrincipalArn"]);
    assert_eq!(
        pattern,
        format!(
            "arn:${{AWS::Partition}}:iam::{HOME}:role/fleetform/shop/shop-pipeline*-PipelineRole-*"
        )
    );
    // Its deploy role and boundary are there too, for that account's stacks.
    for id in ["StackDeployRole", "PermissionsBoundary"] {
        assert!(account["Resources"].get(id).is_some(), "{id} missing");
    }
}

#[test]
fn only_the_target_roles_read_the_artifacts() {
    let stacks = build(Some(HOME));
    let pipeline = template(&stacks, &StackKind::Pipeline(None));
    let r = &pipeline["Resources"];
    let readers: Vec<String> =
        r["ArtifactKey"]["Properties"]["KeyPolicy"]["Statement"][1]["Principal"]["AWS"]
            .as_array()
            .unwrap()
            .iter()
            .map(sub)
            .collect();
    assert_eq!(readers.len(), 2);
    assert!(
        readers
            .iter()
            .all(|a| a.contains(&format!("iam::{TARGET}:role/fleetform-deploy/shop-deploy")))
    );
    let store = &r["Pipeline"]["Properties"]["ArtifactStores"][0]["ArtifactStore"];
    assert_eq!(store["EncryptionKey"]["Type"], "KMS");
    // The pipeline role assumes exactly the action role.
    let statements = r["PipelineRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap();
    let assumed: Vec<String> = statements
        .iter()
        .filter(|s| {
            s["Action"]
                .as_array()
                .unwrap()
                .contains(&json!("sts:AssumeRole"))
        })
        .flat_map(|s| s["Resource"].as_array().unwrap().iter().map(sub))
        .collect();
    assert_eq!(
        assumed,
        vec![format!(
            "arn:${{AWS::Partition}}:iam::{TARGET}:role/fleetform-deploy/shop-deploy-action"
        )]
    );
}

#[test]
fn without_pipeline_account_every_environment_is_the_pipelines() {
    let stacks = build(None);
    assert!(
        !stacks
            .iter()
            .any(|s| matches!(s.kind, StackKind::PipelineAccount(_)))
    );
    let pipeline = template(&stacks, &StackKind::Pipeline(None));
    assert!(pipeline["Resources"].get("ArtifactKey").is_none());
    // An environment in the pipeline's own account is not cross-account: with the pipeline
    // in `test`'s account, only `prod`'s account gets a bootstrap stack.
    let stacks = build(Some(TARGET));
    let accounts: Vec<&StackKind> = stacks
        .iter()
        .map(|s| &s.kind)
        .filter(|k| matches!(k, StackKind::PipelineAccount(_)))
        .collect();
    assert_eq!(accounts, vec![&StackKind::PipelineAccount(HOME.to_owned())]);
}
