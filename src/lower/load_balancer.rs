//! The stack `{app}-{env}-lb-{name}` of each named load balancer (`ingress.load-balancers`)
//! that has a service on it: the load balancer, its security group and listeners, the
//! environment's `global` record when it is the global one, and the SSM parameters under
//! `/fleetform/{app}/{env}/load-balancers/{name}/…` that its services' stacks read.
//!
//! Always a stack of its own, whatever the number of load balancers: moving a load balancer
//! from the environment stack to another stack when the environment stack fills would replace
//! it (a new DNS name, every client's record to update), so the layout never depends on the
//! count. Each such stack holds about a dozen resources, far inside every quota; the
//! environment stack keeps only the tasks group all of them send to.

use std::collections::BTreeMap;

use super::alb::{self, LbPlace};
use super::params::{self, Published};
use super::{Stack, StackKind, Target, alarms, dns, scaling};
use crate::cfn::{Template, Value};
use crate::naming;

/// The stacks of the named load balancers that carry a service, by load balancer name.
pub fn lower(target: &Target) -> Vec<Stack> {
    let Some(named) = target.app.named_load_balancers() else {
        return Vec::new();
    };
    named
        .keys()
        .filter(|lb| target.app.services_on(Some(lb.as_str())).next().is_some())
        .map(|lb| lower_one(target, lb))
        .collect()
}

fn lower_one(target: &Target, lb: &str) -> Stack {
    let (app, env) = (target.app_name(), target.env_name);
    let mut t = Template::new(format!(
        "fleetform: load balancer `{lb}` of environment `{env}` of app `{app}` in {}",
        target.place()
    ));
    let public = target.app.load_balancer_settings(Some(lb)).public;
    let vpc = params::import(&mut t, target, Published::VpcId);
    let (subnets, vpc_cidr) = params::import_lb_subnets(&mut t, target, public);
    let tasks_group = params::import(&mut t, target, Published::TasksSecurityGroup);
    let place = LbPlace {
        vpc,
        public_subnets: subnets.clone(),
        private_subnets: subnets,
        vpc_cidr,
        tasks_group,
        // The environment stack, deployed first, attached the internet gateway.
        gateway_here: false,
    };
    let refs = alb::add_named(&mut t, target, lb, &place);
    if target.app.global_load_balancer() == Some(lb) {
        dns::add(&mut t, target, Some(&refs.load_balancer));
    }

    let lb_name = Some(lb);
    let listener = Value::r#ref(&refs.listener);
    params::publish_lb(&mut t, target, Published::Listener, lb_name, listener);
    if let Some(test) = &refs.test_listener {
        let test = Value::r#ref(test);
        params::publish_lb(&mut t, target, Published::TestListener, lb_name, test);
    }
    let group = Value::get_att(&refs.security_group, "GroupId");
    params::publish_lb(
        &mut t,
        target,
        Published::LoadBalancerSecurityGroup,
        lb_name,
        group,
    );
    if scaling::uses_requests(target) || alarms::uses_load_balancer(target) {
        let full_name = Value::get_att(&refs.load_balancer, "LoadBalancerFullName");
        params::publish_lb(
            &mut t,
            target,
            Published::LoadBalancerFullName,
            lb_name,
            full_name,
        );
    }

    Stack {
        app: target.app.name.clone(),
        environment: env.to_owned(),
        region: target.region.to_owned(),
        name: naming::load_balancer_stack(app, env, lb),
        kind: StackKind::LoadBalancer(lb.to_owned()),
        template: t,
        parameters: BTreeMap::new(),
        tags: target.tags(None),
        depends_on: vec![naming::environment_stack(app, env)],
    }
}
