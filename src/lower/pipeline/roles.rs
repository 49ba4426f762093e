//! Least-privilege roles: the pipeline's, one per CodeBuild project, and the role
//! CloudFormation deploys the app's stacks with.

use std::collections::BTreeMap;

use super::Plan;
use crate::cfn::resources::iam::{Policy, PolicyDocument, Role, Statement};
use crate::cfn::{LogicalId, Resource, Value};
use crate::lower::naming;
use crate::model::{ConfigValue, Source};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A role for one service principal with one inline policy.
pub(super) fn role(principal: &str, name: &str, statements: Vec<Statement>) -> Resource {
    Resource::new(&Role {
        assume_role_policy_document: PolicyDocument::new(vec![Statement::assume_role(principal)]),
        managed_policy_arns: Vec::new(),
        policies: vec![Policy {
            policy_name: name.to_owned(),
            policy_document: PolicyDocument::new(statements),
        }],
    })
}

/// Every stack of the app: `arn:…:cloudformation:*:ACCOUNT:stack/{app}-*/*`.
pub(super) fn app_stacks(app: &str) -> Value {
    Value::arn(&format!(
        "cloudformation:*:${{AWS::AccountId}}:stack/{}*/*",
        naming::stack_prefix(app)
    ))
}

/// The roles and instance profiles the app's stacks create: CloudFormation names them after
/// their stack, and every stack name starts with `{app}-`.
fn app_roles(app: &str) -> Value {
    Value::arn(&format!(
        "iam::${{AWS::AccountId}}:role/{}*",
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

/// Deploying stacks of the app through CloudFormation and handing it `deploy_role`.
pub(super) fn deploy_statements(app: &str, deploy_role: &LogicalId) -> Vec<Statement> {
    let mut pass = Statement::allow(
        strings(&["iam:PassRole"]),
        vec![Value::get_att(deploy_role, "Arn")],
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
fn ssm_parameters(plan: &Plan) -> Vec<Value> {
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

/// The role CloudFormation deploys the app's stacks with. Resources whose IDs AWS generates
/// (VPCs, services, load balancers, alarms) cannot be named in advance, so those services are
/// granted on `*`; everything with a predictable name is scoped to the app, and IAM (the one
/// that matters for escalation) only to the roles the app's stacks create.
pub(super) fn stack_deploy_role(plan: &Plan, artifact_buckets: &[Value]) -> Resource {
    let app = plan.app.name.as_str();
    let prefix = naming::stack_prefix(app);
    let mut statements = vec![
        Statement::allow(
            strings(&[
                "ec2:*",
                "ecs:*",
                "elasticloadbalancing:*",
                "autoscaling:*",
                "application-autoscaling:*",
                "cloudwatch:*",
                "servicediscovery:*",
                "route53:*",
                "scheduler:*",
            ]),
            vec![Value::str("*")],
        ),
        Statement::allow(
            strings(&["logs:*"]),
            vec![
                Value::arn(&format!(
                    "logs:*:${{AWS::AccountId}}:log-group:/ecs/{app}/*"
                )),
                Value::arn(&format!(
                    "logs:*:${{AWS::AccountId}}:log-group:/codebuild/{prefix}*"
                )),
            ],
        ),
        Statement::allow(strings(&["logs:DescribeLogGroups"]), vec![Value::str("*")]),
        Statement::allow(
            strings(&[
                "ssm:PutParameter",
                "ssm:DeleteParameter",
                "ssm:GetParameter",
                "ssm:GetParameters",
                "ssm:AddTagsToResource",
                "ssm:RemoveTagsFromResource",
                "ssm:ListTagsForResource",
            ]),
            ssm_parameters(plan),
        ),
        // The ECS-optimized AMI IDs are AWS's public parameters.
        Statement::allow(
            strings(&["ssm:GetParameter", "ssm:GetParameters"]),
            vec![Value::arn("ssm:*::parameter/aws/*")],
        ),
        Statement::allow(
            strings(&["sqs:*"]),
            vec![Value::arn(&format!("sqs:*:${{AWS::AccountId}}:{prefix}*"))],
        ),
        Statement::allow(
            strings(&[
                "iam:CreateRole",
                "iam:DeleteRole",
                "iam:GetRole",
                "iam:UpdateRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:PutRolePolicy",
                "iam:GetRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:AttachRolePolicy",
                "iam:DetachRolePolicy",
                "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies",
                "iam:TagRole",
                "iam:UntagRole",
                "iam:PassRole",
            ]),
            vec![app_roles(app)],
        ),
        Statement::allow(
            strings(&[
                "iam:CreateInstanceProfile",
                "iam:DeleteInstanceProfile",
                "iam:GetInstanceProfile",
                "iam:AddRoleToInstanceProfile",
                "iam:RemoveRoleFromInstanceProfile",
            ]),
            vec![Value::arn(&format!(
                "iam::${{AWS::AccountId}}:instance-profile/{prefix}*"
            ))],
        ),
        Statement::allow(
            strings(&["iam:CreateServiceLinkedRole"]),
            vec![Value::arn("iam::${AWS::AccountId}:role/aws-service-role/*")],
        ),
        // The pipeline stacks update themselves.
        Statement::allow(
            strings(&["codebuild:*"]),
            vec![Value::arn(&format!(
                "codebuild:*:${{AWS::AccountId}}:project/{prefix}*"
            ))],
        ),
        Statement::allow(
            strings(&["codepipeline:*"]),
            vec![Value::arn(&format!(
                "codepipeline:*:${{AWS::AccountId}}:{prefix}*"
            ))],
        ),
        Statement::allow(
            strings(&["s3:*"]),
            vec![
                Value::arn(&format!("s3:::{prefix}*")),
                Value::arn(&format!("s3:::{prefix}*/*")),
            ],
        ),
        Statement::allow(
            strings(&["events:*"]),
            vec![Value::arn(&format!(
                "events:*:${{AWS::AccountId}}:rule/{prefix}*"
            ))],
        ),
        // The observability stacks: alarm topic, log-analytics stream, audit trail (all named
        // after the app), their KMS keys (IDs generated; CreateKey has no resource) and
        // aliases, and invoke permissions on the event-target functions the blueprint names.
        Statement::allow(
            strings(&["sns:*", "firehose:*", "cloudtrail:*", "kms:*"]),
            vec![
                Value::arn(&format!("sns:*:${{AWS::AccountId}}:{prefix}*")),
                Value::arn(&format!(
                    "firehose:*:${{AWS::AccountId}}:deliverystream/{prefix}*"
                )),
                Value::arn(&format!("cloudtrail:*:${{AWS::AccountId}}:trail/{prefix}*")),
                Value::arn("kms:*:${AWS::AccountId}:key/*"),
                Value::arn(&format!(
                    "kms:*:${{AWS::AccountId}}:alias/fleetform/{app}/*"
                )),
            ],
        ),
        Statement::allow(strings(&["kms:CreateKey"]), vec![Value::str("*")]),
        Statement::allow(
            strings(&[
                "lambda:AddPermission",
                "lambda:RemovePermission",
                "lambda:GetPolicy",
            ]),
            vec![Value::arn("lambda:*:${AWS::AccountId}:function:*")],
        ),
    ];
    // The app's own repositories (`{app}/…`) by one pattern, which keeps the statement the
    // same size however many services the app has; other names one by one.
    let own = format!("{app}/");
    let mut repos: Vec<Value> = plan
        .repositories
        .keys()
        .filter(|r| !r.starts_with(&own))
        .map(|r| Value::arn(&format!("ecr:*:${{AWS::AccountId}}:repository/{r}")))
        .collect();
    if plan.repositories.keys().any(|r| r.starts_with(&own)) {
        repos.insert(
            0,
            Value::arn(&format!("ecr:*:${{AWS::AccountId}}:repository/{own}*")),
        );
    }
    if !repos.is_empty() {
        statements.push(Statement::allow(
            strings(&[
                "ecr:CreateRepository",
                "ecr:DeleteRepository",
                "ecr:DescribeRepositories",
                "ecr:PutImageScanningConfiguration",
                "ecr:PutImageTagMutability",
                "ecr:PutLifecyclePolicy",
                "ecr:GetLifecyclePolicy",
                "ecr:DeleteLifecyclePolicy",
                "ecr:TagResource",
                "ecr:UntagResource",
                "ecr:ListTagsForResource",
            ]),
            repos,
        ));
    }
    // Templates over the inline limit are read from the artifact buckets.
    statements.push(bucket_objects(artifact_buckets, false));
    role(
        "cloudformation.amazonaws.com",
        "deploy-app-stacks",
        statements,
    )
    .skip_check(
        "CKV_AWS_111",
        "CloudFormation creates the app's VPCs, ECS services, load balancers and alarms, whose IDs AWS generates: those services cannot be scoped by ARN in advance",
    )
    .skip_check(
        "CKV_AWS_109",
        "permissions management is limited to the roles and instance profiles the app's own stacks create (`role/{app}-*`)",
    )
    .skip_check(
        "CKV_AWS_107",
        "`ec2:*` (which includes ec2:GetPasswordData) is granted because CloudFormation creates the app's networks and launch templates; only CloudFormation can assume the role, and fleetform creates no Windows instances",
    )
    .skip_check(
        "CKV_AWS_110",
        "iam:PassRole and role creation are limited to the app's own stacks' roles (`role/{app}-*`), which is what deploying them needs",
    )
}
