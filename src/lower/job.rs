//! The job stack `{app}-{env}-{job}` of one region: the task definition, roles, logs and
//! security group a service has (lowered by the same code, from [`Job::task`]), no ECS
//! service, and for a scheduled job an `EventBridge` Scheduler schedule with its own role and
//! dead-letter queue, which starts the job's Step Functions state machine (`job_run`): that is
//! what retries a failed task and stops an overdue one. Every job stack outputs the exact `aws
//! ecs run-task` command (`RunTaskCommand`), resolved to real names and IDs by CloudFormation.
//!
//! Scheduler exists in every region fleetform knows (see `partition::Feature::Scheduler`), so
//! there is no `AWS::Events::Rule` fallback.

use std::collections::BTreeMap;

use super::params;
use super::{
    Stack, StackKind, Target, capacity, iam, image_tag, job_run, placement, security, service, task,
};
use crate::cfn::resources::iam::{Policy, PolicyDocument, Statement};
use crate::cfn::resources::{iam as res, scheduler, sqs};
use crate::cfn::{Expr, LogicalId, Output, Resource, Template, Value};
use crate::model::Job;
use crate::naming::{self, id};
use crate::resolved::{StrategyEntry, Workload};

/// Scheduler's defaults for delivering an invocation (starting the state machine's
/// execution), written out so the template says what happens.
const DEFAULT_START_RETRIES: u32 = 185;
const DEFAULT_MAX_AGE: u32 = 86_400;
/// Failed invocations stay in the dead-letter queue for the SQS maximum, 14 days.
const DEAD_LETTER_RETENTION: i64 = 1_209_600;

/// What the job's tasks run with, shared by the schedule and the run-task command.
struct Run {
    cluster: Value,
    subnets: Value,
    security_group: LogicalId,
    task: LogicalId,
    strategy: Vec<StrategyEntry>,
    public_ip: bool,
    placement: placement::Lowered,
}

/// The stack of job `name`; `spec` is its task part, resolved.
pub fn lower(target: &Target, name: &str, job: &Job, spec: &Workload) -> Stack {
    let app = target.app_name();
    let mut t = Template::new(format!(
        "fleetform: job `{name}` of app `{app}`, environment `{}` in {}",
        target.env_name,
        target.place()
    ));

    let (cluster, vpc, subnets) = params::import_workload(&mut t, target, job.public_ip);

    let log_group = service::add_log_group(&mut t, target, name, spec);
    let execution_role = iam::add_execution_role(&mut t, target, spec);
    let task_role = iam::add_task_role(&mut t, target, name, spec);
    let security_group = security::add_service_group(&mut t, &format!("job {name}"), vpc);
    let task = task::add(
        &mut t,
        target,
        name,
        spec,
        spec.compat,
        &execution_role,
        task_role.as_ref(),
        &log_group,
    );
    let run = Run {
        cluster,
        subnets,
        security_group,
        task,
        strategy: spec.strategy.clone(),
        public_ip: job.public_ip,
        placement: job
            .placement
            .as_ref()
            .map(|p| placement::lower(p, &target.scope))
            .unwrap_or_default(),
    };

    if let Some(expression) = &job.schedule {
        let roles: Vec<&LogicalId> = std::iter::once(&execution_role)
            .chain(task_role.as_ref())
            .collect();
        add_schedule(&mut t, target, name, job, expression, &run, &roles);
    }
    t.add_output(
        id::run_task_output(),
        Output {
            description: Some(format!("run job `{name}` once, now")),
            value: run_task_command(target, &run),
        },
    );
    let parameters = image_tag::add_image_tag(&mut t, target);

    Stack {
        app: target.app.name.clone(),
        environment: target.env_name.to_owned(),
        region: target.region.to_owned(),
        name: naming::service_stack(app, target.env_name, name),
        kind: StackKind::Job(name.to_owned()),
        template: t,
        parameters,
        tags: {
            let mut tags = target.tags(None);
            tags.insert("fleetform:job".to_owned(), name.to_owned());
            tags
        },
        depends_on: Vec::new(),
    }
}

fn assign_public_ip(public: bool) -> &'static str {
    if public { "ENABLED" } else { "DISABLED" }
}

