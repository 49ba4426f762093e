//! The service stack `{app}-{env}-{service}` of one region: stack parameters from the
//! environment's SSM parameters, logs, IAM, security group, route, task definition and the ECS
//! service itself.

use std::collections::BTreeMap;

use super::params::{self, Published};
use super::{
    Stack, StackKind, Target, alarms, blue_green, calls, capacity, deploy, discovery, iam,
    placement, route, scaling, security, task,
};
use crate::cfn::resources::{ecs, logs};
use crate::cfn::{LogicalId, Parameter, Resource, Template, Value};
use crate::model::{Scheduling, Service};
use crate::naming::{self, id};

/// Without a route, ECS does not wait on a health check; with one, give slow starters 30 s.
const DEFAULT_GRACE_WITH_ROUTE: u32 = 30;

pub fn lower(target: &Target, name: &str, service: &Service, priority: Option<u32>) -> Stack {
    let app = target.app_name();
    let mut t = Template::new(format!(
        "fleetform: service `{name}` of app `{app}`, environment `{}` in {}",
        target.env_name,
        target.place()
    ));

    let (cluster, vpc, subnets) = params::import_workload(&mut t, target, service.public_ip);

    let log_group = add_log_group(&mut t, target, name, service);
    let execution_role = iam::add_execution_role(&mut t, target, service);
    let task_role = iam::add_task_role(&mut t, target, name, service);
    let service_sg = security::add_service_group(&mut t, &format!("service {name}"), vpc.clone());
    calls::add_ingress(&mut t, target, name, &service_sg);
    let caller_group = calls::caller_group(&mut t, target, name);

    let strategy = capacity::service_strategy(target.app, service);
    let compat = capacity::compat(target.app, &strategy);
    if let Some(bg) = service.dns_blue_green() {
        let shared = blue_green::Shared {
            cluster,
            vpc,
            subnets,
            service_sg,
            execution_role,
            task_role,
            log_group,
            strategy,
            compat,
            caller_group,
        };
        let mut parameters = blue_green::add(&mut t, target, name, service, bg, &shared);
        parameters.extend(add_image_tag(&mut t, target));
        return stack(target, name, t, parameters);
    }
    let task = task::add(
        &mut t,
        target,
        name,
        service,
        compat,
        &execution_role,
        task_role.as_ref(),
        &log_group,
    );

    let mut extra_groups: Vec<Value> = caller_group.into_iter().collect();
    let registries = discovery::add_service(&mut t, target, name, service);
    let service_connect = discovery::service_connect(&mut t, target, service, name);
    let routed = add_routing(
        &mut t,
        target,
        service,
        (&service_sg, vpc),
        priority,
        &mut extra_groups,
    );
    let rollback_alarms = alarms::add(&mut t, target, name, service, routed.target_group.as_ref());
    add_ecs_service(
        &mut t,
        target,
        (id::service(), name),
        service,
        &Wiring {
            cluster,
            subnets,
            security_group: service_sg,
            task,
            strategy,
            load_balancers: routed.load_balancers,
            rules: routed.rules,
            extra_groups,
            registries,
            extras: Extras {
                service_connect,
                rollback_alarms,
            },
        },
    );
    scaling::add(&mut t, target, name, service, routed.target_group.as_ref());

    let parameters = add_image_tag(&mut t, target);
    stack(target, name, t, parameters)
}

/// What a routed service is wired to: its load balancers, the rules it waits for and its
/// target group (empty without a route).
struct Routed {
    load_balancers: Vec<ecs::LoadBalancer>,
    rules: Vec<LogicalId>,
    target_group: Option<LogicalId>,
}

/// Adds the route of a routed service: the load balancer's ingress rule, target group and
/// listener rules; the tasks then also join the environment's tasks group.
fn add_routing(
    t: &mut Template,
    target: &Target,
    service: &Service,
    (service_sg, vpc): (&LogicalId, Value),
    priority: Option<u32>,
    extra_groups: &mut Vec<Value>,
) -> Routed {
    let mut load_balancers = Vec::new();
    let mut target_group: Option<LogicalId> = None;
    let mut rules: Vec<LogicalId> = Vec::new();
    // Checks guarantee the route's container and port (FF0303, FF0362).
    if let (Some(share), Some(route), Some((container, port))) = (
        service.load_balancer_share(),
        &service.route,
        task::routed_container(service),
    ) {
        let listener = params::import(t, target, Published::Listener);
        let alb_sg = params::import(t, target, Published::LoadBalancerSecurityGroup);
        security::add_load_balancer_rule(t, service_sg, &alb_sg, port);
        extra_groups.push(params::import(t, target, Published::TasksSecurityGroup));
        let alternate = share
            .shifts_traffic
            .then(|| deploy::add_alternate_target_group(t, route, port, vpc.clone()));
        let priority = priority.unwrap_or(1);
        let refs = route::add(
            t,
            target,
            route,
            port,
            priority,
            vpc,
            listener,
            alternate.as_ref(),
        );
        // With traffic shifting the service refers to both rules, which orders it after them.
        let advanced =
            alternate.map(|alt| deploy::add_test_route(t, target, route, priority, &refs, &alt));
        if advanced.is_none() {
            rules.push(refs.rule.clone());
        }
        load_balancers.push(ecs::LoadBalancer {
            container_name: container,
            container_port: i64::from(port),
            target_group_arn: Value::r#ref(&refs.target_group),
            advanced_configuration: advanced,
        });
        target_group = Some(refs.target_group);
    }
    Routed {
        load_balancers,
        rules,
        target_group,
    }
}

