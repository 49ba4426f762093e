//! Semantic rules: one file per rule, each a `check(&Context) -> Vec<Diagnostic>` plus its
//! documentation. Every rule runs on every merged app, so one failing rule never hides another.

mod alarm_blue_green;
mod alarm_insights;
mod alarm_notify;
mod alarm_route;
mod alarm_threshold;
mod arn_partition;
mod arn_region;
mod blue_green;
mod blue_green_colours;
mod blue_green_combination;
mod blue_green_name;
mod blue_green_route;
mod blue_green_weights;
mod blue_green_zone;
mod boundary_denied;
mod call_discovery;
mod call_duplicate;
mod call_job;
mod call_port;
mod call_rule_count;
mod call_self;
mod call_unknown;
mod capacity_bounds;
mod certificate;
mod config_collision;
mod config_missing;
mod config_path;
mod config_secret;
mod config_unknown;
mod container_count;
mod container_form;
mod container_sizes;
mod control_characters;
mod count_scaling;
mod credential_value;
mod daemon_count;
mod daemon_deploy;
mod daemon_fargate;
mod daemon_placement;
mod daemon_scaling;
mod deploy_duration;
mod deploy_percent;
mod deploy_progress;
mod deploy_region;
mod deploy_route;
mod deploy_settings;
mod discovery_unused;
mod duplicate_priority;
mod duplicate_region;
mod duplicate_route;
mod ecr_image;
mod essential;
mod event_target;
mod fargate_size;
mod global_partition;
mod global_policy;
mod global_without_lb;
mod health_command;
mod health_timeout;
mod hook_function;
mod host_scaling;
mod image_tag;
mod imported_network;
mod interpolation;
mod job_port;
mod job_rate_timezone;
mod job_retry_bounds;
mod job_schedule;
mod job_timezone;
mod job_unscheduled;
mod kms_alias_permission;
mod load_balancer_rules;
mod log_analytics_opensearch;
mod log_key;
mod log_retention;
mod log_router_name;
mod logical_id;
mod metrics_namespace;
mod mixed_strategy;
mod name_collision;
mod name_length;
mod nat_none;
mod network_cidr;
mod no_regions;
mod override_name;
mod override_region;
mod pipeline_approval_first;
mod pipeline_deploy_order;
mod pipeline_environment;
mod pipeline_image;
mod pipeline_install;
mod pipeline_region;
mod pipeline_service;
mod pipeline_source;
mod placement;
mod placement_ami;
mod placement_attribute;
mod placement_constraint_count;
mod placement_fargate;
mod placement_length;
mod placement_network_zone;
mod placement_strategy_count;
mod placement_syntax;
mod placement_unsatisfiable;
mod placement_zone;
mod plain_secret;
mod privilege_escalation;
mod public_ip_ec2;
mod region_vars;
mod rendered;
mod requests_route;
mod route_container;
mod route_count;
mod route_host;
mod route_path;
mod route_port;
mod route_text;
mod route_values;
mod route_wildcards;
mod scaling_bounds;
mod schedule_capacity;
mod schedule_dst_gap;
mod schedule_expression;
mod schedule_names;
mod schedule_past;
mod schedule_time;
mod secret_ref;
mod stackset_order;
mod stackset_partition;
mod step_thresholds;
mod tag_default;
mod task_fit;
mod task_size;
mod test_clients;
mod time_zone;
mod unknown_capacity;
mod unknown_region;
mod var_interpolation;
mod wildcard_permission;
mod zone_count;
mod zone_literal;

use super::RuleDoc;
use super::context::{ContainerRef, Context};
use crate::diagnostic::Diagnostic;
use crate::model::{App, Capacity, CapacityChoice, Service};
use crate::source::escape_token;

