//! The ECS service resource, for a service stack and for each colour of a DNS blue/green
//! service ([`super::blue_green`]): what it is wired to and how it deploys and is placed.

use super::{Target, capacity, deploy, placement};
use crate::cfn::resources::ecs;
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::Scheduling;
use crate::resolved::{StrategyEntry, Workload};

/// Without a route, ECS does not wait on a health check; with one, give slow starters 30 s.
const DEFAULT_GRACE_WITH_ROUTE: u32 = 30;

/// What the ECS service is wired to.
pub(super) struct Wiring {
    pub cluster: Value,
    pub subnets: Value,
    pub security_group: LogicalId,
    pub task: LogicalId,
    pub strategy: Vec<StrategyEntry>,
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
    service: &Workload,
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
    let mut resource = Resource::new(ecs::Service {
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
        placement_constraints: capacity::daemon_constraints(service)
            .into_iter()
            .chain(placed.constraints)
            .collect(),
        placement_strategies: placed.strategies,
        service_registries: w.registries.clone(),
        service_connect_configuration: w.extras.service_connect.clone(),
        enable_ecs_managed_tags: true,
        enable_execute_command: service.exec,
        propagate_tags: "SERVICE".to_owned(),
        tags: Vec::new(),
    });
    for rule in &w.rules {
        // The target groups must be attached to the load balancer before the service uses them.
        resource = resource.depends_on(rule);
    }
    t.add(id, resource);
}
