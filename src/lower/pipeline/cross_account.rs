//! Cross-account environments: an environment in `deploy` whose `account` differs from
//! `pipeline.account` is deployed by the pipeline through roles in that account.
//!
//! - `{app}-pipeline-account-{account}` (the bootstrap stack, in the pipeline's region; an
//!   administrator of the target account deploys it once, before the pipeline stacks): the
//!   app's permissions boundary and deploy role there, exactly as `{app}-pipeline-iam` holds
//!   them at home but derived from the stacks of that account only, plus the role the
//!   pipeline's deploy actions assume (`/fleetform-deploy/{app}-deploy-action`). That role
//!   trusts the pipeline account only for the pipeline roles of the app (`aws:PrincipalArn`),
//!   may run CloudFormation on the app's stacks with the deploy role, and read (never write)
//!   the pipeline's artifacts.
//! - In the pipeline account, each pipeline stack that deploys such a stack encrypts its
//!   artifacts with a customer managed key (the AWS managed S3 key cannot be shared), whose key
//!   policy and bucket policy let the target accounts' two roles read; its deploy actions name
//!   the action role (`RoleArn`) and the deploy role (configuration `RoleArn`) there; its
//!   role, and the boundary at home, may assume only those action roles; the image
//!   repositories let the target accounts' app roles pull.
//!
//! A cross-account environment deploys only in the pipeline's region (FF0517): the regional
//! artifact buckets would need keys whose ARNs the pipeline stack cannot know.

use std::collections::BTreeSet;

use super::{Plan, Unit};
use crate::cfn::resources::iam::{Policy, PolicyDocument, Principal, Role, RoleScope, Statement};
use crate::cfn::resources::kms::Key;
use crate::cfn::{Resource, Template, Value};
use crate::lower::Stack;
use crate::naming::{self, id};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The target account of stack `s` (`None`: the pipeline's own account).
pub(super) fn account_of<'a>(plan: &Plan<'a>, s: &Stack) -> Option<&'a str> {
    let env = plan.app.environments.get(&s.environment)?;
    plan.pipeline.target_account(env)
}

/// The target accounts of the stacks in `stacks`, sorted.
pub(super) fn accounts<'a, 's>(
    plan: &Plan<'a>,
    stacks: impl IntoIterator<Item = &'s Stack>,
) -> BTreeSet<&'a str> {
    stacks
        .into_iter()
        .filter_map(|s| account_of(plan, s))
        .collect()
}

/// The pipeline's own account (set whenever an environment is cross-account).
fn home_account<'a>(plan: &Plan<'a>) -> &'a str {
    plan.pipeline.account.as_deref().unwrap_or_default()
}

/// The ARNs (`Fn::Sub`) of the action roles of `accounts`, which the pipeline role assumes.
pub(super) fn action_roles<'a>(
    app: &str,
    accounts: impl IntoIterator<Item = &'a str>,
) -> Vec<Value> {
    accounts
        .into_iter()
        .map(|a| Value::sub(naming::cross_account_role_arn(app, a)))
        .collect()
}

/// The two roles of each of `accounts` that read the pipeline's artifacts: the action role
/// (CodePipeline downloads the template as it) and the deploy role (CloudFormation reads a
/// template over the inline limit from the bucket as it).
fn readers<'a>(app: &str, accounts: impl IntoIterator<Item = &'a str>) -> Vec<Value> {
    accounts
        .into_iter()
        .flat_map(|a| {
            [
                Value::sub(naming::cross_account_role_arn(app, a)),
                Value::sub(naming::deploy_role_arn_in(app, a)),
            ]
        })
        .collect()
}

/// The pipeline roles of the app in its account, as an `aws:PrincipalArn` pattern: the roles
/// CloudFormation names `{stack}-PipelineRole-…` for the pipeline stacks `{app}-pipeline…`
/// under the app's IAM path (CodeBuild roles and the app's task roles do not match).
fn pipeline_roles(plan: &Plan) -> Value {
    Value::sub(format!(
        "arn:${{AWS::Partition}}:iam::{}:role{}{}*-{}-*",
        home_account(plan),
        naming::iam_path(&plan.app.name),
        naming::pipeline_stack(&plan.app.name, None),
        id::pipeline_role(),
    ))
}

