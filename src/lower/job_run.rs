//! The Step Functions state machine that runs one scheduled job: Scheduler starts an execution,
//! which runs the task with the `ecs:runTask.sync` integration and waits for it to stop. A run
//! that fails (`RunTask` refused, or an essential container exiting non-zero: both
//! `States.TaskFailed`) is retried with exponential backoff; a run longer than the job's
//! `timeout` fails with `States.Timeout`, and Step Functions stops its task. A run that failed
//! every retry or timed out is reported to the job's dead-letter queue, then fails the
//! execution.
//!
//! Scheduler's own retry policy only covers delivering the invocation (starting the execution),
//! so on its own it never sees a task that started and then failed: that is why the schedule
//! does not target ECS directly.
//!
//! The definition is a typed JSON object with no intrinsic in it: every value known only at
//! deploy time (cluster, task definition, subnets, security group, queue) is a
//! `${Name}` placeholder of `DefinitionSubstitutions`.

use std::collections::BTreeMap;

use serde_json::{Value as Json, json};

use super::{Target, capacity};
use crate::cfn::resources::iam::{Policy, PolicyDocument, Statement};
use crate::cfn::resources::{iam as res, stepfunctions};
use crate::cfn::{Expr, LogicalId, Resource, Template, Value};
use crate::model::job::{BACKOFF_RATE, DEFAULT_RETRIES, Job, MAX_RETRY_DELAY, RETRY_INTERVAL};
use crate::naming::{self, id};

/// The name of the task state (what the console and `ExecutionFailed` events show).
const RUN_STATE: &str = "RunTask";
const REPORT_STATE: &str = "ReportFailure";
const FAIL_STATE: &str = "Failed";

/// What the job's task runs with, as the state machine passes it to `RunTask`.
pub struct RunParameters<'a> {
    pub cluster: &'a Value,
    pub subnets: &'a Value,
    pub security_group: &'a LogicalId,
    pub task: &'a LogicalId,
    pub strategy: &'a [crate::resolved::StrategyEntry],
    pub assign_public_ip: &'static str,
    pub placement: &'a super::placement::Lowered,
}

/// Adds the state machine and its role; returns the state machine's logical ID (its `Ref` is
/// the ARN).
pub fn add(
    t: &mut Template,
    target: &Target,
    name: &str,
    job: &Job,
    run: &RunParameters<'_>,
    roles: &[&LogicalId],
    queue: Option<&LogicalId>,
) -> LogicalId {
    let mut subs = Substitutions::default();
    let definition = definition(target, name, job, run, queue, &mut subs);
    let role = add_role(t, target, name, run, roles, queue);
    let machine = id::job_state_machine();
    t.add(
        machine.clone(),
        Resource::new(stepfunctions::StateMachine {
            state_machine_name: Some(naming::job_state_machine_name(
                target.app_name(),
                target.env_name,
                name,
            )),
            state_machine_type: "STANDARD",
            definition,
            definition_substitutions: subs.0,
            role_arn: Value::get_att(&role, "Arn"),
        }),
    );
    machine
}

/// `DefinitionSubstitutions`: placeholder name → deploy-time value.
#[derive(Default)]
struct Substitutions(BTreeMap<String, Value>);

impl Substitutions {
    /// `${name}` for `value`, or the literal itself when it is a plain string.
    fn put(&mut self, name: &str, value: Value) -> Json {
        if let Value::Str(s) = value {
            return Json::String(s);
        }
        self.0.insert(name.to_owned(), value);
        Json::String(format!("${{{name}}}"))
    }

    /// A serialised property (capacity strategy, placement) with each intrinsic in it replaced
    /// by a placeholder `{prefix}{n}`, numbered in the order they occur.
    fn lift(&mut self, prefix: &str, value: Json) -> Json {
        match value {
            Json::Object(map) if is_intrinsic(&map) => {
                let name = format!(
                    "{prefix}{}",
                    self.0.keys().filter(|k| k.starts_with(prefix)).count()
                );
                let value: Value = intrinsic_value(Json::Object(map));
                self.put(&name, value)
            }
            Json::Object(map) => Json::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let v = self.lift(prefix, v);
                        (k, v)
                    })
                    .collect(),
            ),
            Json::Array(items) => {
                Json::Array(items.into_iter().map(|v| self.lift(prefix, v)).collect())
            }
            other => other,
        }
    }
}

fn is_intrinsic(map: &serde_json::Map<String, Json>) -> bool {
    map.len() == 1 && map.keys().all(|k| k == "Ref" || k.starts_with("Fn::"))
}

