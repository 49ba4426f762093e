//! DNS blue/green (`deploy: dns-blue-green:`): in the service stack, each colour gets its own
//! task definition, ECS service, target group and load balancer, and a weighted Route 53 alias
//! record of the shared name pointing at that load balancer.
//!
//! Weighted records need distinct DNS targets, so each colour has a load balancer of its own (a
//! target group or listener on one load balancer cannot be told apart by DNS). Everything is
//! named after the colour (`ServiceBlue`, `RecordGreen`, `SetIdentifier: blue`), so changing
//! the weights changes two `Weight` properties in place and nothing else; both colours keep
//! running, so switching back is the same one-line change.

use std::collections::BTreeMap;

use super::alb::{self, LbIds, LbSpec};
use super::ecs_service::{self, Wiring};
use super::image_tag;
use super::params;
use super::{Target, route, security, task};
use crate::cfn::resources::ecs;
use crate::cfn::resources::elbv2::Action;
use crate::cfn::resources::route53::{AliasTarget, RecordSet};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::interp::Scope;
use crate::model::{ColourName, DnsBlueGreen, LbSettings};
use crate::naming::{self, id};
use crate::resolved::{Compat, StrategyEntry, Workload};

/// What both colours share: the service stack's parameters, roles, logs and security group.
pub struct Shared {
    pub cluster: Value,
    pub vpc: Value,
    /// The tasks' subnets.
    pub subnets: Value,
    pub service_sg: LogicalId,
    pub execution_role: LogicalId,
    pub task_role: Option<LogicalId>,
    pub log_group: LogicalId,
    pub strategy: Vec<StrategyEntry>,
    pub compat: Compat,
    /// The caller group the tasks join when the service declares `calls`.
    pub caller_group: Option<Value>,
}

/// Adds both colours; returns the configuration-file values of their image-tag parameters.
pub fn add(
    t: &mut Template,
    target: &Target,
    name: &str,
    service: &Workload,
    bg: &DnsBlueGreen,
    shared: &Shared,
) -> BTreeMap<String, String> {
    // The colours' load balancers take the settings of the service's `load-balancer`.
    let public = settings_of(target, name).public;
    let (lb_subnets, vpc_cidr) = params::import_lb_subnets(t, target, public);
    let zone = literal(target, &bg.zone);
    let record_name = literal(target, &bg.name);
    let mut parameters = BTreeMap::new();
    for colour in ColourName::ALL {
        let key = colour.key();
        let settings = bg.colour_in(target.env_name, colour);
        let tag_parameter = id::colour_image_tag(key);
        let colour_target = colour_target(target, &tag_parameter);
        let colour_service = service.with_port(settings.port);
        // Checks guarantee a route whose container has a port (FF0362, FF0303).
        let (Some((container, port)), Some(routed)) = (colour_service.routed(), &service.route)
        else {
            continue;
        };
        let colour_name = naming::colour_service_name(name, key);

        let mut definition = task::definition(
            &colour_target,
            name,
            &colour_service,
            shared.compat,
            &shared.execution_role,
            shared.task_role.as_ref(),
            &shared.log_group,
        );
        definition.family = naming::task_family(target.app_name(), target.env_name, &colour_name);
        let task = id::colour_task_definition(key);
        t.add(task.clone(), Resource::new(definition));

        let tg = id::colour_target_group(key);
        t.add(
            tg.clone(),
            Resource::new(route::target_group(shared.vpc.clone(), port, routed)),
        );

        let (lb, lb_sg, listener) = add_load_balancer(
            t,
            target,
            name,
            colour,
            shared,
            (&lb_subnets, vpc_cidr.as_ref()),
            (&tg, port),
        );
        security::add_ingress(
            t,
            id::colour_ingress_from_alb(key),
            &shared.service_sg,
            &Value::get_att(&lb_sg, "GroupId"),
            port,
        );

        ecs_service::add_ecs_service(
            t,
            &colour_target,
            (id::colour_service(key), &colour_name),
            service,
            &Wiring {
                cluster: shared.cluster.clone(),
                subnets: shared.subnets.clone(),
                security_group: shared.service_sg.clone(),
                task,
                strategy: shared.strategy.clone(),
                load_balancers: vec![ecs::LoadBalancer {
                    container_name: container,
                    container_port: i64::from(port),
                    target_group_arn: Value::r#ref(&tg),
                    advanced_configuration: None,
                }],
                rules: vec![listener],
                extra_groups: shared.caller_group.iter().cloned().collect(),
                registries: Vec::new(),
                extras: ecs_service::Extras::default(),
            },
        );

        t.add(
            id::colour_record(key),
            record(
                &zone,
                &record_name,
                colour,
                bg.weights_in(target.env_name).of(colour),
                &lb,
            ),
        );

        let tag = settings.tag.as_deref().or(target.app.tag.as_deref());
        parameters.extend(image_tag::add_tag_parameter(t, &tag_parameter, tag));
    }
    parameters
}

