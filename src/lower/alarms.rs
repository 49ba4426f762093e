//! Alarms (`alarms:`): per-service CloudWatch alarms in the service stack, sent to one SNS
//! topic per environment × region in the environment stack.
//!
//! The topic is encrypted with a customer-managed KMS key of its own: CloudWatch publishes to
//! an encrypted topic only when the key policy lets `cloudwatch.amazonaws.com` use the key,
//! and the AWS-managed `alias/aws/sns` key's policy cannot be changed. The environment stack
//! publishes the topic ARN as `/fleetform/{app}/{env}/alarm-topic`.
//!
//! Alarm names are `{app}-{env}-{service}-{alarm}`. ECS and load-balancer metrics are found by
//! names known at compile time (cluster and service names) and by the target group's
//! `TargetGroupFullName` with the load balancer's full name (the `load-balancer-full-name`
//! parameter), so an alarm never refers to the ECS service and can roll its deployment back.

use super::Target;
use super::params::{self, Published};
use crate::cfn::resources::cloudwatch::{self as cw, Dimension, MetricDataQuery, MetricStat};
use crate::cfn::resources::iam::{PolicyDocument, Statement};
use crate::cfn::resources::{kms, sns};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::{AlarmKind, Alarms, Insights, Service};
use crate::naming::{self, id};

/// Seconds per evaluation period.
const PERIOD: i64 = 60;

/// The merged alarm settings of `service`, when it has alarms. A DNS blue/green service runs
/// two ECS services and gets none (FF0632 warns).
pub fn of(target: &Target, service: &Service) -> Option<Alarms> {
    if service.dns_blue_green().is_some() {
        return None;
    }
    Alarms::merged(target.app.alarms.as_ref(), service.alarms.as_ref())
}

/// The alarms `service` gets, with (threshold, periods): explicit settings win; unset ones are
/// on where they apply (a route for load-balancer alarms, Container Insights for `tasks`).
pub fn resolved(target: &Target, service: &Service, routed: bool) -> Vec<(AlarmKind, f64, u32)> {
    let Some(alarms) = of(target, service) else {
        return Vec::new();
    };
    let insights = target.app.cluster.insights != Insights::Disabled;
    AlarmKind::ALL
        .into_iter()
        .filter(|k| routed || !k.needs_route())
        .filter(|k| insights || *k != AlarmKind::Tasks)
        .filter_map(|k| {
            let (threshold, periods) = match alarms.get(k) {
                None => k.defaults(),
                Some(s) => s.resolve(k)?,
            };
            Some((k, threshold, periods))
        })
        .collect()
}

/// Whether any service of the app has alarms (the topic is created only then).
pub fn used(target: &Target) -> bool {
    target
        .app
        .services
        .values()
        .any(|s| of(target, s).is_some())
}

/// Whether a routed service's alarms watch its target group (then the environment publishes
/// the load balancer's full name).
pub fn uses_load_balancer(target: &Target) -> bool {
    target
        .app
        .services
        .values()
        .any(|s| s.route.is_some() && of(target, s).is_some())
}

