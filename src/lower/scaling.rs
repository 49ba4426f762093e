//! Service auto scaling: the Application Auto Scaling scalable target of the service's desired
//! count (with its scheduled actions), target-tracking policies, and step policies driven by
//! CloudWatch alarms on custom metrics.

use std::cmp::Ordering;

use super::Target;
use super::params::{self, Published};
use crate::cfn::resources::{applicationautoscaling as aas, cloudwatch};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::check::schedule;
use crate::model::{Cooldown, QueueScaling, Service, Statistic, StepScaling};
use crate::naming::id;

/// The service-linked role Application Auto Scaling uses for ECS; naming it in the template
/// makes Application Auto Scaling create it on first use.
const ROLE: &str = "iam::${AWS::AccountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService";

/// Whether any service of the app scales on load-balancer requests (the environment stack then
/// publishes the load balancer's full name).
pub fn uses_requests(target: &Target) -> bool {
    target
        .app
        .services
        .values()
        .any(|s| s.route.is_some() && s.scaling.as_ref().is_some_and(|x| x.requests.is_some()))
}

/// Adds the scalable target and policies of `service` (named `name`) when it scales;
/// `target_group` is its target group when routed.
pub fn add(
    t: &mut Template,
    target: &Target,
    name: &str,
    service: &Service,
    target_group: Option<&LogicalId>,
) {
    let Some(scaling) = &service.scaling else {
        return;
    };
    let ecs_service = id::service();
    // The cluster stack parameter (already declared by the service stack) holds its name.
    let cluster = id::stack_parameter(Published::Cluster.key());
    let scalable = id::scalable_target();
    t.add(
        scalable.clone(),
        Resource::new(aas::ScalableTarget {
            max_capacity: i64::from(scaling.max),
            min_capacity: i64::from(scaling.min),
            resource_id: Value::sub(format!("service/${{{cluster}}}/${{{ecs_service}.Name}}")),
            role_arn: Value::arn(ROLE),
            scalable_dimension: "ecs:service:DesiredCount".to_owned(),
            service_namespace: "ecs".to_owned(),
            scheduled_actions: schedule::actions(scaling)
                .into_iter()
                .map(|a| aas::ScheduledAction {
                    scheduled_action_name: a.name,
                    schedule: a.schedule,
                    scalable_target_action: aas::ScalableTargetAction {
                        max_capacity: a.max.map(i64::from),
                        min_capacity: a.min.map(i64::from),
                    },
                    timezone: a.timezone,
                    start_time: a.start,
                    end_time: a.end,
                })
                .collect(),
        }),
    );

    let tracking = [
        ("cpu", "ECSServiceAverageCPUUtilization", scaling.cpu),
        (
            "memory",
            "ECSServiceAverageMemoryUtilization",
            scaling.memory,
        ),
        ("requests", "ALBRequestCountPerTarget", scaling.requests),
    ];
    let cooldown = |pick: fn(&Cooldown) -> Option<u32>| {
        scaling.cooldown.as_ref().and_then(pick).map(i64::from)
    };
    let policy = |metric: &str, value: u32, predefined, customized| {
        Resource::new(aas::ScalingPolicy {
            policy_name: format!("{name}-{metric}"),
            policy_type: "TargetTrackingScaling".to_owned(),
            scaling_target_id: Value::r#ref(&scalable),
            target_tracking_scaling_policy_configuration: Some(aas::TargetTracking {
                predefined_metric_specification: predefined,
                customized_metric_specification: customized,
                target_value: i64::from(value),
                scale_in_cooldown: cooldown(|c| c.scale_in),
                scale_out_cooldown: cooldown(|c| c.scale_out),
            }),
            step_scaling_policy_configuration: None,
        })
    };
    for (metric, predefined, value) in tracking {
        let Some(value) = value else { continue };
        let resource_label = if metric == "requests" {
            // Checked: a requests target needs a route (FF0346).
            let Some(tg) = target_group else { continue };
            params::import_lb(
                t,
                target,
                Published::LoadBalancerFullName,
                target.app.load_balancer_of(name),
            );
            let lb = id::stack_parameter(Published::LoadBalancerFullName.key());
            Some(Value::sub(format!(
                "${{{lb}}}/${{{tg}.TargetGroupFullName}}"
            )))
        } else {
            None
        };
        let predefined = aas::PredefinedMetric {
            predefined_metric_type: predefined.to_owned(),
            resource_label,
        };
        t.add(
            id::tracking_policy(metric),
            policy(metric, value, Some(predefined), None),
        );
    }
    if let Some(queue) = &scaling.queue {
        let backlog = backlog_per_task(target, queue, &cluster, &ecs_service);
        t.add(
            id::tracking_policy("queue"),
            policy("queue", queue.backlog_per_task, None, Some(backlog)),
        );
    }

    for (step_name, step) in &scaling.steps {
        add_steps(t, target, name, &scalable, step_name, step);
    }
}