/// A colour's load balancer (following the app's `ingress`) forwarding everything to its
/// target group; returns the load balancer, its security group and the listener the ECS
/// service waits for.
fn add_load_balancer(
    t: &mut Template,
    target: &Target,
    name: &str,
    colour: ColourName,
    shared: &Shared,
    (subnets, vpc_cidr): (&Value, Option<&Value>),
    (tg, port): (&LogicalId, u16),
) -> (LogicalId, LogicalId, LogicalId) {
    let key = colour.key();
    let settings = settings_of(target, name);
    let public = settings.public;
    let spec = LbSpec {
        settings,
        ids: LbIds {
            security_group: id::colour_alb_security_group(key),
            load_balancer: id::colour_load_balancer(key),
            http_listener: id::colour_http_listener(key),
            https_listener: id::colour_https_listener(key),
        },
        name: naming::colour_load_balancer_name(
            target.app_name(),
            target.env_name,
            name,
            key,
            public,
        ),
        owner: format!(
            "load balancer of {} ({key})",
            naming::service_stack(target.app_name(), target.env_name, name)
        ),
        vpc: shared.vpc.clone(),
        subnets: subnets.clone(),
        vpc_cidr: vpc_cidr.cloned(),
        egress: (
            Value::get_att(&shared.service_sg, "GroupId"),
            port,
            port,
            format!("to the {key} tasks"),
        ),
        default_action: Action::forward(Value::r#ref(tg)),
        depends_on: None,
        test_port: None,
        test_clients: None,
        access_logs: None,
    };
    let listener = alb::add_load_balancer(t, target, &spec);
    (spec.ids.load_balancer, spec.ids.security_group, listener)
}

/// The settings of the load balancer service `name` is on (`load-balancer`, or the automatic
/// choice; the `ingress` ones without `ingress.load-balancers`).
fn settings_of<'a>(target: &Target<'a>, name: &str) -> LbSettings<'a> {
    target
        .app
        .load_balancer_settings(target.app.load_balancer_of(name))
}

/// The colour's weighted alias record: `SetIdentifier` is the colour, which never changes, so
/// a new weight is an in-place update.
fn record(zone: &str, name: &str, colour: ColourName, weight: u32, lb: &LogicalId) -> Resource {
    Resource::new(RecordSet {
        hosted_zone_id: zone.to_owned(),
        name: name.to_owned(),
        record_type: "A",
        alias_target: AliasTarget {
            dns_name: Value::get_att(lb, "DNSName"),
            hosted_zone_id: Value::get_att(lb, "CanonicalHostedZoneID"),
            evaluate_target_health: true,
        },
        set_identifier: colour.key().to_owned(),
        region: None,
        weight: Some(weight),
        failover: None,
    })
}

/// The target as one colour sees it: `{{tag}}` is that colour's image-tag parameter.
fn colour_target<'a>(target: &Target<'a>, tag_parameter: &LogicalId) -> Target<'a> {
    let mut scope: Scope = target.scope.clone();
    scope
        .deploy_time
        .insert("tag".to_owned(), tag_parameter.to_string());
    Target {
        app: target.app,
        resolved: target.resolved,
        env_name: target.env_name,
        env: target.env,
        region: target.region,
        partition: target.partition,
        scope,
        callers: target.callers.clone(),
        caller_stacks: target.caller_stacks,
    }
}

/// A blueprint string that checks guarantee is known at compile time (FF0363, FF0364).
fn literal(target: &Target, text: &str) -> String {
    match target.render(text) {
        Value::Str(s) => s,
        // Unreachable after the checks; the raw text keeps the template well-formed.
        _ => text.to_owned(),
    }
}
