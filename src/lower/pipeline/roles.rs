//! Least-privilege roles: the pipeline's and one per CodeBuild project. Each lives under the
//! app's IAM path, carries the app's permissions boundary and trusts its service only on this
//! account's behalf. (The role CloudFormation deploys with is in `iam_stack`.)

use std::collections::BTreeMap;

use super::Plan;
use crate::cfn::resources::iam::{Policy, PolicyDocument, Role, RoleScope, Statement};
use crate::cfn::{Resource, Value};
use crate::model::{ConfigValue, Source};
use crate::naming;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A role trusted by `trust`, with one inline policy, under the app's path and boundary.
pub(super) fn role(
    app: &str,
    trust: Statement,
    name: &str,
    statements: Vec<Statement>,
) -> Resource {
    Resource::new(Role {
        role_name: None,
        assume_role_policy_document: PolicyDocument::new(vec![trust]),
        managed_policy_arns: Vec::new(),
        policies: vec![Policy {
            policy_name: name.to_owned(),
            policy_document: PolicyDocument::new(statements),
        }],
        scope: RoleScope {
            path: Some(naming::iam_path(app)),
            permissions_boundary: Some(Value::sub(naming::boundary_arn(app))),
        },
    })
}

/// `service`'s trust, only on behalf of this account and of resources matching `source` (an
/// ARN pattern of this region and account after the service's name).
fn trust_from(service: &str, source: &str) -> Statement {
    let name = service.trim_end_matches(".amazonaws.com");
    Statement::assume_role(service)
        .when(
            "StringEquals",
            "aws:SourceAccount",
            Value::sub("${AWS::AccountId}"),
        )
        .when(
            "ArnLike",
            "aws:SourceArn",
            Value::arn(&format!(
                "{name}:${{AWS::Region}}:${{AWS::AccountId}}:{source}"
            )),
        )
}

/// CodeBuild's trust in a project's role: only for project `project` of this account (AWS
/// CodeBuild sets `aws:SourceAccount` and `aws:SourceArn` when it assumes a service role).
pub(super) fn codebuild_trust(project: &str) -> Statement {
    trust_from("codebuild.amazonaws.com", &format!("project/{project}"))
}

/// EventBridge's trust in a rule target's role: only for rules of this stack in this account
/// (for a rule target, `aws:SourceArn` is the rule's ARN; CloudFormation names the rule after
/// its stack).
pub(super) fn events_trust(stack: &str) -> Statement {
    trust_from("events.amazonaws.com", &format!("rule/{stack}-*"))
}

/// Every stack of the app: `arn:…:cloudformation:*:ACCOUNT:stack/{app}-*/*`.
pub(super) fn app_stacks(app: &str) -> Value {
    Value::arn(&format!(
        "cloudformation:*:${{AWS::AccountId}}:stack/{}*/*",
        naming::stack_prefix(app)
    ))
}

/// Read and write on a bucket's objects (`arn` is the bucket ARN).
pub(super) fn bucket_objects(arns: &[Value], write: bool) -> Statement {
    let mut actions = strings(&[
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:GetBucketVersioning",
        "s3:GetBucketLocation",
    ]);
    if write {
        actions.push("s3:PutObject".to_owned());
    }
    let mut resources = Vec::new();
    for arn in arns {
        resources.push(arn.clone());
        resources.push(match arn {
            Value::Expr(e) => match e.as_ref() {
                crate::cfn::Expr::GetAtt(id, _) => Value::sub(format!("${{{id}.Arn}}/*")),
                crate::cfn::Expr::Sub(s) => Value::sub(format!("{s}/*")),
                _ => arn.clone(),
            },
            Value::Str(s) => Value::str(format!("{s}/*")),
            other => other.clone(),
        });
    }
    Statement::allow(actions, resources)
}

/// The regional artifact buckets of `plan` as ARNs.
pub(super) fn regional_buckets(plan: &Plan) -> Vec<Value> {
    plan.remote_regions()
        .map(|r| {
            Value::arn(&format!(
                "s3:::{}",
                naming::regional_artifact_bucket(&plan.app.name, r)
            ))
        })
        .collect()
}

