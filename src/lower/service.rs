//! The service stack `{app}-{env}-{service}` of one region: stack parameters from the
//! environment's SSM parameters, logs, IAM, security group, route, task definition and the ECS
//! service itself.

use std::collections::BTreeMap;

use super::ecs_service::{Extras, Wiring, add_ecs_service};
use super::image_tag::add_image_tag;
use super::params::{self, Published};
use super::{
    Stack, StackKind, Target, alarms, blue_green, calls, deploy, discovery, iam, nlb, route,
    scaling, security, task, volumes,
};
use crate::cfn::resources::{ecs, logs};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::Service;
use crate::naming::{self, id};
use crate::resolved::Workload;

pub fn lower(target: &Target, name: &str, service: &Workload, priority: Option<u32>) -> Stack {
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
    let mounts = volumes::add(&mut t, target, name, service, (&service_sg, &vpc, &subnets));
    let caller_group = calls::caller_group(&mut t, target, name);

    let (strategy, compat) = (service.strategy.clone(), service.compat);
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
        volumes::wait_for_mounts(&mut t, &mounts);
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
    let (nlb_entries, nlb_listeners) = nlb::add_service(&mut t, target, service, &service_sg, &vpc);
    let mut routed = add_routing(
        &mut t,
        target,
        (name, service),
        (&service_sg, vpc),
        priority,
        &mut extra_groups,
    );
    routed.load_balancers.extend(nlb_entries);
    routed.rules.extend(nlb_listeners);
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
    volumes::wait_for_mounts(&mut t, &mounts);

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
    (name, service): (&str, &Workload),
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
        service.routed(),
    ) {
        let lb = target.app.load_balancer_of(name);
        let listener = params::import_lb(t, target, Published::Listener, lb);
        let alb_sg = params::import_lb(t, target, Published::LoadBalancerSecurityGroup, lb);
        security::add_load_balancer_rule(t, service_sg, &alb_sg, port);
        extra_groups.push(params::import(t, target, Published::TasksSecurityGroup));
        let alternate = share
            .shifts_traffic
            .then(|| deploy::add_alternate_target_group(t, route, port, vpc.clone(), lb));
        let priority = priority.unwrap_or(1);
        let refs = route::add(
            t,
            target,
            (name, route),
            port,
            priority,
            vpc,
            listener,
            alternate.as_ref(),
        );
        // With traffic shifting the service refers to both rules, which orders it after them.
        let advanced = alternate
            .map(|alt| deploy::add_test_route(t, target, (name, route), priority, &refs, &alt));
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
    let mut resource = Resource::new(logs::LogGroup {
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