fn stack(target: &Target, name: &str, t: Template, parameters: BTreeMap<String, String>) -> Stack {
    let app = target.app_name();
    Stack {
        app: target.app.name.clone(),
        environment: target.env_name.to_owned(),
        region: target.region.to_owned(),
        name: naming::service_stack(app, target.env_name, name),
        kind: StackKind::Service(name.to_owned()),
        template: t,
        parameters,
        tags: target.tags(Some(name)),
        depends_on: Vec::new(),
    }
}

pub(super) fn add_log_group(
    t: &mut Template,
    target: &Target,
    name: &str,
    service: &Service,
) -> LogicalId {
    let app = target.app_name();
    let log_group = id::log_group();
    let kms_key_id = super::logs::key_for(t, target, service);
    let mut resource = Resource::new(&logs::LogGroup {
        log_group_name: naming::log_group_name(app, target.env_name, name),
        retention_in_days: i64::from(service.logs.retention),
        kms_key_id: kms_key_id.clone(),
    });
    if kms_key_id.is_none() {
        resource = resource.skip_check(
            "CKV_AWS_158",
            "log data is encrypted at rest with CloudWatch Logs' service keys; set `logs.kms-key` for a customer key",
        );
    }
    t.add(log_group.clone(), resource);
    super::logs::add_subscription(t, target, service, &log_group);
    super::logs::add_router_image(t, service);
    log_group
}

/// What the ECS service is wired to.
pub(super) struct Wiring {
    pub cluster: Value,
    pub subnets: Value,
    pub security_group: LogicalId,
    pub task: LogicalId,
    pub strategy: Vec<capacity::StrategyEntry>,
    pub load_balancers: Vec<ecs::LoadBalancer>,
    /// What attaches the target groups to a load balancer (listener rules, or a DNS blue/green
    /// colour's listener) when the service does not refer to it; the service waits for them.
    pub rules: Vec<LogicalId>,
    /// Shared groups the tasks also join (their caller group, the environment's tasks group
    /// when routed).
    pub extra_groups: Vec<Value>,
    /// Cloud Map services the tasks register in.
    pub registries: Vec<ecs::ServiceRegistry>,
    /// Service Connect and alarm rollback.
    pub extras: Extras,
}

/// Wiring only a plain (not DNS blue/green) service has.
#[derive(Debug, Clone, Default)]
pub(super) struct Extras {
    /// ECS Service Connect (with `discovery: service-connect`).
    pub service_connect: Option<ecs::ServiceConnectConfiguration>,
    /// Alarms (by `Ref`, their names) that roll a deployment back besides `deploy.alarms`.
    pub rollback_alarms: Vec<Value>,
}