/// `aws ecs run-task …` with the stack's real cluster, task definition revision, subnets and
/// security group (a `Fn::Sub`, so the deployed stack's output is ready to paste).
fn run_task_command(target: &Target, run: &Run) -> Value {
    let strategy: Vec<String> = capacity::strategy_items(target, &run.strategy, false)
        .iter()
        .map(|item| {
            let provider = match &item.capacity_provider {
                Value::Str(s) => s.clone(),
                other => serde_json::to_string(other).unwrap_or_default(),
            };
            let weight = item.weight.map(|w| format!(",weight={w}"));
            let base = item.base.map(|b| format!(",base={b}"));
            format!(
                "capacityProvider={provider}{}{}",
                weight.unwrap_or_default(),
                base.unwrap_or_default()
            )
        })
        .collect();
    let mut args = vec![
        "aws ecs run-task".to_owned(),
        "--region ${AWS::Region}".to_owned(),
        "--cluster ${Cluster}".to_owned(),
        "--task-definition ${TaskDefinitionArn}".to_owned(),
        format!("--capacity-provider-strategy {}", strategy.join(" ")),
        format!(
            "--network-configuration 'awsvpcConfiguration={{subnets=[${{Subnets}}],securityGroups=[${{SecurityGroup}}],assignPublicIp={}}}'",
            assign_public_ip(run.public_ip)
        ),
        "--enable-ecs-managed-tags --propagate-tags TASK_DEFINITION".to_owned(),
    ];
    let placement = placement::run_task_args(&run.placement);
    if !placement.is_empty() {
        args.push(placement::shell_join(&placement));
    }
    Value::from(Expr::SubWith(
        args.join(" "),
        BTreeMap::from([
            ("Cluster".to_owned(), run.cluster.clone()),
            ("TaskDefinitionArn".to_owned(), Value::r#ref(&run.task)),
            (
                "Subnets".to_owned(),
                Value::from(Expr::JoinList(
                    ",".to_owned(),
                    Box::new(run.subnets.clone()),
                )),
            ),
            (
                "SecurityGroup".to_owned(),
                Value::get_att(&run.security_group, "GroupId"),
            ),
        ]),
    ))
}

fn add_schedule(
    t: &mut Template,
    target: &Target,
    name: &str,
    job: &Job,
    expression: &str,
    run: &Run,
    roles: &[&LogicalId],
) {
    let queue = job.dead_letter.unwrap_or(true).then(|| {
        let queue = id::dead_letter_queue();
        t.add(
            queue.clone(),
            Resource::new(sqs::Queue {
                sqs_managed_sse_enabled: true,
                message_retention_period: DEAD_LETTER_RETENTION,
            })
            .skip_check(
                "CKV_AWS_27",
                "encrypted at rest with SQS-managed keys (SqsManagedSseEnabled), which checkov does not recognise; a customer KMS key is not configurable in blueprints yet",
            ),
        );
        queue
    });
    let machine = job_run::add(
        t,
        target,
        name,
        job,
        &job_run::RunParameters {
            cluster: &run.cluster,
            subnets: &run.subnets,
            security_group: &run.security_group,
            task: &run.task,
            strategy: &run.strategy,
            assign_public_ip: assign_public_ip(run.public_ip),
            placement: &run.placement,
        },
        roles,
        queue.as_ref(),
    );
    let role = add_scheduler_role(t, target, &machine, queue.as_ref());
    t.add(
        id::schedule(),
        Resource::new(scheduler::Schedule {
            description: Some(format!(
                "fleetform: job `{name}` of app `{}` ({})",
                target.app_name(),
                target.env_name
            )),
            schedule_expression: expression.to_owned(),
            schedule_expression_timezone: job.timezone.clone(),
            flexible_time_window: scheduler::FlexibleTimeWindow {
                mode: "OFF",
                maximum_window_in_minutes: None,
            },
            state: "ENABLED",
            target: scheduler::Target {
                // `Ref` of a state machine is its ARN: Scheduler's templated Step Functions
                // target, `StartExecution` with an empty input.
                arn: Value::r#ref(&machine),
                role_arn: Value::get_att(&role, "Arn"),
                ecs_parameters: None,
                retry_policy: scheduler::RetryPolicy {
                    maximum_retry_attempts: i64::from(DEFAULT_START_RETRIES),
                    maximum_event_age_in_seconds: i64::from(job.max_age.unwrap_or(DEFAULT_MAX_AGE)),
                },
                dead_letter_config: queue.as_ref().map(|q| scheduler::DeadLetterConfig {
                    arn: Value::get_att(q, "Arn"),
                }),
            },
        }),
    );
}

/// The role Scheduler assumes: start executions of the job's state machine only, and write to
/// the job's dead-letter queue.
fn add_scheduler_role(
    t: &mut Template,
    target: &Target,
    machine: &LogicalId,
    queue: Option<&LogicalId>,
) -> LogicalId {
    let mut statements = vec![Statement::allow(
        vec!["states:StartExecution".to_owned()],
        vec![Value::r#ref(machine)],
    )];
    if let Some(queue) = queue {
        statements.push(Statement::allow(
            vec!["sqs:SendMessage".to_owned()],
            vec![Value::get_att(queue, "Arn")],
        ));
    }

    let trust = job_run::same_account_trust("scheduler.amazonaws.com");
    let role = id::scheduler_role();
    t.add(
        role.clone(),
        Resource::new(res::Role {
            role_name: None,
            assume_role_policy_document: PolicyDocument::new(vec![trust]),
            managed_policy_arns: Vec::new(),
            scope: super::role_scope::of(target),
            policies: vec![Policy {
                policy_name: "start-job".to_owned(),
                policy_document: PolicyDocument::new(statements),
            }],
        }),
    );
    role
}

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use super::super::tests::app;
    use super::super::{StackKind, lower};

    fn jobs() -> Vec<super::super::Stack> {
        lower(&app(&json!({
            "blueprint": 1,
            "app": "batch",
            "environments": { "prod": { "regions": ["us-east-1"] } },
            "services": { "api": { "image": "api:1", "cpu": 256, "memory": 512 } },
            "jobs": {
                "report": {
                    "image": "report:1", "cpu": 256, "memory": 512,
                    "schedule": "cron(30 2 * * ? *)", "timezone": "Europe/Berlin",
                    "retries": 3, "max-age": 3600, "timeout": 1800,
                    "permissions": [{ "allow": ["s3:PutObject"], "on": "arn:aws:s3:::b/*" }]
                },
                "migrate": {
                    "image": "api:1", "cpu": 256, "memory": 512, "capacity": "spot",
                    "public-ip": true
                }
            }
        })))
    }

    fn resource<'a>(t: &'a Json, id: &str) -> &'a Json {
        &t["Resources"][id]["Properties"]
    }

    #[test]
    fn job_stacks_follow_services_in_name_order() {
        let stacks = jobs();
        let names: Vec<&str> = stacks.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "batch-prod",
                "batch-prod-api",
                "batch-prod-migrate",
                "batch-prod-report"
            ]
        );
        assert_eq!(stacks[3].kind, StackKind::Job("report".to_owned()));
        assert_eq!(stacks[3].depends_on, ["batch-prod"]);
        assert_eq!(stacks[3].tags["fleetform:job"], "report");
        assert!(!stacks[3].tags.contains_key("fleetform:service"));
    }

    #[test]
    fn scheduled_job_starts_its_state_machine_with_a_least_privilege_role() {
        let t = jobs()[3].template.to_json();
        let s = resource(&t, "Schedule");
        assert_eq!(s["ScheduleExpression"], "cron(30 2 * * ? *)");
        assert_eq!(s["ScheduleExpressionTimezone"], "Europe/Berlin");
        assert_eq!(s["FlexibleTimeWindow"], json!({ "Mode": "OFF" }));
        let target = &s["Target"];
        assert_eq!(target["Arn"], json!({ "Ref": "JobStateMachine" }));
        assert!(target.get("EcsParameters").is_none());
        // Scheduler only retries starting the execution; `retries` is the state machine's.
        assert_eq!(
            target["RetryPolicy"],
            json!({ "MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 3600 })
        );
        assert_eq!(
            target["DeadLetterConfig"]["Arn"],
            json!({ "Fn::GetAtt": ["DeadLetterQueue", "Arn"] })
        );
        assert_eq!(
            resource(&t, "DeadLetterQueue")["SqsManagedSseEnabled"],
            true
        );

        let role = resource(&t, "SchedulerRole");
        let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
        assert_eq!(
            trust["Principal"]["Service"],
            json!(["scheduler.amazonaws.com"])
        );
        assert_eq!(
            trust["Condition"]["StringEquals"]["aws:SourceAccount"],
            json!({ "Fn::Sub": "${AWS::AccountId}" })
        );
        let statements = &role["Policies"][0]["PolicyDocument"]["Statement"];
        assert_eq!(statements[0]["Action"], json!(["states:StartExecution"]));
        assert_eq!(
            statements[0]["Resource"],
            json!([{ "Ref": "JobStateMachine" }])
        );
        assert_eq!(statements[1]["Action"], json!(["sqs:SendMessage"]));
        assert_eq!(statements.as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn state_machine_retries_failed_tasks_stops_overdue_ones_and_reports_to_the_queue() {
        let t = jobs()[3].template.to_json();
        let m = resource(&t, "JobStateMachine");
        assert_eq!(m["StateMachineType"], "STANDARD");
        assert_eq!(m["StateMachineName"], "batch-prod-report");
        let run = &m["Definition"]["States"]["RunTask"];
        assert_eq!(run["Resource"], "arn:aws:states:::ecs:runTask.sync");
        assert_eq!(run["TimeoutSeconds"], 1800);
        assert_eq!(
            run["Retry"],
            json!([{
                "ErrorEquals": ["States.TaskFailed"],
                "IntervalSeconds": 60, "BackoffRate": 2, "MaxDelaySeconds": 3600, "MaxAttempts": 3
            }])
        );
        assert_eq!(
            run["Catch"],
            json!([{ "ErrorEquals": ["States.ALL"], "Next": "ReportFailure" }])
        );
        assert_eq!(run["Next"], "ReportFailure");
        assert!(run.get("End").is_none());
        let p = &run["Parameters"];
        assert_eq!(p["Cluster"], "${Cluster}");
        assert_eq!(p["TaskDefinition"], "${TaskDefinition}");
        assert_eq!(
            p["CapacityProviderStrategy"],
            json!([{ "CapacityProvider": "FARGATE", "Weight": 1 }])
        );
        assert_eq!(
            p["NetworkConfiguration"]["AwsvpcConfiguration"]["Subnets.$"],
            "States.StringSplit('${Subnets}', ',')"
        );
        let report = &m["Definition"]["States"]["ReportFailure"];
        assert_eq!(report["Parameters"]["QueueUrl"], "${DeadLetterQueue}");
        assert_eq!(report["Next"], "Failed");
        assert_eq!(m["Definition"]["States"]["Failed"]["Type"], "Fail");
        let subs = &m["DefinitionSubstitutions"];
        assert_eq!(subs["TaskDefinition"], json!({ "Ref": "TaskDefinition" }));
        assert_eq!(subs["DeadLetterQueue"], json!({ "Ref": "DeadLetterQueue" }));
        assert_eq!(
            subs["Subnets"],
            json!({ "Fn::Join": [",", { "Ref": "PrivateSubnets" }] })
        );
        // No intrinsic inside the definition itself: all of them are substitutions.
        assert!(!m["Definition"].to_string().contains("Fn::"));

        let role = resource(&t, "JobStateMachineRole");
        assert_eq!(
            role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
            json!(["states.amazonaws.com"])
        );
        let statements = &role["Policies"][0]["PolicyDocument"]["Statement"];
        let actions: Vec<&Json> = statements
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["Action"])
            .collect();
        assert_eq!(
            actions,
            [
                &json!(["ecs:RunTask"]),
                &json!(["iam:PassRole"]),
                &json!(["ecs:TagResource"]),
                &json!(["ecs:DescribeTasks", "ecs:StopTask"]),
                &json!(["events:PutTargets", "events:PutRule", "events:DescribeRule"]),
                &json!(["sqs:SendMessage"]),
            ]
        );
        assert_eq!(
            statements[0]["Resource"],
            json!([{ "Fn::Sub": "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/batch-prod-report:*" }])
        );
        assert!(statements[0]["Condition"]["ArnEquals"]["ecs:cluster"].is_object());
        assert_eq!(
            statements[1]["Resource"],
            json!([
                { "Fn::GetAtt": ["ExecutionRole", "Arn"] },
                { "Fn::GetAtt": ["TaskRole", "Arn"] }
            ])
        );
        assert_eq!(
            statements[1]["Condition"]["StringEquals"]["iam:PassedToService"],
            "ecs-tasks.amazonaws.com"
        );
        assert_eq!(
            statements[4]["Resource"],
            json!([{ "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule" }])
        );
    }

    #[test]
    fn without_dead_letter_or_retries_the_run_state_ends_the_execution() {
        let stacks = lower(&app(&json!({
            "blueprint": 1,
            "app": "batch",
            "environments": { "prod": { "regions": ["us-east-1"] } },
            "jobs": { "sync": {
                "image": "sync:1", "cpu": 256, "memory": 512,
                "schedule": "rate(1 hour)", "retries": 0, "dead-letter": false
            } }
        })));
        let t = stacks[1].template.to_json();
        let states = &resource(&t, "JobStateMachine")["Definition"]["States"];
        assert_eq!(states.as_object().map(serde_json::Map::len), Some(1));
        let run = &states["RunTask"];
        assert_eq!(run["End"], true);
        for absent in ["Retry", "Catch", "TimeoutSeconds", "Next"] {
            assert!(run.get(absent).is_none(), "{absent}");
        }
        assert!(t["Resources"].get("DeadLetterQueue").is_none());
    }

    #[test]
    fn run_once_job_has_no_schedule_and_a_run_task_output() {
        let t = jobs()[2].template.to_json();
        let resources = t["Resources"].as_object().unwrap();
        for absent in ["Schedule", "SchedulerRole", "DeadLetterQueue", "Service"] {
            assert!(!resources.contains_key(absent), "{absent}");
        }
        assert!(resources.contains_key("TaskDefinition"));
        let sub = &t["Outputs"]["RunTaskCommand"]["Value"]["Fn::Sub"];
        let text = sub[0].as_str().unwrap();
        assert!(text.starts_with("aws ecs run-task --region ${AWS::Region} --cluster ${Cluster} --task-definition ${TaskDefinitionArn} --capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1 "));
        assert!(text.contains("assignPublicIp=ENABLED"));
        assert_eq!(
            sub[1]["Subnets"],
            json!({ "Fn::Join": [",", { "Ref": "PublicSubnets" }] })
        );
        assert_eq!(
            sub[1]["SecurityGroup"],
            json!({ "Fn::GetAtt": ["ServiceSecurityGroup", "GroupId"] })
        );
    }

    #[test]
    fn every_arn_takes_the_partition_in_china_and_govcloud() {
        let stacks = lower(&app(&json!({
            "blueprint": 1,
            "app": "batch",
            "environments": { "prod": { "regions": ["cn-north-1", "us-gov-west-1"] } },
            "jobs": { "report": {
                "image": "report:1", "cpu": 256, "memory": 512,
                "schedule": "rate(1 day)", "secrets": { "DB": "ssm:/db" }
            } }
        })));
        let jobs: Vec<_> = stacks
            .iter()
            .filter(|s| s.kind == StackKind::Job("report".to_owned()))
            .collect();
        assert_eq!(jobs.len(), 2);
        for stack in jobs {
            let text = stack.template.to_json().to_string();
            assert!(text.contains("AWS::Scheduler::Schedule"));
            assert!(text.contains("AWS::StepFunctions::StateMachine"));
            assert!(!text.contains("arn:aws:"), "{}: {text}", stack.region);
            let partition = if stack.region.starts_with("cn-") {
                "aws-cn"
            } else {
                "aws-us-gov"
            };
            assert!(
                text.contains(&format!("arn:{partition}:states:::ecs:runTask.sync")),
                "{}",
                stack.region
            );
        }
    }
}