/// Reading the pipeline's artifacts from a target account: objects of the app's pipeline
/// buckets in the pipeline account, decrypted through S3 with the pipeline account's keys
/// (whose key policies name the readers: a key of any other account grants nothing).
pub(super) fn artifact_reads(plan: &Plan) -> Vec<Statement> {
    let home = home_account(plan);
    vec![
        Statement::allow(
            strings(&["s3:GetObject", "s3:GetObjectVersion"]),
            vec![Value::arn(&format!(
                "s3:::{}*/*",
                naming::pipeline_stack(&plan.app.name, None)
            ))],
        )
        .when("StringEquals", "s3:ResourceAccount", Value::str(home)),
        Statement::allow(
            strings(&["kms:Decrypt"]),
            vec![Value::sub(format!(
                "arn:${{AWS::Partition}}:kms:{}:{home}:key/*",
                plan.home
            ))],
        )
        .when(
            "StringEquals",
            "kms:ViaService",
            Value::sub(format!("s3.{}.${{AWS::URLSuffix}}", plan.home)),
        ),
    ]
}

/// Adds the action role to a bootstrap template (which already holds the boundary and the
/// deploy role).
pub(super) fn add_action_role(t: &mut Template, plan: &Plan) {
    let app = plan.app.name.as_str();
    let trust = Statement {
        principal: Some(Principal {
            aws: vec![Value::sub(format!(
                "arn:${{AWS::Partition}}:iam::{}:root",
                home_account(plan)
            ))],
            service: Vec::new(),
        }),
        action: strings(&["sts:AssumeRole"]),
        resource: None,
        ..Statement::allow(Vec::new(), Vec::new())
    }
    .when("ArnLike", "aws:PrincipalArn", pipeline_roles(plan));
    let mut statements = super::roles::deploy_statements(app);
    statements.extend(artifact_reads(plan));
    t.add(
        id::cross_account_role(),
        Resource::new(Role {
            role_name: Some(naming::cross_account_role(app)),
            assume_role_policy_document: PolicyDocument::new(vec![trust]),
            managed_policy_arns: Vec::new(),
            policies: vec![Policy {
                policy_name: naming::cross_account_role(app),
                policy_document: PolicyDocument::new(statements),
            }],
            scope: RoleScope {
                path: Some(naming::DEPLOY_ROLE_PATH.to_owned()),
                permissions_boundary: None,
            },
        }),
    );
}

/// Adds the artifact bucket of `unit`'s pipeline stack and returns the target accounts it
/// deploys to: with any, its artifacts are under a key their roles may use.
pub(super) fn add_artifact_bucket<'a>(
    t: &mut Template,
    plan: &Plan<'a>,
    unit: &Unit,
) -> BTreeSet<&'a str> {
    let accounts = accounts(plan, unit.deploys.iter().copied());
    if accounts.is_empty() {
        super::storage::add_bucket(t, None, false);
    } else {
        add_keyed_bucket(t, plan, &unit.stack_name, &accounts);
    }
    accounts
}

/// What the pipeline role needs to deploy to `accounts`: the artifact key, and assuming the
/// action role of each (CodePipeline runs each cross-account action as that role).
pub(super) fn pipeline_role_statements(app: &str, accounts: &BTreeSet<&str>) -> Vec<Statement> {
    if accounts.is_empty() {
        return Vec::new();
    }
    vec![
        key_use(),
        Statement::allow(
            strings(&["sts:AssumeRole"]),
            action_roles(app, accounts.iter().copied()),
        ),
    ]
}