/// Adds the alarm topic, its key and subscriptions to the environment stack and publishes the
/// topic ARN.
pub fn add_topic(t: &mut Template, target: &Target) {
    if !used(target) {
        return;
    }
    let key = id::alarm_topic_key();
    t.add(
        key.clone(),
        Resource::new(kms::Key {
            description: format!(
                "fleetform: alarm topic of app `{}`, environment `{}`",
                target.app_name(),
                target.env_name
            ),
            enable_key_rotation: true,
            key_policy: key_policy(),
        }),
    );
    let topic = id::alarm_topic();
    t.add(
        topic.clone(),
        Resource::new(sns::Topic {
            topic_name: naming::alarm_topic_name(target.app_name(), target.env_name),
            display_name: format!("{} {} alarms", target.app_name(), target.env_name),
            kms_master_key_id: Value::r#ref(&key),
        }),
    );
    let notify = target
        .app
        .alarms
        .as_ref()
        .map(|a| a.notify.clone())
        .unwrap_or_default();
    for endpoint in &notify {
        t.add(
            id::alarm_subscription(endpoint),
            Resource::new(sns::Subscription {
                topic_arn: Value::r#ref(&topic),
                protocol: if endpoint.starts_with("https://") {
                    "https"
                } else {
                    "email"
                },
                endpoint: target.render(endpoint),
            }),
        );
    }
    params::publish(t, target, Published::AlarmTopic, Value::r#ref(&topic));
}

/// The key policy: the account administers the key (the default key policy); CloudWatch of
/// this account may encrypt the messages alarms publish.
fn key_policy() -> PolicyDocument {
    PolicyDocument::new(vec![
        super::logs::key_admin(),
        Statement::service(
            "CloudWatchAlarmsPublish",
            "cloudwatch.amazonaws.com",
            vec!["kms:Decrypt".to_owned(), "kms:GenerateDataKey*".to_owned()],
            Value::str("*"),
        )
        .when(
            "StringEquals",
            "aws:SourceAccount",
            Value::sub("${AWS::AccountId}"),
        ),
    ])
}

/// Adds the alarms of service `name` (routed through `target_group`, if any); returns the
/// alarms that roll its deployments back (by `Ref`, their names).
pub fn add(
    t: &mut Template,
    target: &Target,
    name: &str,
    service: &Service,
    target_group: Option<&LogicalId>,
) -> Vec<Value> {
    let wanted = resolved(target, service, target_group.is_some());
    if wanted.is_empty() {
        return Vec::new();
    }
    let rollback = of(target, service).and_then(|a| a.rollback) == Some(true);
    let topic = params::import(t, target, Published::AlarmTopic);
    let cluster = naming::cluster_name(target.app_name(), target.env_name);
    let ecs_dims = || {
        vec![
            dim("ClusterName", Value::str(&cluster)),
            dim("ServiceName", Value::str(name)),
        ]
    };
    // With traffic shifting, production traffic moves between the primary and the alternate
    // target group at each deployment: load-balancer alarms watch both.
    let groups: Vec<LogicalId> = target_group
        .into_iter()
        .cloned()
        .chain(
            (target_group.is_some() && service.shifts_traffic())
                .then(|| id::alternate_target_group_on(target.app.load_balancer_of(name))),
        )
        .collect();
    let lb_dims: Vec<Vec<Dimension>> =
        if groups.is_empty() || !wanted.iter().any(|w| w.0.needs_route()) {
            Vec::new()
        } else {
            params::import_lb(
                t,
                target,
                Published::LoadBalancerFullName,
                target.app.load_balancer_of(name),
            );
            let lb = id::stack_parameter(Published::LoadBalancerFullName.key());
            groups
                .iter()
                .map(|tg| {
                    vec![
                        dim("LoadBalancer", Value::r#ref(&lb)),
                        dim("TargetGroup", Value::get_att(tg, "TargetGroupFullName")),
                    ]
                })
                .collect()
        };
    let mut rollback_alarms = Vec::new();
    for (kind, threshold, periods) in wanted {
        let periods = i64::from(periods);
        let description = format!(
            "fleetform: {} of service `{name}` ({} {})",
            describe(kind),
            if kind == AlarmKind::Tasks || kind == AlarmKind::Unhealthy {
                "more than"
            } else {
                "at least"
            },
            unit(kind, threshold)
        );
        let mut alarm = alarm_for(
            kind,
            description,
            (threshold, periods),
            &ecs_dims(),
            &lb_dims,
        );
        alarm.alarm_name = Some(naming::alarm_name(
            target.app_name(),
            target.env_name,
            name,
            kind.key(),
        ));
        alarm.alarm_actions = vec![topic.clone()];
        alarm.ok_actions = vec![topic.clone()];
        let logical = id::alarm(kind.key());
        t.add(logical.clone(), Resource::new(alarm));
        if rollback && kind.health() {
            rollback_alarms.push(Value::r#ref(&logical));
        }
    }
    rollback_alarms
}

/// The alarm of `kind` (without name and actions).
fn alarm_for(
    kind: AlarmKind,
    description: String,
    (threshold, periods): (f64, i64),
    ecs_dims: &[Dimension],
    lb_dims: &[Vec<Dimension>],
) -> cw::Alarm {
    if kind.needs_route() && lb_dims.len() > 1 {
        return across_groups(kind, description, (threshold, periods), lb_dims);
    }
    let lb_dims = lb_dims.first().map(Vec::as_slice);
    match kind {
        AlarmKind::Cpu | AlarmKind::Memory => cw::Alarm::simple(
            description,
            (
                "AWS/ECS",
                if kind == AlarmKind::Cpu {
                    "CPUUtilization"
                } else {
                    "MemoryUtilization"
                },
            ),
            ecs_dims.to_vec(),
            ("Average", PERIOD),
            (threshold, "GreaterThanOrEqualToThreshold", periods),
            Vec::new(),
        ),
        AlarmKind::Tasks => math(
            description,
            vec![
                stat(
                    "running",
                    "ECS/ContainerInsights",
                    "RunningTaskCount",
                    ecs_dims.to_vec(),
                    "Average",
                ),
                stat(
                    "desired",
                    "ECS/ContainerInsights",
                    "DesiredTaskCount",
                    ecs_dims.to_vec(),
                    "Average",
                ),
            ],
            ("desired - running", "tasks below desired"),
            (threshold, "GreaterThanThreshold", periods),
        ),
        AlarmKind::Errors => {
            let dims = lb_dims.unwrap_or_default().to_vec();
            let mut alarm = math(
                description,
                vec![
                    stat(
                        "errors",
                        "AWS/ApplicationELB",
                        "HTTPCode_Target_5XX_Count",
                        dims.clone(),
                        "Sum",
                    ),
                    stat(
                        "requests",
                        "AWS/ApplicationELB",
                        "RequestCount",
                        dims,
                        "Sum",
                    ),
                ],
                (
                    "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)",
                    "5xx responses (%)",
                ),
                (threshold, "GreaterThanOrEqualToThreshold", periods),
            );
            // No requests, no error rate.
            alarm.treat_missing_data = Some("notBreaching");
            alarm
        }
        AlarmKind::Latency => {
            let mut alarm = cw::Alarm::simple(
                description,
                ("AWS/ApplicationELB", "TargetResponseTime"),
                lb_dims.unwrap_or_default().to_vec(),
                ("Average", PERIOD),
                (threshold, "GreaterThanOrEqualToThreshold", periods),
                Vec::new(),
            );
            alarm.statistic = None;
            alarm.extended_statistic = Some("p99".to_owned());
            alarm.treat_missing_data = Some("notBreaching");
            alarm
        }
        AlarmKind::Unhealthy => cw::Alarm::simple(
            description,
            ("AWS/ApplicationELB", "UnHealthyHostCount"),
            lb_dims.unwrap_or_default().to_vec(),
            ("Maximum", PERIOD),
            (threshold, "GreaterThanThreshold", periods),
            Vec::new(),
        ),
    }
}

fn dim(name: &str, value: Value) -> Dimension {
    Dimension {
        name: name.to_owned(),
        value,
    }
}

fn stat(
    query: &str,
    namespace: &str,
    metric: &str,
    dimensions: Vec<Dimension>,
    statistic: &str,
) -> MetricDataQuery {
    MetricDataQuery {
        id: query.to_owned(),
        expression: None,
        label: None,
        metric_stat: Some(MetricStat {
            metric: cw::Metric {
                namespace: namespace.to_owned(),
                metric_name: metric.to_owned(),
                dimensions,
            },
            period: PERIOD,
            stat: statistic.to_owned(),
        }),
        return_data: false,
    }
}

/// A load-balancer alarm over several target groups: the error rate of their sums, the
/// highest p99 latency or unhealthy count of any.
fn across_groups(
    kind: AlarmKind,
    description: String,
    (threshold, periods): (f64, i64),
    groups: &[Vec<Dimension>],
) -> cw::Alarm {
    const ALB: &str = "AWS/ApplicationELB";
    let series = |prefix: &str| -> Vec<String> {
        (0..groups.len())
            .map(|i| format!("FILL({prefix}{i}, 0)"))
            .collect()
    };
    let mut inputs = Vec::new();
    for (i, dims) in groups.iter().enumerate() {
        match kind {
            AlarmKind::Errors => {
                inputs.push(stat(
                    &format!("errors{i}"),
                    ALB,
                    "HTTPCode_Target_5XX_Count",
                    dims.clone(),
                    "Sum",
                ));
                inputs.push(stat(
                    &format!("requests{i}"),
                    ALB,
                    "RequestCount",
                    dims.clone(),
                    "Sum",
                ));
            }
            AlarmKind::Latency => {
                inputs.push(stat(
                    &format!("latency{i}"),
                    ALB,
                    "TargetResponseTime",
                    dims.clone(),
                    "p99",
                ));
            }
            _ => inputs.push(stat(
                &format!("unhealthy{i}"),
                ALB,
                "UnHealthyHostCount",
                dims.clone(),
                "Maximum",
            )),
        }
    }
    let (expression, label, comparison) = match kind {
        AlarmKind::Errors => {
            let requests = series("requests").join(" + ");
            let errors = series("errors").join(" + ");
            (
                format!("IF(({requests}) > 0, 100 * ({errors}) / ({requests}), 0)"),
                "5xx responses (%)",
                "GreaterThanOrEqualToThreshold",
            )
        }
        AlarmKind::Latency => (
            format!("MAX([{}])", series("latency").join(", ")),
            "p99 target response time (s)",
            "GreaterThanOrEqualToThreshold",
        ),
        _ => (
            format!("MAX([{}])", series("unhealthy").join(", ")),
            "unhealthy targets",
            "GreaterThanThreshold",
        ),
    };
    let mut alarm = math(
        description,
        inputs,
        (&expression, label),
        (threshold, comparison, periods),
    );
    if kind != AlarmKind::Unhealthy {
        alarm.treat_missing_data = Some("notBreaching");
    }
    alarm
}

/// A metric-math alarm: `inputs`, then the expression `(text, label)` it alarms on.
fn math(
    description: String,
    mut inputs: Vec<MetricDataQuery>,
    (expression, label): (&str, &str),
    (threshold, comparison, periods): (f64, &str, i64),
) -> cw::Alarm {
    inputs.push(MetricDataQuery {
        id: "value".to_owned(),
        expression: Some(expression.to_owned()),
        label: Some(label.to_owned()),
        metric_stat: None,
        return_data: true,
    });
    let mut alarm = cw::Alarm::simple(
        description,
        ("", ""),
        Vec::new(),
        ("", PERIOD),
        (threshold, comparison, periods),
        Vec::new(),
    );
    alarm.namespace = None;
    alarm.metric_name = None;
    alarm.statistic = None;
    alarm.period = None;
    alarm.metrics = inputs;
    alarm
}

const fn describe(kind: AlarmKind) -> &'static str {
    match kind {
        AlarmKind::Cpu => "CPU utilisation",
        AlarmKind::Memory => "memory utilisation",
        AlarmKind::Tasks => "running tasks below desired",
        AlarmKind::Errors => "target 5xx rate",
        AlarmKind::Latency => "p99 target response time",
        AlarmKind::Unhealthy => "unhealthy targets",
    }
}

fn unit(kind: AlarmKind, threshold: f64) -> String {
    match kind {
        _ if kind.percent() => format!("{threshold} %"),
        AlarmKind::Latency => format!("{threshold} s"),
        AlarmKind::Tasks => format!("{threshold} missing"),
        _ => format!("{threshold}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use crate::lower::tests::small;

    fn template(file: &Json, name: &str) -> Json {
        crate::lower::tests::stack_template(file, name)
    }

    /// The small app with app-level alarms (rollback, a latency threshold) and a worker that
    /// turns memory off.
    fn alarmed() -> Json {
        let mut file = small();
        file["alarms"] = json!({ "notify": ["ops@example.com", "https://hooks.example.com/a"], "rollback": true, "latency": 1.5 });
        file["services"]["worker"]["alarms"] =
            json!({ "memory": false, "cpu": { "threshold": 90, "periods": 2 } });
        file
    }

    #[test]
    fn routed_service_gets_every_alarm_and_rolls_back_on_health_ones() {
        let cart = template(&alarmed(), "shop-test-cart");
        let r = &cart["Resources"];
        for kind in ["Cpu", "Memory", "Tasks", "Errors", "Latency", "Unhealthy"] {
            assert_eq!(
                r[format!("Alarm{kind}")]["Type"],
                "AWS::CloudWatch::Alarm",
                "{kind}"
            );
        }
        let latency = &r["AlarmLatency"]["Properties"];
        assert_eq!(latency["AlarmName"], "shop-test-cart-latency");
        assert_eq!(latency["ExtendedStatistic"], "p99");
        assert!(latency.get("Statistic").is_none());
        assert_eq!(latency["Threshold"], 1.5);
        assert_eq!(
            latency["Dimensions"],
            json!([
                { "Name": "LoadBalancer", "Value": { "Ref": "LoadBalancerFullName" } },
                { "Name": "TargetGroup", "Value": { "Fn::GetAtt": ["TargetGroup", "TargetGroupFullName"] } }
            ])
        );
        assert_eq!(latency["AlarmActions"], json!([{ "Ref": "AlarmTopic" }]));
        assert_eq!(
            cart["Parameters"]["AlarmTopic"]["Default"],
            "/fleetform/shop/test/alarm-topic"
        );
        let errors = &r["AlarmErrors"]["Properties"];
        assert!(errors.get("MetricName").is_none());
        assert_eq!(errors["Metrics"][2]["ReturnData"], true);
        assert_eq!(
            r["Service"]["Properties"]["DeploymentConfiguration"]["Alarms"]["AlarmNames"],
            json!([
                { "Ref": "AlarmTasks" },
                { "Ref": "AlarmErrors" },
                { "Ref": "AlarmLatency" },
                { "Ref": "AlarmUnhealthy" }
            ])
        );
    }

    #[test]
    fn unrouted_service_gets_no_load_balancer_alarms_and_its_overrides() {
        let worker = template(&alarmed(), "shop-test-worker");
        let r = worker["Resources"].as_object().unwrap();
        let alarms: Vec<&str> = r
            .keys()
            .filter(|k| k.starts_with("Alarm"))
            .map(String::as_str)
            .collect();
        assert_eq!(alarms, ["AlarmCpu", "AlarmTasks"]);
        assert_eq!(r["AlarmCpu"]["Properties"]["Threshold"], 90.0);
        assert_eq!(r["AlarmCpu"]["Properties"]["EvaluationPeriods"], 2);
    }

    #[test]
    fn environment_has_an_encrypted_topic_that_cloudwatch_may_use() {
        let env = template(&alarmed(), "shop-test-observability");
        let r = &env["Resources"];
        assert_eq!(
            r["AlarmTopic"]["Properties"]["KmsMasterKeyId"],
            json!({ "Ref": "AlarmTopicKey" })
        );
        let statements = r["AlarmTopicKey"]["Properties"]["KeyPolicy"]["Statement"]
            .as_array()
            .unwrap();
        assert!(
            statements
                .iter()
                .any(|s| s["Principal"]["Service"] == json!(["cloudwatch.amazonaws.com"]))
        );
        let protocols: Vec<&Json> = r
            .as_object()
            .unwrap()
            .values()
            .filter(|v| v["Type"] == "AWS::SNS::Subscription")
            .map(|v| &v["Properties"]["Protocol"])
            .collect();
        assert_eq!(protocols.len(), 2);
        assert!(protocols.contains(&&json!("email")) && protocols.contains(&&json!("https")));
        assert_eq!(
            r["ParameterAlarmTopic"]["Properties"]["Name"],
            "/fleetform/shop/test/alarm-topic"
        );
        let environment = template(&alarmed(), "shop-test");
        assert!(
            environment["Resources"]
                .get("ParameterLoadBalancerFullName")
                .is_some()
        );
    }

    #[test]
    fn traffic_shifting_service_alarms_on_both_target_groups() {
        let mut file = alarmed();
        file["services"]["cart"]["deploy"] = json!({ "strategy": "canary" });
        let cart = template(&file, "shop-test-cart");
        let r = &cart["Resources"];
        let latency = &r["AlarmLatency"]["Properties"];
        assert!(latency.get("ExtendedStatistic").is_none());
        assert_eq!(
            latency["Metrics"][1]["MetricStat"]["Metric"]["Dimensions"][1]["Value"],
            json!({ "Fn::GetAtt": ["TargetGroupAlternate", "TargetGroupFullName"] })
        );
        assert_eq!(latency["Metrics"][1]["MetricStat"]["Stat"], "p99");
        assert_eq!(
            latency["Metrics"][2]["Expression"],
            "MAX([FILL(latency0, 0), FILL(latency1, 0)])"
        );
        assert_eq!(
            r["AlarmErrors"]["Properties"]["Metrics"][4]["Expression"],
            "IF((FILL(requests0, 0) + FILL(requests1, 0)) > 0, 100 * (FILL(errors0, 0) + FILL(errors1, 0)) / (FILL(requests0, 0) + FILL(requests1, 0)), 0)"
        );
    }

    #[test]
    fn without_alarms_nothing_is_added() {
        let env = template(&small(), "shop-test");
        assert!(env["Resources"].get("AlarmTopic").is_none());
        let mut off = alarmed();
        off["services"]["cart"]["alarms"] = json!(false);
        let cart = template(&off, "shop-test-cart");
        assert!(cart["Resources"].get("AlarmCpu").is_none());
        assert!(
            cart["Resources"]["Service"]["Properties"]["DeploymentConfiguration"]
                .get("Alarms")
                .is_none()
        );
    }

    #[test]
    fn metrics_namespace_is_a_condition_on_put_metric_data() {
        let mut file = small();
        file["services"]["worker"]["metrics"] = json!(true);
        let worker = template(&file, "shop-test-worker");
        let statement = &worker["Resources"]["TaskRole"]["Properties"]["Policies"][0]["PolicyDocument"]
            ["Statement"][0];
        assert_eq!(statement["Action"], json!(["cloudwatch:PutMetricData"]));
        assert_eq!(statement["Resource"], json!(["*"]));
        assert_eq!(
            statement["Condition"],
            json!({ "StringEquals": { "cloudwatch:namespace": "shop/worker" } })
        );
    }

    #[test]
    fn dashboard_lists_services_in_name_order() {
        let mut file = small();
        file["dashboard"] = json!(true);
        let env = template(&file, "shop-test-observability");
        let d = &env["Resources"]["Dashboard"]["Properties"];
        assert_eq!(d["DashboardName"], "shop-test-us-east-1");
        let body = d["DashboardBody"]["Fn::Sub"].as_str().unwrap();
        let parsed: Json = serde_json::from_str(body).unwrap();
        let titles: Vec<&str> = parsed["widgets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["properties"]["title"].as_str().unwrap())
            .collect();
        let cart = titles.iter().position(|t| *t == "cart: CPU and memory");
        let worker = titles.iter().position(|t| *t == "worker: CPU and memory");
        assert!(cart.unwrap() < worker.unwrap(), "{titles:?}");
        // The load balancer is in the environment stack: its name arrives through SSM.
        assert!(body.contains("${LoadBalancerFullName}"));
        assert_eq!(
            env["Parameters"]["LoadBalancerFullName"]["Default"],
            "/fleetform/shop/test/load-balancer-full-name"
        );
    }
}
