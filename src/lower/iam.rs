//! Service IAM: the execution role (pull images, write logs, read exactly the declared secrets)
//! and the task role (the blueprint's `permissions`, only when there are any).

use std::collections::BTreeMap;

use super::task;
use super::text::regional_arn;
use super::{Target, role_scope};
use crate::cfn::resources::iam as res;
use crate::cfn::resources::iam::{Policy, PolicyDocument, Statement};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::{LogDriver, Metrics, SecretSource, Service};
use crate::naming::id;
use crate::resolved::Workload;

/// `ecs-tasks.amazonaws.com` in every partition, limited to this account's ECS (confused-deputy
/// protection).
fn ecs_tasks_trust() -> PolicyDocument {
    let mut statement = Statement::assume_role("ecs-tasks.amazonaws.com");
    statement.condition = BTreeMap::from([
        (
            "ArnLike".to_owned(),
            BTreeMap::from([(
                "aws:SourceArn".to_owned(),
                Value::arn("ecs:${AWS::Region}:${AWS::AccountId}:*"),
            )]),
        ),
        (
            "StringEquals".to_owned(),
            BTreeMap::from([(
                "aws:SourceAccount".to_owned(),
                Value::sub("${AWS::AccountId}"),
            )]),
        ),
    ]);
    PolicyDocument::new(vec![statement])
}

/// The IAM resources a secret needs: SSM parameter ARNs and Secrets Manager ARNs (any version
/// suffix).
fn secret_resources(target: &Target, service: &Workload) -> (Vec<Value>, Vec<Value>) {
    let mut ssm = Vec::new();
    let mut sm = Vec::new();
    for container in task::configured(target, service).values() {
        for reference in container.secrets.values() {
            match task::parse_secret(target, reference) {
                SecretSource::Ssm(path) => {
                    ssm.push(regional_arn("ssm", "parameter/", &target.render(&path)));
                }
                SecretSource::SecretsManager { name, .. } => {
                    sm.push(regional_arn(
                        "secretsmanager",
                        "secret:",
                        &target.render(&format!("{name}-??????")),
                    ));
                }
                // A full ARN names exactly one parameter or secret (with its random suffix).
                SecretSource::SsmArn(arn) => ssm.push(target.render(&arn)),
                SecretSource::SecretsManagerArn { arn, .. } => sm.push(target.render(&arn)),
            }
        }
    }
    for list in [&mut ssm, &mut sm] {
        list.sort();
        list.dedup();
    }
    (ssm, sm)
}

/// Adds the execution role; returns its logical ID.
pub fn add_execution_role(t: &mut Template, target: &Target, service: &Workload) -> LogicalId {
    let (ssm, sm) = secret_resources(target, service);
    let mut statements = Vec::new();
    if !ssm.is_empty() {
        statements.push(Statement::allow(vec!["ssm:GetParameters".to_owned()], ssm));
    }
    if !sm.is_empty() {
        statements.push(Statement::allow(
            vec!["secretsmanager:GetSecretValue".to_owned()],
            sm,
        ));
    }
    let keys = super::config::keys(target, &service.containers);
    if !keys.is_empty() {
        statements.push(Statement::allow(vec!["kms:Decrypt".to_owned()], keys));
    }
    let policies = if statements.is_empty() {
        Vec::new()
    } else {
        vec![Policy {
            policy_name: "secrets".to_owned(),
            policy_document: PolicyDocument::new(statements),
        }]
    };
    let role = id::execution_role();
    t.add(
        role.clone(),
        Resource::new(res::Role {
            role_name: None,
            assume_role_policy_document: ecs_tasks_trust(),
            managed_policy_arns: vec![Value::arn(
                "iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            )],
            policies,
            scope: role_scope::of(target),
        }),
    );
    role
}

/// The CloudWatch namespace the service may publish custom metrics to (`metrics:`).
pub fn metrics_namespace(target: &Target, name: &str, service: &Service) -> Option<Value> {
    match service.metrics.as_ref()? {
        Metrics::Default(false) => None,
        Metrics::Default(true) => Some(Value::str(format!("{}/{name}", target.app_name()))),
        Metrics::Namespace(n) => Some(target.render(&n.namespace)),
    }
}

/// Adds the task role when the service has permissions, a `FireLens` log router, publishes
/// custom metrics or mounts EFS volumes.
pub fn add_task_role(
    t: &mut Template,
    target: &Target,
    name: &str,
    service: &Workload,
) -> Option<LogicalId> {
    let firelens = service.logs.driver == LogDriver::Firelens;
    let namespace = metrics_namespace(target, name, service);
    let volumes = super::volumes::task_role_statements(target, service);
    if service.permissions.is_empty()
        && !firelens
        && namespace.is_none()
        && !service.exec
        && volumes.is_empty()
    {
        return None;
    }
    let mut statements: Vec<Statement> = service
        .permissions
        .iter()
        .map(|p| {
            Statement::allow(
                p.allow.clone(),
                p.on.to_vec().iter().map(|arn| target.render(arn)).collect(),
            )
        })
        .collect();
    // The FireLens router writes to the log group with the task's own credentials.
    if firelens {
        statements.push(Statement::allow(
            vec![
                "logs:CreateLogStream".to_owned(),
                "logs:DescribeLogStreams".to_owned(),
                "logs:PutLogEvents".to_owned(),
            ],
            vec![Value::get_att(&id::log_group(), "Arn")],
        ));
    }
    if let Some(namespace) = namespace {
        // PutMetricData has no resource type: `*`, limited by the namespace condition key.
        let mut statement = Statement::allow(
            vec!["cloudwatch:PutMetricData".to_owned()],
            vec![Value::str("*")],
        );
        statement.condition = BTreeMap::from([(
            "StringEquals".to_owned(),
            BTreeMap::from([("cloudwatch:namespace".to_owned(), namespace)]),
        )]);
        statements.push(statement);
    }
    if service.exec {
        statements.extend(super::exec::task_role_statements(target));
    }
    statements.extend(volumes);
    let role = id::task_role();
    t.add(
        role.clone(),
        Resource::new(res::Role {
            role_name: None,
            assume_role_policy_document: ecs_tasks_trust(),
            managed_policy_arns: Vec::new(),
            policies: vec![Policy {
                policy_name: "permissions".to_owned(),
                policy_document: PolicyDocument::new(statements),
            }],
            scope: role_scope::of(target),
        }),
    );
    Some(role)
}