/// The artifact bucket of pipeline stack `stack` that deploys to `accounts`: encrypted with a
/// key of its own that those accounts' roles may decrypt with, and readable by them.
fn add_keyed_bucket(t: &mut Template, plan: &Plan, stack: &str, accounts: &BTreeSet<&str>) {
    t.add(
        id::artifact_key(),
        Resource::new(Key {
            description: format!(
                "fleetform: artifacts of {stack} (shared with the accounts it deploys to)"
            ),
            enable_key_rotation: true,
            key_policy: key_policy(plan, accounts),
        })
        .retain(),
    );
    super::storage::add_shared_bucket(
        t,
        None,
        false,
        Some(Value::get_att(&id::artifact_key(), "Arn")),
        Some(bucket_read(
            plan,
            accounts,
            &id::artifact_bucket().to_string(),
        )),
    );
}

/// The key policy of a pipeline's artifact key: the account administers it (as every key
/// fleetform creates); the target accounts' roles may decrypt, through S3 only.
fn key_policy(plan: &Plan, accounts: &BTreeSet<&str>) -> PolicyDocument {
    let mut read = Statement {
        sid: Some("TargetAccountsRead".to_owned()),
        principal: Some(Principal {
            aws: readers(&plan.app.name, accounts.iter().copied()),
            service: Vec::new(),
        }),
        ..Statement::allow(strings(&["kms:Decrypt"]), vec![Value::str("*")])
    };
    read = read.when(
        "StringEquals",
        "kms:ViaService",
        Value::sub(format!("s3.{}.${{AWS::URLSuffix}}", plan.home)),
    );
    // The account administers the key through IAM, as for every key fleetform creates (the
    // same statement as the log keys'; `lower::logs` sits above the pipeline in the imports).
    let mut admin = Statement::allow(strings(&["kms:*"]), vec![Value::str("*")]);
    admin.sid = Some("AccountAdministers".to_owned());
    admin.principal = Some(Principal {
        aws: vec![Value::arn("iam::${AWS::AccountId}:root")],
        service: Vec::new(),
    });
    PolicyDocument::new(vec![admin, read])
}

/// The bucket-policy statement that lets the target accounts' roles read artifacts.
fn bucket_read(plan: &Plan, accounts: &BTreeSet<&str>, bucket: &str) -> Statement {
    Statement {
        sid: Some("TargetAccountsRead".to_owned()),
        principal: Some(Principal {
            aws: readers(&plan.app.name, accounts.iter().copied()),
            service: Vec::new(),
        }),
        ..Statement::allow(
            strings(&["s3:GetObject", "s3:GetObjectVersion"]),
            vec![Value::sub(format!("${{{bucket}.Arn}}/*"))],
        )
    }
}

/// An image repository's policy: the app's roles in the target accounts (the task execution
/// roles under the app's IAM path) may pull.
pub(super) fn repository_policy(plan: &Plan, accounts: &BTreeSet<&str>) -> PolicyDocument {
    let path = naming::iam_path(&plan.app.name);
    let statements = accounts
        .iter()
        .map(|a| {
            Statement {
                sid: Some(format!("Pull{a}")),
                principal: Some(Principal {
                    aws: vec![Value::sub(format!("arn:${{AWS::Partition}}:iam::{a}:root"))],
                    service: Vec::new(),
                }),
                resource: None,
                ..Statement::allow(
                    strings(&[
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer",
                    ]),
                    Vec::new(),
                )
            }
            .when(
                "ArnLike",
                "aws:PrincipalArn",
                Value::sub(format!("arn:${{AWS::Partition}}:iam::{a}:role{path}*")),
            )
        })
        .collect();
    PolicyDocument::new(statements)
}

/// Using the artifact key from the pipeline account's own roles (the key policy delegates to
/// IAM there): S3 asks for a data key to write an SSE-KMS object and decrypts it to read one.
pub(super) fn key_use() -> Statement {
    Statement::allow(
        strings(&["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"]),
        vec![Value::get_att(&id::artifact_key(), "Arn")],
    )
}
