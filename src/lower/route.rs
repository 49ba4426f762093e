//! A service's route on the shared load balancer: its target group and listener rule.

use super::Target;
use crate::cfn::resources::{KeyValue, elbv2};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::{GRPC_DEFAULT_HEALTH, Route, RouteProtocol};
use crate::naming::id;

/// The target group and listener rule IDs.
pub struct RouteRefs {
    pub target_group: LogicalId,
    pub rule: LogicalId,
}

/// A target group of tasks' IPs on `port` for `route`, health-checked on its health path (no
/// name: names block replacement). A gRPC one says so (`ProtocolVersion: GRPC`) and reads the
/// health check's gRPC status: on AWS's default path `/AWS.ALB/healthcheck`, which no server
/// implements, `12` (`UNIMPLEMENTED`, AWS's default: the server answered gRPC); on a method of
/// the service's own, `0` (`OK`).
pub fn target_group(vpc: Value, port: u16, route: &Route) -> elbv2::TargetGroup {
    let health = route.health_path();
    let grpc = route.protocol == RouteProtocol::Grpc;
    elbv2::TargetGroup {
        vpc_id: vpc,
        port: i64::from(port),
        protocol: "HTTP".to_owned(),
        target_type: "ip".to_owned(),
        health_check_enabled: true,
        health_check_protocol: "HTTP".to_owned(),
        health_check_path: health.to_owned(),
        protocol_version: grpc.then_some("GRPC"),
        matcher: if grpc {
            elbv2::Matcher::grpc(if health == GRPC_DEFAULT_HEALTH {
                "12"
            } else {
                "0"
            })
        } else {
            elbv2::Matcher::http("200-399")
        },
        target_group_attributes: vec![KeyValue::new("deregistration_delay.timeout_seconds", "30")],
        tags: Vec::new(),
    }
}

/// The rule conditions of service `service`'s route: its hosts (or the domain of its load
/// balancer) and paths.
pub fn conditions(target: &Target, service: &str, route: &Route) -> Vec<elbv2::RuleCondition> {
    let mut conditions = Vec::new();
    let hosts = route
        .host
        .as_ref()
        .map(crate::model::StringOrList::to_vec)
        .or_else(|| {
            let lb = target.app.load_balancer_of(service);
            let domain = target.app.load_balancer_settings(lb).domain;
            domain.map(|d| vec![d.clone()])
        });
    if let Some(hosts) = hosts {
        conditions.push(elbv2::RuleCondition::host_header(
            hosts.iter().map(|h| target.render(h)).collect(),
        ));
    }
    if let Some(paths) = &route.path {
        conditions.push(elbv2::RuleCondition::path_pattern(
            paths.to_vec().iter().map(|p| target.render(p)).collect(),
        ));
    }
    if conditions.is_empty() {
        conditions.push(elbv2::RuleCondition::path_pattern(vec![Value::str("/*")]));
    }
    conditions
}

/// The rule action: forward to the target group, or, with an alternate group (blue/green,
/// canary, linear), forward by weight, all to the primary until ECS moves it.
pub fn action(tg: &LogicalId, alternate: Option<&LogicalId>) -> elbv2::Action {
    match alternate {
        None => elbv2::Action::forward(Value::r#ref(tg)),
        Some(alt) => {
            elbv2::Action::forward_weighted(vec![(Value::r#ref(tg), 100), (Value::r#ref(alt), 0)])
        }
    }
}

/// Adds the target group and the listener rule; with `alternate`, the rule forwards by weight
/// to both groups.
#[allow(clippy::too_many_arguments)]
pub fn add(
    t: &mut Template,
    target: &Target,
    (service, route): (&str, &Route),
    port: u16,
    priority: u32,
    vpc: Value,
    listener: Value,
    alternate: Option<&LogicalId>,
) -> RouteRefs {
    let tg = id::target_group_on(target.app.load_balancer_of(service));
    t.add(tg.clone(), Resource::new(target_group(vpc, port, route)));
    let rule = id::listener_rule();
    t.add(
        rule.clone(),
        Resource::new(elbv2::ListenerRule {
            listener_arn: listener,
            priority: i64::from(priority),
            conditions: conditions(target, service, route),
            actions: vec![action(&tg, alternate)],
        }),
    );
    RouteRefs {
        target_group: tg,
        rule,
    }
}