/// The queue's backlog per task by metric math, as in AWS's "SQS queue backlog per task"
/// example: the visible messages (`AWS/SQS`, Sum) over the service's running tasks (Container
/// Insights `RunningTaskCount`, Average; `AWS/ECS` has no task count). Checked: insights are on
/// (FF0463) and `min` is at least 1 (FF0464), since with no running task the ratio has no value
/// and the policy could never scale out.
fn backlog_per_task(
    target: &Target,
    queue: &QueueScaling,
    cluster: &LogicalId,
    service: &LogicalId,
) -> aas::CustomizedMetric {
    let metric = |id: &str, namespace: &str, name: &str, stat: &str, dims: Vec<(&str, Value)>| {
        aas::MetricDataQuery {
            id: id.to_owned(),
            label: None,
            metric_stat: Some(aas::MetricStat {
                metric: aas::Metric {
                    namespace: namespace.to_owned(),
                    metric_name: name.to_owned(),
                    dimensions: dims
                        .into_iter()
                        .map(|(name, value)| aas::MetricDimension {
                            name: name.to_owned(),
                            value,
                        })
                        .collect(),
                },
                stat: stat.to_owned(),
            }),
            expression: None,
            return_data: false,
        }
    };
    aas::CustomizedMetric {
        metrics: vec![
            metric(
                "visible",
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                "Sum",
                vec![("QueueName", target.render(queue.queue_name()))],
            ),
            metric(
                "running",
                "ECS/ContainerInsights",
                "RunningTaskCount",
                "Average",
                vec![
                    ("ClusterName", Value::r#ref(cluster)),
                    ("ServiceName", Value::get_att(service, "Name")),
                ],
            ),
            aas::MetricDataQuery {
                id: "backlog".to_owned(),
                label: Some("messages visible per running task".to_owned()),
                metric_stat: None,
                expression: Some("visible / running".to_owned()),
                return_data: true,
            },
        ],
    }
}

/// One step policy and alarm per direction. Step bounds are relative to the alarm threshold:
/// scale-out steps start at the lowest `above`, scale-in steps at the highest `below`.
fn add_steps(
    t: &mut Template,
    target: &Target,
    service: &str,
    scalable: &LogicalId,
    name: &str,
    step: &StepScaling,
) {
    let by = |a: &f64, b: &f64| a.partial_cmp(b).unwrap_or(Ordering::Equal);
    let mut out: Vec<(f64, i64)> = step
        .out
        .iter()
        .map(|s| (s.above, i64::from(s.add)))
        .collect();
    out.sort_by(|a, b| by(&a.0, &b.0));
    let mut scale_in: Vec<(f64, i64)> = step
        .scale_in
        .iter()
        .map(|s| (s.below, -i64::from(s.remove)))
        .collect();
    scale_in.sort_by(|a, b| by(&b.0, &a.0));

    for (direction, steps) in [("out", out), ("in", scale_in)] {
        let Some(&(threshold, _)) = steps.first() else {
            continue;
        };
        let adjustments = steps
            .iter()
            .enumerate()
            .map(|(i, &(at, change))| {
                let next = steps.get(i + 1).map(|&(n, _)| n - threshold);
                let here = at - threshold;
                let (lower, upper) = if direction == "out" {
                    (Some(here), next)
                } else {
                    (next, Some(here))
                };
                aas::StepAdjustment {
                    metric_interval_lower_bound: lower,
                    metric_interval_upper_bound: upper,
                    scaling_adjustment: change,
                }
            })
            .collect();
        let policy = id::step_policy(name, direction);
        t.add(
            policy.clone(),
            Resource::new(aas::ScalingPolicy {
                policy_name: format!("{service}-{name}-{direction}"),
                policy_type: "StepScaling".to_owned(),
                scaling_target_id: Value::r#ref(scalable),
                target_tracking_scaling_policy_configuration: None,
                step_scaling_policy_configuration: Some(aas::StepScaling {
                    adjustment_type: "ChangeInCapacity".to_owned(),
                    cooldown: step.cooldown.map(i64::from),
                    metric_aggregation_type: match step.metric.statistic {
                        s @ (Statistic::Minimum | Statistic::Maximum) => s.name(),
                        _ => "Average",
                    }
                    .to_owned(),
                    step_adjustments: adjustments,
                }),
            }),
        );
        let metric = &step.metric;
        t.add(
            id::step_alarm(name, direction),
            Resource::new(cloudwatch::Alarm::simple(
                format!(
                    "fleetform: scale {direction} service `{service}` on {}/{} ({name})",
                    metric.namespace, metric.name
                ),
                (&metric.namespace, &metric.name),
                metric
                    .dimensions
                    .iter()
                    .map(|(k, v)| cloudwatch::Dimension {
                        name: k.clone(),
                        value: target.render(v),
                    })
                    .collect(),
                (metric.statistic.name(), i64::from(step.period)),
                (
                    threshold,
                    if direction == "out" {
                        "GreaterThanOrEqualToThreshold"
                    } else {
                        "LessThanOrEqualToThreshold"
                    },
                    i64::from(step.periods),
                ),
                vec![Value::r#ref(&policy)],
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use crate::lower::tests::{app, small};
    use crate::lower::{Stack, lower};

    fn resources(stacks: &[Stack], name: &str) -> Json {
        let stack = stacks
            .iter()
            .find(|s| s.name == name)
            .expect("stack exists");
        stack.template.to_json()["Resources"].clone()
    }

    fn scaled() -> Vec<Stack> {
        let mut file = small();
        file["services"]["cart"]["scaling"] = json!({
            "min": 2, "max": 10, "requests": 500, "cpu": 60,
            "cooldown": { "in": 300, "out": 60 },
            "timezone": "Asia/Shanghai",
            "schedule": { "sale": { "from": "2026-11-10T23:00", "until": "2026-11-12T02:00", "min": 8 } }
        });
        file["services"]["worker"]["scaling"] = json!({
            "min": 1, "max": 4,
            "steps": { "queue": {
                "metric": { "namespace": "Shop/Jobs", "name": "Depth", "dimensions": { "Queue": "jobs-{{env}}" } },
                "out": [{ "above": 300, "add": 3 }, { "above": 100, "add": 1 }],
                "in": [{ "below": 5, "remove": 2 }, { "below": 10, "remove": 1 }]
            } }
        });
        file["cluster"]["capacity"]["general"]["termination-protection"] = json!(true);
        lower(&app(&file))
    }

    #[test]
    fn scaling_services_leave_the_count_to_application_auto_scaling() {
        let stacks = scaled();
        let cart = resources(&stacks, "shop-test-cart");
        assert!(cart["Service"]["Properties"].get("DesiredCount").is_none());
        let target = &cart["ScalableTarget"]["Properties"];
        assert_eq!(
            (target["MinCapacity"].clone(), target["MaxCapacity"].clone()),
            (json!(2), json!(10))
        );
        assert_eq!(
            target["ResourceId"],
            json!({ "Fn::Sub": "service/${Cluster}/${Service.Name}" })
        );
        let actions = target["ScheduledActions"].as_array().unwrap();
        assert_eq!(actions[0]["ScheduledActionName"], "sale-start");
        assert_eq!(
            actions[0]["ScalableTargetAction"],
            json!({ "MinCapacity": 8, "MaxCapacity": 10 })
        );
        assert_eq!(actions[1]["Schedule"], "at(2026-11-12T02:00:00)");
        assert_eq!(
            actions[1]["ScalableTargetAction"],
            json!({ "MinCapacity": 2, "MaxCapacity": 10 })
        );
        assert_eq!(actions[1]["Timezone"], "Asia/Shanghai");
        let label = &cart["ScalingPolicyRequests"]["Properties"]["TargetTrackingScalingPolicyConfiguration"]
            ["PredefinedMetricSpecification"]["ResourceLabel"];
        assert_eq!(
            label,
            &json!({ "Fn::Sub": "${LoadBalancerFullName}/${TargetGroup.TargetGroupFullName}" })
        );
        let env = resources(&stacks, "shop-test");
        assert_eq!(
            env["ParameterLoadBalancerFullName"]["Properties"]["Value"],
            json!({ "Fn::GetAtt": ["LoadBalancer", "LoadBalancerFullName"] })
        );
        // A service without scaling keeps its count.
        let plain = lower(&app(&small()));
        assert_eq!(
            resources(&plain, "shop-test-cart")["Service"]["Properties"]["DesiredCount"],
            json!(1)
        );
        assert!(
            resources(&plain, "shop-test")
                .get("ParameterLoadBalancerFullName")
                .is_none()
        );
    }

    #[test]
    fn step_intervals_are_relative_to_the_alarm_threshold() {
        let stacks = scaled();
        let worker = resources(&stacks, "shop-test-worker");
        let out = &worker["ScalingStepQueueOut"]["Properties"]["StepScalingPolicyConfiguration"];
        assert_eq!(
            out["StepAdjustments"],
            json!([
                { "MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 200.0, "ScalingAdjustment": 1 },
                { "MetricIntervalLowerBound": 200.0, "ScalingAdjustment": 3 }
            ])
        );
        let scale_in =
            &worker["ScalingStepQueueIn"]["Properties"]["StepScalingPolicyConfiguration"];
        assert_eq!(
            scale_in["StepAdjustments"],
            json!([
                { "MetricIntervalLowerBound": -5.0, "MetricIntervalUpperBound": 0.0, "ScalingAdjustment": -1 },
                { "MetricIntervalUpperBound": -5.0, "ScalingAdjustment": -2 }
            ])
        );
        let alarm = &worker["ScalingAlarmQueueOut"]["Properties"];
        assert_eq!(alarm["Threshold"], json!(100.0));
        assert_eq!(
            alarm["AlarmActions"],
            json!([{ "Ref": "ScalingStepQueueOut" }])
        );
        assert_eq!(
            alarm["Dimensions"],
            json!([{ "Name": "Queue", "Value": "jobs-test" }])
        );
        assert_eq!(
            worker["ScalingAlarmQueueIn"]["Properties"]["Threshold"],
            json!(10.0)
        );
    }

    #[test]
    fn queue_scaling_tracks_visible_messages_per_running_task() {
        let mut file = small();
        file["services"]["worker"]["scaling"] = json!({
            "min": 1, "max": 8, "cooldown": { "in": 120 },
            "queue": { "name": "arn:aws:sqs:us-east-1:123456789012:jobs-{{env}}", "backlog-per-task": 50 }
        });
        file["services"]["worker"]["stop-timeout"] = json!(110);
        let worker = resources(&lower(&app(&file)), "shop-test-worker");
        let config =
            &worker["ScalingPolicyQueue"]["Properties"]["TargetTrackingScalingPolicyConfiguration"];
        assert!(config.get("PredefinedMetricSpecification").is_none());
        assert_eq!(
            (
                config["TargetValue"].clone(),
                config["ScaleInCooldown"].clone()
            ),
            (json!(50), json!(120))
        );
        let metrics = &config["CustomizedMetricSpecification"]["Metrics"];
        assert_eq!(
            metrics[0]["MetricStat"]["Metric"]["Dimensions"],
            json!([{ "Name": "QueueName", "Value": "jobs-test" }])
        );
        assert_eq!(
            metrics[1]["MetricStat"]["Metric"]["Dimensions"],
            json!([
                { "Name": "ClusterName", "Value": { "Ref": "Cluster" } },
                { "Name": "ServiceName", "Value": { "Fn::GetAtt": ["Service", "Name"] } }
            ])
        );
        assert_eq!(metrics[2]["Expression"], "visible / running");
        let returned: Vec<bool> = metrics
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["ReturnData"].as_bool().unwrap())
            .collect();
        assert_eq!(returned, [false, false, true]);
        let containers = &worker["TaskDefinition"]["Properties"]["ContainerDefinitions"];
        assert_eq!(containers[0]["StopTimeout"], json!(110));
    }

    #[test]
    fn termination_protection_protects_new_instances() {
        let env = resources(&scaled(), "shop-test");
        assert_eq!(
            env["CapacityGeneralAutoScalingGroup"]["Properties"]["NewInstancesProtectedFromScaleIn"],
            json!(true)
        );
        assert_eq!(
            env["CapacityGeneralProvider"]["Properties"]["AutoScalingGroupProvider"]["ManagedTerminationProtection"],
            "ENABLED"
        );
        let plain = resources(&lower(&app(&small())), "shop-test");
        assert_eq!(
            plain["CapacityGeneralAutoScalingGroup"]["Properties"]["NewInstancesProtectedFromScaleIn"],
            json!(false)
        );
    }
}
