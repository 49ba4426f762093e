//! The dashboard (`dashboard: true`): one CloudWatch dashboard `{app}-{env}-{region}` per
//! environment × region in the environment stack, generated from the services in name order.
//!
//! The body is built as typed data ([`cloudwatch::DashboardBody`]) and serialised into an `Fn::Sub`, which fills in the
//! region and the load balancer's full name. Target groups get names only when their service
//! stacks are created, so load-balancer widgets find them with a `SEARCH` on the load
//! balancer instead (one line per target group).

use super::Target;
use super::params::{self, Published};
use crate::cfn::resources::cloudwatch::{
    self, DashboardBody, MetricExpression, MetricRow, Widget, WidgetProperties,
};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::{ColourName, Insights};
use crate::naming::{self, id};

const REGION: &str = "${AWS::Region}";

/// Adds the dashboard when the app asks for one.
pub fn add(t: &mut Template, target: &Target) {
    if !target.app.dashboard {
        return;
    }
    // The load balancer lives in the environment stack, which publishes its full name. Named
    // load balancers (`ingress.load-balancers`) have no dashboard widgets yet.
    let single = target.app.named_load_balancers().is_none();
    let lb = (single && super::alb::needed(target)).then(|| {
        params::import(t, target, Published::LoadBalancerFullName);
        id::stack_parameter(Published::LoadBalancerFullName.key())
    });
    let body = body(target, lb.as_ref().map(LogicalId::as_str));
    t.add(
        id::dashboard(),
        Resource::new(cloudwatch::Dashboard {
            dashboard_name: naming::dashboard_name(
                target.app_name(),
                target.env_name,
                target.region,
            ),
            dashboard_body: Value::sub(
                serde_json::to_string(&body).expect("a dashboard body serializes"),
            ),
        }),
    );
}

/// The ECS service names of the app's services (both colours of a DNS blue/green service).
fn ecs_services(target: &Target) -> Vec<String> {
    let mut names = Vec::new();
    for (name, service) in &target.app.services {
        if service.dns_blue_green().is_some() {
            for colour in ColourName::ALL {
                names.push(naming::colour_service_name(name, colour.key()));
            }
        } else {
            names.push(name.clone());
        }
    }
    names
}

/// The dashboard body; `load_balancer` is the stack parameter holding the load balancer's full
/// name.
fn body(target: &Target, load_balancer: Option<&str>) -> DashboardBody {
    let cluster = naming::cluster_name(target.app_name(), target.env_name);
    let insights = target.app.cluster.insights != Insights::Disabled;
    let mut widgets = Vec::new();
    let mut y = 0;
    if let Some(lb) = load_balancer {
        let lb_name = format!("${{{lb}}}");
        for (x, (title, metric, stat)) in [
            ("requests", "RequestCount", "Sum"),
            ("target 5xx responses", "HTTPCode_Target_5XX_Count", "Sum"),
            ("p99 target response time (s)", "TargetResponseTime", "p99"),
        ]
        .into_iter()
        .enumerate()
        {
            let search = format!(
                "SEARCH('{{AWS/ApplicationELB,LoadBalancer,TargetGroup}} MetricName=\"{metric}\" LoadBalancer=\"{lb_name}\"', '{stat}', 60)"
            );
            widgets.push(widget(
                (x * 8, y, 8),
                format!("load balancer: {title} per target group"),
                vec![MetricRow::Expression(MetricExpression {
                    expression: search,
                    id: format!("m{x}"),
                })],
            ));
        }
        y += 6;
    }
    for name in ecs_services(target) {
        let line = |namespace, metric, label| MetricRow::Metric {
            namespace,
            name: metric,
            dimensions: vec![
                ("ClusterName", cluster.clone()),
                ("ServiceName", name.clone()),
            ],
            label,
        };
        let usage = vec![
            line("AWS/ECS", "CPUUtilization", "CPU %"),
            line("AWS/ECS", "MemoryUtilization", "memory %"),
        ];
        widgets.push(widget((0, y, 12), format!("{name}: CPU and memory"), usage));
        if insights {
            let tasks = vec![
                line("ECS/ContainerInsights", "RunningTaskCount", "running"),
                line("ECS/ContainerInsights", "DesiredTaskCount", "desired"),
                line("ECS/ContainerInsights", "PendingTaskCount", "pending"),
            ];
            widgets.push(widget((12, y, 12), format!("{name}: tasks"), tasks));
        }
        y += 6;
    }
    DashboardBody { widgets }
}

/// A time-series widget at `(x, y)` of `width` columns and 6 rows.
fn widget((x, y, width): (usize, usize, usize), title: String, metrics: Vec<MetricRow>) -> Widget {
    Widget {
        widget_type: "metric",
        x,
        y,
        width,
        height: 6,
        properties: WidgetProperties {
            title,
            region: REGION,
            view: "timeSeries",
            stat: "Average",
            period: 60,
            metrics,
        },
    }
}