/// What the pipeline's source action reads.
pub(super) fn source_statements(plan: &Plan) -> Vec<Statement> {
    match &plan.pipeline.source {
        Source::Connection(c) => vec![Statement::allow(
            strings(&[
                "codeconnections:UseConnection",
                "codestar-connections:UseConnection",
            ]),
            vec![Value::str(c.connection.clone())],
        )],
        Source::S3(s) => vec![bucket_objects(
            &[Value::arn(&format!("s3:::{}", s.s3.bucket))],
            false,
        )],
        Source::CodeCommit(c) => vec![Statement::allow(
            strings(&[
                "codecommit:GetBranch",
                "codecommit:GetCommit",
                "codecommit:GetRepository",
                "codecommit:UploadArchive",
                "codecommit:GetUploadArchiveStatus",
                "codecommit:CancelUploadArchive",
            ]),
            vec![Value::arn(&format!(
                "codecommit:{}:${{AWS::AccountId}}:{}",
                plan.home, c.codecommit
            ))],
        )],
    }
}

/// Deploying stacks of the app through CloudFormation and handing it the app's deploy role.
pub(super) fn deploy_statements(app: &str) -> Vec<Statement> {
    let mut pass = Statement::allow(
        strings(&["iam:PassRole"]),
        vec![Value::sub(naming::deploy_role_arn(app))],
    );
    pass.condition = BTreeMap::from([(
        "StringEquals".to_owned(),
        BTreeMap::from([(
            "iam:PassedToService".to_owned(),
            Value::str("cloudformation.amazonaws.com"),
        )]),
    )]);
    vec![
        Statement::allow(
            strings(&[
                "cloudformation:CreateStack",
                "cloudformation:UpdateStack",
                "cloudformation:DescribeStacks",
                "cloudformation:DescribeStackEvents",
                "cloudformation:CreateChangeSet",
                "cloudformation:DescribeChangeSet",
                "cloudformation:ExecuteChangeSet",
                "cloudformation:DeleteChangeSet",
                "cloudformation:GetTemplateSummary",
            ]),
            vec![app_stacks(app)],
        ),
        pass,
    ]
}

/// Logs of one CodeBuild project.
pub(super) fn log_statement(log_group: &str) -> Statement {
    Statement::allow(
        strings(&["logs:CreateLogStream", "logs:PutLogEvents"]),
        vec![
            Value::arn(&format!(
                "logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{log_group}"
            )),
            Value::arn(&format!(
                "logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{log_group}:*"
            )),
        ],
    )
}

/// Pushing to the app's repositories in `regions`.
pub(super) fn push_statements(repositories: &[&String], regions: &[String]) -> Vec<Statement> {
    if repositories.is_empty() {
        return Vec::new();
    }
    let mut arns = Vec::new();
    for region in regions {
        for repo in repositories {
            arns.push(Value::arn(&format!(
                "ecr:{region}:${{AWS::AccountId}}:repository/{repo}"
            )));
        }
    }
    vec![
        // GetAuthorizationToken has no resource-level permissions.
        Statement::allow(
            strings(&["ecr:GetAuthorizationToken"]),
            vec![Value::str("*")],
        ),
        Statement::allow(
            strings(&[
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchGetImage",
                "ecr:CompleteLayerUpload",
                "ecr:DescribeImages",
                "ecr:GetDownloadUrlForLayer",
                "ecr:InitiateLayerUpload",
                "ecr:PutImage",
                "ecr:UploadLayerPart",
            ]),
            arns,
        ),
    ]
}

/// The SSM parameters the app's stacks write: fleetform's own under `/fleetform/{app}/`, and
/// the configuration values a blueprint stores under paths of its own (`{value, path}`), which
/// the environment stacks create too.
pub(super) fn ssm_parameters(plan: &Plan) -> Vec<Value> {
    let app = &plan.app;
    let stored: std::collections::BTreeSet<String> = app
        .environments
        .values()
        .flat_map(|env| app.config_of(env).into_values())
        .filter_map(|value| match value {
            ConfigValue::Stored(stored) => Some(stored.path),
            _ => None,
        })
        .collect();
    std::iter::once(format!("/fleetform/{}/*", app.name))
        .chain(stored)
        // The schema keeps paths to `/[A-Za-z0-9_./-]`: nothing `Fn::Sub` would read.
        .map(|path| Value::arn(&format!("ssm:*:${{AWS::AccountId}}:parameter{path}")))
        .collect()
}
