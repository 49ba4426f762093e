//! The environment stack `{app}-{env}` of one region.

use std::collections::BTreeMap;

use super::params::{self, Published};
use super::{
    Stack, StackKind, Target, alarms, alb, calls, capacity, cluster, config, discovery, dns,
    network, nlb, scaling,
};
use crate::cfn::{Template, Value};
use crate::naming;

pub fn lower(target: &Target) -> Stack {
    let name = naming::environment_stack(target.app_name(), target.env_name);
    let mut t = Template::new(format!(
        "fleetform: environment `{}` of app `{}` in {} (network, cluster, load balancer)",
        target.env_name,
        target.app_name(),
        target.place()
    ));
    let network = network::add(&mut t, target);
    let cluster = cluster::add(&mut t, target);
    capacity::add(&mut t, target, &cluster, &network);
    let alb = alb::add(&mut t, target, &network);
    dns::add(&mut t, target, alb.as_ref().map(|a| &a.load_balancer));
    nlb::add(&mut t, target, &network);
    discovery::add_namespace(&mut t, target, &network.vpc);
    calls::add_caller_groups(&mut t, target, &network.vpc);
    config::add_parameters(&mut t, target);

    params::publish(&mut t, target, Published::VpcId, network.vpc.clone());
    if let Some(cidr) = &network.cidr {
        params::publish(&mut t, target, Published::VpcCidr, Value::str(cidr));
    }
    params::publish(
        &mut t,
        target,
        Published::PrivateSubnets,
        Value::List(network.private.clone()),
    );
    // SSM rejects an empty value; an imported network may have no public subnets (then no
    // service may ask for a public IP: FF0403).
    if !network.public.is_empty() {
        params::publish(
            &mut t,
            target,
            Published::PublicSubnets,
            Value::List(network.public.clone()),
        );
    }
    params::publish(&mut t, target, Published::Cluster, Value::r#ref(&cluster));
    // Named load balancers live in stacks of their own (see `load_balancer`) and send to the
    // tasks group every routed service's tasks join, which stays here.
    if target.app.named_load_balancers().is_some() && alb::needed(target) {
        let tasks = alb::add_tasks_group(&mut t, target, &network);
        params::publish(
            &mut t,
            target,
            Published::TasksSecurityGroup,
            Value::get_att(&tasks, "GroupId"),
        );
    }
    if let Some(alb) = &alb {
        params::publish(
            &mut t,
            target,
            Published::Listener,
            Value::r#ref(&alb.listener),
        );
        if let Some(test) = &alb.test_listener {
            params::publish(&mut t, target, Published::TestListener, Value::r#ref(test));
        }
        params::publish(
            &mut t,
            target,
            Published::LoadBalancerSecurityGroup,
            Value::get_att(&alb.security_group, "GroupId"),
        );
        params::publish(
            &mut t,
            target,
            Published::TasksSecurityGroup,
            Value::get_att(&alb.tasks_security_group, "GroupId"),
        );
        if scaling::uses_requests(target)
            || alarms::uses_load_balancer(target)
            || target.app.dashboard
        {
            params::publish(
                &mut t,
                target,
                Published::LoadBalancerFullName,
                Value::get_att(&alb.load_balancer, "LoadBalancerFullName"),
            );
        }
    }

    Stack {
        app: target.app.name.clone(),
        environment: target.env_name.to_owned(),
        region: target.region.to_owned(),
        name,
        kind: StackKind::Environment,
        template: t,
        parameters: BTreeMap::new(),
        tags: target.tags(None),
        depends_on: Vec::new(),
    }
}