type Rule = fn(&Context<'_>) -> Vec<Diagnostic>;

const RULES: &[Rule] = &[
    unknown_region::check,
    duplicate_region::check,
    no_regions::check,
    fargate_size::check,
    image_tag::check,
    tag_default::check,
    route_port::check,
    route_container::check,
    route_values::check,
    route_host::check,
    route_path::check,
    route_wildcards::check,
    container_form::check,
    essential::check,
    container_sizes::check,
    duplicate_route::check,
    duplicate_priority::check,
    plain_secret::check,
    credential_value::check,
    secret_ref::check,
    wildcard_permission::check,
    privilege_escalation::check,
    boundary_denied::check,
    kms_alias_permission::check,
    count_scaling::check,
    log_retention::check,
    log_key::check,
    log_router_name::check,
    event_target::check,
    log_analytics_opensearch::check,
    name_length::check,
    unknown_capacity::check,
    mixed_strategy::check,
    capacity_bounds::check,
    interpolation::check,
    var_interpolation::check,
    network_cidr::check,
    test_clients::check,
    load_balancer_rules::check,
    imported_network::check,
    certificate::check,
    health_timeout::check,
    health_command::check,
    logical_id::check,
    arn_partition::check,
    arn_region::check,
    ecr_image::check,
    zone_literal::check,
    global_policy::check,
    global_without_lb::check,
    region_vars::check,
    public_ip_ec2::check,
    nat_none::check,
    override_region::check,
    override_name::check,
    global_partition::check,
    deploy_region::check,
    stackset_partition::check,
    stackset_order::check,
    zone_count::check,
    name_collision::check,
    route_count::check,
    scaling_bounds::check,
    schedule_capacity::check,
    schedule_time::check,
    schedule_past::check,
    schedule_dst_gap::check,
    schedule_expression::check,
    time_zone::check,
    schedule_names::check,
    requests_route::check,
    step_thresholds::check,
    host_scaling::check,
    task_fit::check,
    task_size::check,
    container_count::check,
    control_characters::check,
    deploy_progress::check,
    deploy_route::check,
    deploy_percent::check,
    daemon_fargate::check,
    daemon_count::check,
    daemon_deploy::check,
    deploy_settings::check,
    hook_function::check,
    deploy_duration::check,
    job_schedule::check,
    job_timezone::check,
    job_unscheduled::check,
    job_retry_bounds::check,
    job_rate_timezone::check,
    job_port::check,
    placement_fargate::check,
    placement_syntax::check,
    placement_attribute::check,
    placement_unsatisfiable::check,
    placement_zone::check,
    placement_network_zone::check,
    placement_ami::check,
    placement_constraint_count::check,
    placement_strategy_count::check,
    placement_length::check,
    blue_green_weights::check,
    blue_green_colours::check,
    blue_green_route::check,
    blue_green_name::check,
    blue_green_zone::check,
    blue_green_combination::check,
    daemon_scaling::check,
    daemon_placement::check,
    call_unknown::check,
    call_port::check,
    call_self::check,
    call_job::check,
    call_discovery::check,
    call_duplicate::check,
    discovery_unused::check,
    call_rule_count::check,
    alarm_route::check,
    alarm_insights::check,
    alarm_blue_green::check,
    alarm_threshold::check,
    alarm_notify::check,
    metrics_namespace::check,
    config_unknown::check,
    config_missing::check,
    config_secret::check,
    config_collision::check,
    config_path::check,
    pipeline_environment::check,
    pipeline_deploy_order::check,
    pipeline_approval_first::check,
    pipeline_service::check,
    pipeline_source::check,
    pipeline_region::check,
    pipeline_image::check,
    pipeline_install::check,
];

/// The documentation of every semantic rule.
pub const DOCS: &[RuleDoc] = &[
    unknown_region::DOC,
    var_interpolation::DOC,
    duplicate_region::DOC,
    fargate_size::DOC,
    image_tag::DOC,
    route_port::DOC,
    duplicate_route::DOC,
    plain_secret::DOC,
    credential_value::DOC,
    wildcard_permission::DOC,
    log_retention::DOC,
    name_length::DOC,
    unknown_capacity::DOC,
    secret_ref::DOC,
    secret_ref::DOC_WILDCARD,
    container_form::DOC,
    container_sizes::DOC,
    route_container::DOC,
    essential::DOC,
    health_timeout::DOC,
    health_command::DOC,
    mixed_strategy::DOC,
    logical_id::DOC,
    image_tag::DOC_LATEST,
    tag_default::DOC,
    wildcard_permission::DOC_RESOURCE,
    privilege_escalation::DOC,
    boundary_denied::DOC,
    kms_alias_permission::DOC,
    count_scaling::DOC,
    no_regions::DOC,
    network_cidr::DOC,
    test_clients::DOC,
    load_balancer_rules::DOC,
    imported_network::DOC,
    log_key::DOC,
    log_router_name::DOC,
    event_target::DOC,
    log_analytics_opensearch::DOC,
    certificate::DOC,
    capacity_bounds::DOC,
    duplicate_priority::DOC,
    route_values::DOC,
    route_host::DOC,
    route_path::DOC,
    route_wildcards::DOC,
    arn_partition::DOC,
    arn_region::DOC,
    ecr_image::DOC,
    ecr_image::DOC_REGION,
    zone_literal::DOC,
    global_policy::DOC,
    global_without_lb::DOC,
    region_vars::DOC,
    public_ip_ec2::DOC,
    nat_none::DOC,
    override_region::DOC,
    override_name::DOC,
    global_partition::DOC,
    deploy_region::DOC,
    stackset_partition::DOC,
    stackset_order::DOC,
    zone_count::DOC,
    name_collision::DOC,
    route_count::DOC,
    scaling_bounds::DOC,
    schedule_capacity::DOC,
    schedule_time::DOC,
    schedule_past::DOC,
    schedule_dst_gap::DOC,
    schedule_expression::DOC,
    time_zone::DOC,
    schedule_names::DOC,
    requests_route::DOC,
    step_thresholds::DOC,
    host_scaling::DOC,
    task_fit::DOC,
    task_size::DOC,
    container_count::DOC,
    control_characters::DOC,
    control_characters::DOC_CONTROL,
    deploy_progress::DOC,
    deploy_route::DOC,
    deploy_percent::DOC,
    daemon_fargate::DOC,
    daemon_count::DOC,
    daemon_deploy::DOC,
    deploy_settings::DOC,
    hook_function::DOC,
    deploy_duration::DOC,
    job_schedule::DOC,
    job_timezone::DOC,
    job_unscheduled::DOC,
    job_retry_bounds::DOC,
    job_rate_timezone::DOC,
    job_port::DOC,
    placement_fargate::DOC,
    placement_syntax::DOC,
    placement_attribute::DOC,
    placement_unsatisfiable::DOC,
    placement_zone::DOC,
    placement_network_zone::DOC,
    placement_ami::DOC,
    placement_constraint_count::DOC,
    placement_strategy_count::DOC,
    placement_length::DOC,
    blue_green_weights::DOC,
    blue_green_colours::DOC,
    blue_green_route::DOC,
    blue_green_name::DOC,
    blue_green_zone::DOC,
    blue_green_combination::DOC,
    daemon_scaling::DOC,
    daemon_placement::DOC,
    call_unknown::DOC,
    call_port::DOC,
    call_self::DOC,
    call_job::DOC,
    call_discovery::DOC,
    call_duplicate::DOC,
    discovery_unused::DOC,
    call_rule_count::DOC,
    alarm_route::DOC,
    alarm_insights::DOC,
    alarm_blue_green::DOC,
    alarm_threshold::DOC,
    alarm_notify::DOC,
    metrics_namespace::DOC,
    config_unknown::DOC,
    config_missing::DOC,
    config_secret::DOC,
    config_collision::DOC,
    config_path::DOC,
    pipeline_environment::DOC,
    pipeline_deploy_order::DOC,
    pipeline_deploy_order::DOC_NOT_DEPLOYED,
    pipeline_approval_first::DOC,
    pipeline_service::DOC,
    pipeline_source::DOC,
    pipeline_source::DOC_S3,
    pipeline_source::DOC_CODECOMMIT,
    pipeline_source::DOC_PER_SERVICE,
    pipeline_region::DOC,
    pipeline_region::DOC_ALTERNATIVE,
    pipeline_region::DOC_PARTITION,
    pipeline_region::DOC_LISTED,
    pipeline_image::DOC,
    pipeline_install::DOC,
];

/// Runs every rule on one merged app.
///
/// Rules are independent, so a large app's rules run on a few threads, each with its own copy of
/// the context (a rule records the aliased spans it hands out there, and its diagnostics are
/// annotated from that record right after it). The diagnostics come back in rule order, so the
/// output does not depend on the thread count.
pub fn run(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let run_one = |ctx: &Context<'_>, rule: &Rule| {
        let mut diags = rule(ctx);
        ctx.annotate(&mut diags);
        diags
    };
    // Below this a thread costs more than it saves.
    let large = ctx.app.services.len() + ctx.app.jobs.len() >= 50;
    let threads = if large {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    } else {
        1
    };
    if threads == 1 {
        return RULES.iter().flat_map(|rule| run_one(ctx, rule)).collect();
    }
    // Filled once here, shared by the copies.
    ctx.strings();
    let mut results: Vec<(usize, Vec<Diagnostic>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let ctx = ctx.clone();
                // Every `threads`-th rule, so the heavy ones spread out.
                scope.spawn(move || {
                    (t..RULES.len())
                        .step_by(threads)
                        .map(|i| (i, run_one(&ctx, &RULES[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            // A panicking rule is a bug; re-raise it rather than drop its diagnostics.
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().flat_map(|(_, diags)| diags).collect()
}

/// `fargate` and `spot` are the Fargate providers; every other capacity is an EC2 group.
pub fn is_fargate(name: &str) -> bool {
    name == "fargate" || name == "spot"
}

/// The cluster's default strategy: `cluster.default`, else every capacity with a weight.
pub fn default_strategy(app: &App) -> Vec<String> {
    app.cluster.default.clone().unwrap_or_else(|| {
        app.cluster
            .capacity
            .iter()
            .filter(|(_, c)| weight_base(c).0.is_some())
            .map(|(n, _)| n.clone())
            .collect()
    })
}

/// (weight, base) of a declared capacity.
fn weight_base(c: &Capacity) -> (Option<u32>, Option<u32>) {
    match c {
        Capacity::Ec2(e) => (e.weight, e.base),
        Capacity::Fargate(f) => (f.weight, f.base),
    }
}

/// The providers a service's tasks may run on (no providers at all means plain Fargate).
pub fn providers(app: &App, service: &Service) -> Vec<String> {
    match &service.capacity {
        Some(CapacityChoice::Name(n)) => vec![n.clone()],
        Some(CapacityChoice::Strategy(items)) => items.iter().map(|i| i.provider.clone()).collect(),
        None => default_strategy(app),
    }
}

/// Whether a service runs only on Fargate, where task sizes are restricted.
pub fn runs_on_fargate(app: &App, service: &Service) -> bool {
    providers(app, service).iter().all(|p| is_fargate(p))
}

/// Where a rule should point.
#[derive(Debug, Clone)]
pub enum Place {
    /// The value at a pointer relative to a service.
    Service(String, String),
    /// The key at a pointer relative to a service.
    ServiceKey(String, String),
    /// The value at a pointer in the app file.
    App(String),
    /// The key at a pointer in the app file.
    AppKey(String),
}

impl Place {
    pub fn span(&self, ctx: &Context<'_>) -> crate::diagnostic::Span {
        match self {
            Self::Service(service, pointer) => ctx.span(service, pointer),
            Self::ServiceKey(service, pointer) => ctx.key_span(service, pointer),
            Self::App(pointer) => ctx.app_span(pointer),
            Self::AppKey(pointer) => ctx.app_key_span(pointer),
        }
    }
}

/// One provider entry of a strategy with its numbers.
#[derive(Debug, Clone)]
pub struct StrategyItemRef {
    pub name: String,
    pub base: Option<u32>,
    pub weight: Option<u32>,
    pub base_place: Place,
}

/// A capacity-provider strategy as written: a service's `capacity` or the cluster default.
#[derive(Debug, Clone)]
pub struct Strategy {
    /// "service `cart`", "job `nightly`" or "the cluster default strategy".
    pub owner: String,
    /// Each provider name and where it is written.
    pub items: Vec<(String, Place)>,
    /// Providers with base and weight (empty for a single named capacity).
    pub numbers: Vec<StrategyItemRef>,
    /// The strategy as a whole.
    pub whole: Place,
}

/// Every strategy of the app: each service's `capacity` and the cluster default.
pub fn strategy_places(ctx: &Context<'_>) -> Vec<Strategy> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (name, s) = (&w.name.to_owned(), w.service);
        let owner = w.describe();
        let whole = Place::ServiceKey(name.clone(), "/capacity".to_owned());
        match &s.capacity {
            Some(CapacityChoice::Name(n)) => out.push(Strategy {
                owner,
                items: vec![(
                    n.clone(),
                    Place::Service(name.clone(), "/capacity".to_owned()),
                )],
                numbers: Vec::new(),
                whole,
            }),
            Some(CapacityChoice::Strategy(items)) => out.push(Strategy {
                owner,
                items: items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| {
                        (
                            it.provider.clone(),
                            Place::Service(name.clone(), format!("/capacity/{i}/provider")),
                        )
                    })
                    .collect(),
                numbers: items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| StrategyItemRef {
                        name: it.provider.clone(),
                        base: it.base,
                        weight: it.weight,
                        base_place: Place::Service(name.clone(), format!("/capacity/{i}/base")),
                    })
                    .collect(),
                whole,
            }),
            None => {}
        }
    }
    let cluster = &ctx.app.cluster;
    let numbers_of = |n: &str| {
        let (weight, base) = cluster.capacity.get(n).map_or((None, None), weight_base);
        StrategyItemRef {
            name: n.to_owned(),
            base,
            weight,
            base_place: Place::App(format!("/cluster/capacity/{}/base", escape_token(n))),
        }
    };
    let (items, whole): (Vec<(String, Place)>, Place) = match &cluster.default {
        Some(names) => (
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), Place::App(format!("/cluster/default/{i}"))))
                .collect(),
            Place::AppKey("/cluster/default".to_owned()),
        ),
        None => (
            default_strategy(&ctx.app)
                .into_iter()
                .map(|n| {
                    let p = Place::AppKey(format!("/cluster/capacity/{}", escape_token(&n)));
                    (n, p)
                })
                .collect(),
            Place::AppKey("/cluster/capacity".to_owned()),
        ),
    };
    if !items.is_empty() {
        out.push(Strategy {
            owner: "the cluster default strategy".to_owned(),
            numbers: items.iter().map(|(n, _)| numbers_of(n)).collect(),
            items,
            whole,
        });
    }
    out
}

/// Why a route has no single receiving container.
#[derive(Debug, Clone)]
pub enum RoutedError {
    /// `route.container` names no container of the service.
    Unknown(String),
    /// Several containers have ports and the route names none of them.
    Ambiguous(Vec<String>),
}

/// The container that receives a service's routed traffic (`None` without containers).
pub fn routed_container(service: &Service) -> Result<Option<ContainerRef>, RoutedError> {
    let containers = Context::containers(service);
    if let Some(wanted) = service.route.as_ref().and_then(|r| r.container.as_ref()) {
        return containers
            .into_iter()
            .find(|c| &c.name == wanted)
            .map(Some)
            .ok_or_else(|| RoutedError::Unknown(wanted.clone()));
    }
    if containers.len() <= 1 {
        return Ok(containers.into_iter().next());
    }
    let with_ports: Vec<&ContainerRef> = containers
        .iter()
        .filter(|c| c.container.port.is_some())
        .collect();
    match with_ports.as_slice() {
        [] => Ok(containers.into_iter().next()),
        [one] => Ok(Some((*one).clone())),
        many => Err(RoutedError::Ambiguous(
            many.iter().map(|c| c.name.clone()).collect(),
        )),
    }
}

/// Every declared call: (caller, index in its `calls`, callee), by caller name.
pub fn declared_calls<'c>(ctx: &'c Context<'_>) -> Vec<(&'c str, usize, &'c str)> {
    ctx.app
        .services
        .iter()
        .flat_map(|(caller, s)| {
            s.calls
                .iter()
                .enumerate()
                .map(move |(i, callee)| (caller.as_str(), i, callee.as_str()))
        })
        .collect()
}