/// An intrinsic that was serialised, as a value `DefinitionSubstitutions` takes back verbatim.
fn intrinsic_value(json: Json) -> Value {
    fn back(json: Json) -> Value {
        match json {
            Json::Bool(b) => Value::Bool(b),
            Json::Number(n) => Value::Int(n.as_i64().unwrap_or_default()),
            Json::String(s) => Value::Str(s),
            Json::Array(items) => Value::List(items.into_iter().map(back).collect()),
            Json::Object(map) => Value::Map(map.into_iter().map(|(k, v)| (k, back(v))).collect()),
            Json::Null => Value::Str(String::new()),
        }
    }
    back(json)
}

fn definition(
    target: &Target,
    name: &str,
    job: &Job,
    run: &RunParameters<'_>,
    queue: Option<&LogicalId>,
    subs: &mut Substitutions,
) -> Json {
    // The partition is known when building for a region: written out, the integration ARNs
    // are literal, as cfn-lint's Amazon States Language schema expects them.
    let partition = crate::partition::partition_or_aws(target.region).name();
    let strategy = serde_json::to_value(capacity::strategy_items(target, run.strategy, false))
        .unwrap_or_default();
    let mut parameters = json!({
        "Cluster": subs.put("Cluster", run.cluster.clone()),
        "TaskDefinition": subs.put("TaskDefinition", Value::r#ref(run.task)),
        "CapacityProviderStrategy": subs.lift("CapacityProvider", strategy),
        "NetworkConfiguration": { "AwsvpcConfiguration": {
            // The subnets are one comma-joined string (a substitution is a string); the
            // `States.StringSplit` intrinsic makes the list `RunTask` takes.
            "Subnets.$": format!(
                "States.StringSplit('{}', ',')",
                subs.put(
                    "Subnets",
                    Value::from(Expr::JoinList(",".to_owned(), Box::new(run.subnets.clone()))),
                )
                .as_str()
                .unwrap_or_default()
            ),
            "SecurityGroups": [subs.put("SecurityGroup", Value::get_att(run.security_group, "GroupId"))],
            "AssignPublicIp": run.assign_public_ip,
        } },
        "EnableECSManagedTags": true,
        "PropagateTags": "TASK_DEFINITION",
    });
    if !run.placement.constraints.is_empty() {
        let constraints = serde_json::to_value(&run.placement.constraints).unwrap_or_default();
        parameters["PlacementConstraints"] = subs.lift("Placement", constraints);
    }
    if !run.placement.strategies.is_empty() {
        let strategies = serde_json::to_value(&run.placement.strategies).unwrap_or_default();
        parameters["PlacementStrategy"] = subs.lift("Placement", strategies);
    }

    let mut run_state = json!({
        "Type": "Task",
        "Comment": "run the job's task and wait for it to stop",
        "Resource": format!("arn:{partition}:states:::ecs:runTask.sync"),
        "Parameters": parameters,
        "End": true,
    });
    if let Some(timeout) = job.timeout {
        run_state["TimeoutSeconds"] = json!(timeout);
    }
    let retries = job.retries.unwrap_or(DEFAULT_RETRIES);
    if retries > 0 {
        // `States.TaskFailed` matches every task error except `States.Timeout`: a refused
        // `RunTask` and a task whose essential container exited non-zero, not an overdue run.
        run_state["Retry"] = json!([{
            "ErrorEquals": ["States.TaskFailed"],
            "IntervalSeconds": RETRY_INTERVAL,
            "BackoffRate": BACKOFF_RATE,
            "MaxDelaySeconds": MAX_RETRY_DELAY,
            "MaxAttempts": retries,
        }]);
    }
    let mut states = serde_json::Map::new();
    if let Some(queue) = queue {
        run_state["Catch"] = json!([{ "ErrorEquals": ["States.ALL"], "Next": REPORT_STATE }]);
        if let Some(state) = run_state.as_object_mut() {
            state.remove("End");
        }
        run_state["Next"] = json!(REPORT_STATE);
        states.insert(
            REPORT_STATE.to_owned(),
            json!({
                "Type": "Task",
                "Comment": "report the failed run to the job's dead-letter queue",
                "Resource": format!("arn:{partition}:states:::sqs:sendMessage"),
                "Parameters": {
                    "QueueUrl": subs.put("DeadLetterQueue", Value::r#ref(queue)),
                    "MessageBody": {
                        "job": name,
                        "execution.$": "$$.Execution.Id",
                        "error.$": "$.Error",
                        "cause.$": "$.Cause",
                    },
                },
                "Next": FAIL_STATE,
            }),
        );
        states.insert(
            FAIL_STATE.to_owned(),
            json!({
                "Type": "Fail",
                "Error": "JobFailed",
                "Cause": "the task failed every retry or timed out; the dead-letter queue has its error",
            }),
        );
    }
    states.insert(RUN_STATE.to_owned(), run_state);
    json!({
        "Comment": format!(
            "fleetform: job `{name}` of app `{}` ({})",
            target.app_name(),
            target.env_name
        ),
        "StartAt": RUN_STATE,
        "States": states,
    })
}

/// The role of the state machine: what the `ecs:runTask.sync` integration needs (AWS's "IAM
/// policies for Amazon ECS/AWS Fargate", Run a Job), scoped to the job's task definition
/// family, the environment's cluster and the job's roles, plus the dead-letter queue.
fn add_role(
    t: &mut Template,
    target: &Target,
    name: &str,
    run: &RunParameters<'_>,
    roles: &[&LogicalId],
    queue: Option<&LogicalId>,
) -> LogicalId {
    let mut statements = run_task_statements(target, name, run.cluster, roles);
    // The integration waits for the task (`DescribeTasks`) and stops it when the state times
    // out or the execution is stopped (`StopTask`). AWS's template grants both on `*` since
    // the task ID is unknown in advance; the cluster's task ARNs (`task/{cluster}/{id}`) are.
    statements.push(Statement::allow(
        vec!["ecs:DescribeTasks".to_owned(), "ecs:StopTask".to_owned()],
        vec![cluster_tasks(run.cluster)],
    ));
    // `.sync` learns that the task stopped from the EventBridge rule Step Functions manages
    // in the account.
    statements.push(Statement::allow(
        vec![
            "events:PutTargets".to_owned(),
            "events:PutRule".to_owned(),
            "events:DescribeRule".to_owned(),
        ],
        vec![Value::arn(
            "events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule",
        )],
    ));
    if let Some(queue) = queue {
        statements.push(Statement::allow(
            vec!["sqs:SendMessage".to_owned()],
            vec![Value::get_att(queue, "Arn")],
        ));
    }
    let trust = same_account_trust("states.amazonaws.com");
    let role = id::job_state_machine_role();
    t.add(
        role.clone(),
        Resource::new(res::Role {
            role_name: None,
            assume_role_policy_document: PolicyDocument::new(vec![trust]),
            managed_policy_arns: Vec::new(),
            scope: super::role_scope::of(target),
            policies: vec![Policy {
                policy_name: "run-job".to_owned(),
                policy_document: PolicyDocument::new(statements),
            }],
        }),
    );
    role
}

fn cluster_arn(cluster: &Value) -> Value {
    Value::from(Expr::SubWith(
        "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${Cluster}".to_owned(),
        BTreeMap::from([("Cluster".to_owned(), cluster.clone())]),
    ))
}

/// The ARNs of the cluster's tasks (the long ARN format, `task/{cluster}/{id}`).
fn cluster_tasks(cluster: &Value) -> Value {
    Value::from(Expr::SubWith(
        "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${Cluster}/*".to_owned(),
        BTreeMap::from([("Cluster".to_owned(), cluster.clone())]),
    ))
}

/// A policy condition `{op: {key: value}}`.
pub fn condition(op: &str, key: &str, value: Value) -> BTreeMap<String, BTreeMap<String, Value>> {
    BTreeMap::from([(op.to_owned(), BTreeMap::from([(key.to_owned(), value)]))])
}

/// The trust of a role that AWS service `principal` assumes on this account's behalf only
/// (`aws:SourceAccount`: no other account's schedule or state machine may use it).
pub fn same_account_trust(principal: &str) -> Statement {
    let mut trust = Statement::assume_role(principal);
    trust.condition = condition(
        "StringEquals",
        "aws:SourceAccount",
        Value::sub("${AWS::AccountId}"),
    );
    trust
}

/// What may start this job's task: `ecs:RunTask` on the job's task definition family (any
/// revision) in the environment's cluster only, `iam:PassRole` of exactly the job's roles to
/// ECS tasks, and `ecs:TagResource` on the tasks it starts (managed and propagated tags).
fn run_task_statements(
    target: &Target,
    name: &str,
    cluster: &Value,
    roles: &[&LogicalId],
) -> Vec<Statement> {
    let family = naming::task_family(target.app_name(), target.env_name, name);
    let mut run_task = Statement::allow(
        vec!["ecs:RunTask".to_owned()],
        vec![Value::arn(&format!(
            "ecs:${{AWS::Region}}:${{AWS::AccountId}}:task-definition/{family}:*"
        ))],
    );
    run_task.condition = condition("ArnEquals", "ecs:cluster", cluster_arn(cluster));
    let mut pass_role = Statement::allow(
        vec!["iam:PassRole".to_owned()],
        roles.iter().map(|r| Value::get_att(r, "Arn")).collect(),
    );
    pass_role.condition = condition(
        "StringEquals",
        "iam:PassedToService",
        Value::str("ecs-tasks.amazonaws.com"),
    );
    // Tags propagate to the task at launch (`PropagateTags`), which ECS authorizes as
    // `ecs:TagResource` on the new task.
    let mut tag = Statement::allow(
        vec!["ecs:TagResource".to_owned()],
        vec![cluster_tasks(cluster)],
    );
    tag.condition = condition("StringEquals", "ecs:CreateAction", Value::str("RunTask"));
    vec![run_task, pass_role, tag]
}
