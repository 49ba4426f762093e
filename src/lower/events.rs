//! `EventBridge` rules on the ECS events of an environment's cluster (environment `events`),
//! each forwarding to SNS, SQS or Lambda ARNs. A Lambda target gets the invoke permission here;
//! SNS topics and SQS queues are the user's and must admit `events.amazonaws.com` themselves,
//! except the queue fleetform creates for `sqs: create`, whose policy admits exactly these rules.

use std::collections::BTreeMap;

use super::Target;
use super::params::{self, Published};
use crate::cfn::resources::iam::{PolicyDocument, Statement};
use crate::cfn::resources::{events, lambda, sqs};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::{CREATE_KEY, EventKind, EventTargets};

/// A JSON list of strings (an event-pattern match).
pub(super) fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| Value::str(*s)).collect())
}

/// A JSON object of an event pattern (which may hold intrinsics).
pub(super) fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// The event pattern of `kind` on the cluster named `cluster_name` (in another stack: by ARN).
pub fn pattern(kind: EventKind, cluster_name: &str) -> Value {
    let cluster_arn = || {
        Value::List(vec![Value::arn(&format!(
            "ecs:${{AWS::Region}}:${{AWS::AccountId}}:cluster/{cluster_name}"
        ))])
    };
    let (detail_type, detail, resources) = match kind {
        EventKind::TaskStopped => (
            "ECS Task State Change",
            map(vec![
                ("clusterArn", cluster_arn()),
                ("lastStatus", list(&["STOPPED"])),
                ("stopCode", list(&["EssentialContainerExited"])),
                (
                    "containers",
                    map(vec![(
                        "exitCode",
                        Value::List(vec![map(vec![("anything-but", Value::Int(0))])]),
                    )]),
                ),
            ]),
            None,
        ),
        // Deployment events carry the service ARN in `resources`, not the cluster in `detail`.
        EventKind::DeploymentFailed => (
            "ECS Deployment State Change",
            map(vec![("eventName", list(&["SERVICE_DEPLOYMENT_FAILED"]))]),
            Some(Value::List(vec![map(vec![(
                "prefix",
                Value::arn(&format!(
                    "ecs:${{AWS::Region}}:${{AWS::AccountId}}:service/{cluster_name}/"
                )),
            )])])),
        ),
        EventKind::ServiceAction => (
            "ECS Service Action",
            map(vec![
                ("clusterArn", cluster_arn()),
                ("eventType", list(&["WARN", "ERROR"])),
            ]),
            None,
        ),
    };
    let mut entries = vec![
        ("source", list(&["aws.ecs"])),
        ("detail-type", list(&[detail_type])),
        ("detail", detail),
    ];
    if let Some(resources) = resources {
        entries.push(("resources", resources));
    }
    map(entries)
}

fn describe(kind: EventKind) -> &'static str {
    match kind {
        EventKind::TaskStopped => "tasks stopped by an essential container's non-zero exit",
        EventKind::DeploymentFailed => "failed service deployments",
        EventKind::ServiceAction => "service action warnings and errors",
    }
}

/// Adds a rule per event kind of the environment.
pub fn add(t: &mut Template, target: &Target, cluster_name: &str) {
    let queue = LogicalId::from_parts(&["EventQueue"]);
    let mut queue_rules = Vec::new();
    for (kind, targets) in &target.env.events {
        let rule = LogicalId::from_parts(&["EventRule", kind.key()]);
        t.add(
            rule.clone(),
            Resource::new(events::Rule {
                description: format!("fleetform: {} in cluster {cluster_name}", describe(*kind)),
                event_pattern: pattern(*kind, cluster_name),
                state: "ENABLED",
                targets: rule_targets(target, targets, &queue),
            }),
        );
        if targets.sqs.as_deref() == Some(CREATE_KEY) {
            queue_rules.push(Value::get_att(&rule, "Arn"));
        }
        if let Some(function) = &targets.lambda {
            t.add(
                LogicalId::from_parts(&["EventRule", kind.key(), "Invoke"]),
                Resource::new(lambda::Permission {
                    action: "lambda:InvokeFunction",
                    function_name: target.render(function),
                    principal: "events.amazonaws.com".to_owned(),
                    source_arn: Value::get_att(&rule, "Arn"),
                }),
            );
        }
    }
    if !queue_rules.is_empty() {
        add_queue(t, target, &queue, queue_rules);
    }
}

fn rule_targets(target: &Target, targets: &EventTargets, queue: &LogicalId) -> Vec<events::Target> {
    targets
        .iter()
        .map(|(kind, arn)| events::Target {
            role_arn: None,
            arn: if arn == CREATE_KEY {
                Value::get_att(queue, "Arn")
            } else {
                target.render(arn)
            },
            id: kind.to_owned(),
        })
        .collect()
}

/// The environment's event queue (SSE-SQS, 14 days) and its policy for the rules that use it.
fn add_queue(t: &mut Template, target: &Target, queue: &LogicalId, rules: Vec<Value>) {
    t.add(
        queue.clone(),
        Resource::new(sqs::Queue {
            sqs_managed_sse_enabled: true,
            message_retention_period: 1_209_600,
        })
        .skip_check(
            "CKV_AWS_27",
            "encrypted at rest with SQS-managed keys (SqsManagedSseEnabled), which checkov does not recognise; EventBridge cannot send to a queue under the AWS-managed SQS key",
        ),
    );
    let send = Statement::service(
        "EventBridgeSends",
        "events.amazonaws.com",
        vec!["sqs:SendMessage".to_owned()],
        Value::get_att(queue, "Arn"),
    )
    .when("ArnEquals", "aws:SourceArn", Value::List(rules));
    t.add(
        LogicalId::from_parts(&["EventQueuePolicy"]),
        Resource::new(sqs::QueuePolicy {
            queues: vec![Value::r#ref(queue)],
            policy_document: PolicyDocument::new(vec![send]),
        }),
    );
    params::publish(t, target, Published::EventsQueue, Value::r#ref(queue));
}