/// Adds the ECS service as resource `id`, named `name`.
pub(super) fn add_ecs_service(
    t: &mut Template,
    target: &Target,
    (id, name): (LogicalId, &str),
    service: &Service,
    w: &Wiring,
) {
    // The grace period only applies to load-balanced services (ECS rejects it on others).
    let grace =
        (!w.load_balancers.is_empty()).then(|| service.grace.unwrap_or(DEFAULT_GRACE_WITH_ROUTE));
    // A daemon runs one task per instance with launch type EC2: ECS rejects a desired count
    // and a capacity-provider strategy on one.
    let daemon = service.scheduling == Scheduling::Daemon;
    let mut deployment_configuration = deploy::configuration(t, target, service);
    if !w.extras.rollback_alarms.is_empty() {
        let alarms = deployment_configuration
            .alarms
            .get_or_insert_with(|| ecs::DeploymentAlarms {
                alarm_names: Vec::new(),
                enable: true,
                rollback: true,
            });
        alarms
            .alarm_names
            .extend(w.extras.rollback_alarms.iter().cloned());
    }

    let placed = service
        .placement
        .as_ref()
        .map(|p| placement::lower(p, &target.scope))
        .unwrap_or_default();
    let mut resource = Resource::new(&ecs::Service {
        service_name: name.to_owned(),
        cluster: w.cluster.clone(),
        task_definition: Value::r#ref(&w.task),
        scheduling_strategy: daemon.then(|| "DAEMON".to_owned()),
        launch_type: daemon.then(|| "EC2".to_owned()),
        // With auto scaling the count is Application Auto Scaling's: omitted, a stack update
        // keeps the running count (a new service starts at 1 and is brought within bounds).
        desired_count: (!daemon && service.scaling.is_none()).then_some(i64::from(service.count)),
        capacity_provider_strategy: if daemon {
            Vec::new()
        } else {
            capacity::strategy_items(target, &w.strategy, false)
        },
        network_configuration: ecs::NetworkConfiguration {
            awsvpc_configuration: ecs::AwsvpcConfiguration {
                subnets: w.subnets.clone(),
                security_groups: std::iter::once(Value::get_att(&w.security_group, "GroupId"))
                    .chain(w.extra_groups.iter().cloned())
                    .collect(),
                assign_public_ip: if service.public_ip {
                    "ENABLED"
                } else {
                    "DISABLED"
                }
                .to_owned(),
            },
        },
        deployment_configuration,
        load_balancers: w.load_balancers.clone(),
        health_check_grace_period_seconds: grace.map(i64::from),
        // A daemon is pinned to its capacities' instances first, then the blueprint's own.
        placement_constraints: capacity::daemon_constraints(target.app, service)
            .into_iter()
            .chain(placed.constraints)
            .collect(),
        placement_strategies: placed.strategies,
        service_registries: w.registries.clone(),
        service_connect_configuration: w.extras.service_connect.clone(),
        enable_ecs_managed_tags: true,
        propagate_tags: "SERVICE".to_owned(),
        tags: Vec::new(),
    });
    for rule in &w.rules {
        // The target groups must be attached to the load balancer before the service uses them.
        resource = resource.depends_on(rule);
    }
    t.add(id, resource);
}

/// Declares `ImageTag` when a resource uses `{{tag}}`; returns the configuration-file value.
pub(super) fn add_image_tag(t: &mut Template, target: &Target) -> BTreeMap<String, String> {
    add_tag_parameter(t, &id::image_tag(), target.app.tag.as_deref())
}

/// Declares the image-tag parameter `name` when a resource uses it, defaulting to `tag` (so a
/// deploy without the configuration file runs the blueprint's tag); returns its
/// configuration-file value. Checks guarantee a tag wherever `{{tag}}` is used (FF0365);
/// without one the parameter has no default and must be passed, never a silent `latest`.
pub(super) fn add_tag_parameter(
    t: &mut Template,
    name: &LogicalId,
    tag: Option<&str>,
) -> BTreeMap<String, String> {
    let mut parameters = BTreeMap::new();
    if uses_image_tag(t, name) {
        t.add_parameter(
            name.clone(),
            Parameter {
                type_name: "String".to_owned(),
                default: tag.map(str::to_owned),
                description: Some("image tag for `{{tag}}`".to_owned()),
                allowed_pattern: None,
            },
        );
        if let Some(tag) = tag {
            parameters.insert(name.to_string(), tag.to_owned());
        }
    }

    parameters
}

/// Whether any resource uses the image tag: a `Ref` to the `ImageTag` parameter, `${ImageTag}` in
/// a `Fn::Sub`, or a `{{tag}}` that interpolation left as text.
fn uses_image_tag(t: &Template, name: &LogicalId) -> bool {
    fn walk(v: &serde_json::Value, name: &str, needle: &str) -> bool {
        match v {
            serde_json::Value::Object(map) => map.iter().any(|(k, v)| match (k.as_str(), v) {
                ("Ref", serde_json::Value::String(s)) => s == name,
                _ => walk(v, name, needle),
            }),
            serde_json::Value::Array(items) => items.iter().any(|v| walk(v, name, needle)),
            serde_json::Value::String(s) => {
                s.contains(needle) || (s.contains("{{") && s.replace(' ', "").contains("{{tag}}"))
            }
            _ => false,
        }
    }
    let needle = format!("${{{name}}}");
    t.resources
        .values()
        .any(|r| walk(&r.properties, name.as_str(), &needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::ssm;

    fn with_value(value: Value) -> Template {
        let mut t = Template::new("t");
        let props = ssm::Parameter {
            name: "/p".to_owned(),
            parameter_type: "String",
            value,
            description: None,
        };
        t.add(id::service(), Resource::new(&props));
        t
    }

    fn uses_default_tag(t: &Template) -> bool {
        uses_image_tag(t, &id::image_tag())
    }

    #[test]
    fn image_tag_is_found_in_subs_refs_and_unrendered_text() {
        assert!(uses_default_tag(&with_value(Value::sub(
            "repo:${ImageTag}"
        ))));
        assert!(uses_default_tag(&with_value(
            Value::r#ref(&id::image_tag())
        )));
        assert!(uses_default_tag(&with_value(Value::str("repo:{{ tag }}"))));
        assert!(!uses_default_tag(&with_value(Value::str("repo:1.0"))));
        assert!(!uses_default_tag(&with_value(Value::sub("${AWS::Region}"))));
    }
}
