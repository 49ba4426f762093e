//! ECS Exec (`exec: true`): the cluster's execute-command configuration (sessions logged to one
//! log group per environment, encrypted with the environment's log key when it has one), that
//! log group, and what a service's task role needs for the SSM agent in its containers.

use super::Target;
use crate::cfn::resources::iam::Statement;
use crate::cfn::resources::{ecs, logs};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::CREATE_KEY;
use crate::naming::{self, id};

/// Days the session logs are kept: they are an audit record of who ran what in a container.
const RETENTION_DAYS: i64 = 365;

/// Whether any service of the target's app has ECS Exec.
pub fn used(target: &Target) -> bool {
    target.resolved.services.values().any(|s| s.exec)
}

/// The environment's log key as an ARN it can name before the observability stack exists: a
/// key given by ARN, not one fleetform creates (that one is made after the cluster).
fn session_key(target: &Target) -> Option<Value> {
    match target.env.logs.kms_key.as_deref() {
        None | Some(CREATE_KEY) => None,
        Some(arn) => Some(target.render(arn)),
    }
}

/// Environment stack: the cluster's execute-command configuration, when a service uses it.
pub fn cluster_configuration(target: &Target) -> Option<ecs::ClusterConfiguration> {
    used(target).then(|| ecs::ClusterConfiguration {
        execute_command_configuration: ecs::ExecuteCommandConfiguration {
            kms_key_id: session_key(target),
            logging: "OVERRIDE".to_owned(),
            log_configuration: ecs::ExecuteCommandLogConfiguration {
                cloud_watch_log_group_name: Value::str(naming::exec_log_group_name(
                    target.app_name(),
                    target.env_name,
                )),
                // The agent refuses an unencrypted group when asked for encryption, so ask
                // only when the group has a key.
                cloud_watch_encryption_enabled: target.env.logs.kms_key.is_some(),
            },
        },
    })
}

/// Observability stack: the session log group, encrypted with the environment's log key (the
/// created one lives in this stack).
pub fn add_log_group(t: &mut Template, target: &Target, created_key: Option<&LogicalId>) {
    if !used(target) {
        return;
    }
    let kms_key_id = match (target.env.logs.kms_key.as_deref(), created_key) {
        (Some(CREATE_KEY), Some(key)) => Some(Value::get_att(key, "Arn")),
        (Some(CREATE_KEY) | None, _) => None,
        (Some(arn), _) => Some(target.render(arn)),
    };
    let mut resource = Resource::new(logs::LogGroup {
        log_group_name: naming::exec_log_group_name(target.app_name(), target.env_name),
        retention_in_days: RETENTION_DAYS,
        kms_key_id: kms_key_id.clone(),
    });
    if kms_key_id.is_none() {
        resource = resource.skip_check(
            "CKV_AWS_158",
            "session logs are encrypted at rest with CloudWatch Logs' service keys; set the environment's `logs.kms-key` for a customer key",
        );
    }
    t.add(id::exec_log_group(), resource);
}

/// Service stack: the task-role statements of a service with `exec: true` (the ECS developer
/// guide's list for ECS Exec with CloudWatch logging).
pub fn task_role_statements(target: &Target) -> Vec<Statement> {
    let group = Value::arn(&format!(
        "logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{}:*",
        naming::exec_log_group_name(target.app_name(), target.env_name)
    ));
    let mut statements = vec![
        // Session Manager channels have no resource type: `*` is the only resource.
        Statement::allow(
            [
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel",
            ]
            .map(str::to_owned)
            .to_vec(),
            vec![Value::str("*")],
        ),
        // The agent looks its log group up among all of them before it writes.
        Statement::allow(
            vec!["logs:DescribeLogGroups".to_owned()],
            vec![Value::str("*")],
        ),
        Statement::allow(
            [
                "logs:CreateLogStream",
                "logs:DescribeLogStreams",
                "logs:PutLogEvents",
            ]
            .map(str::to_owned)
            .to_vec(),
            vec![group],
        ),
    ];
    if let Some(key) = session_key(target) {
        statements.push(Statement::allow(vec!["kms:Decrypt".to_owned()], vec![key]));
    }
    statements
}
