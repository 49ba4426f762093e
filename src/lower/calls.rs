//! Declared calls (`calls: [orders]`): the callee's container ports admit the caller's tasks.
//!
//! The rule's source must be a group of the caller. A service's own group lives in its own
//! stack, so referring to it from the callee's stack would order the callee after the caller,
//! and two services calling each other would make a cycle. Instead the environment stack holds
//! one empty "caller" group per calling service (published at
//! `/fleetform/{app}/{env}/services/{name}/security-group`); the caller's tasks join it, and
//! each callee's stack opens its ports to it. Service stacks then depend only on the
//! environment stack, whatever the call graph.

use super::Target;
use super::naming::id;
use super::params;
use crate::cfn::resources::ec2;
use crate::cfn::{LogicalId, Resource, Template, Value};

/// The app's callers (services with `calls`), by name.
fn callers<'a>(target: &'a Target) -> impl Iterator<Item = &'a str> + 'a {
    target
        .app
        .services
        .iter()
        .filter(|(_, s)| !s.calls.is_empty())
        .map(|(n, _)| n.as_str())
}

/// Adds and publishes a caller group per calling service to the environment stack.
pub fn add_caller_groups(t: &mut Template, target: &Target, vpc: &Value) {
    for caller in callers(target) {
        let sg = id::caller_security_group(caller);
        t.add(
            sg.clone(),
            Resource::new(&ec2::SecurityGroup {
                group_description: format!("callers: tasks of service {caller}"),
                vpc_id: vpc.clone(),
                security_group_ingress: Vec::new(),
                // Only a marker: the tasks' own group carries their egress.
                security_group_egress: vec![ec2::SecurityGroupRule {
                    ip_protocol: "-1".to_owned(),
                    from_port: None,
                    to_port: None,
                    cidr_ip: Some(Value::str("127.0.0.1/32")),
                    destination_security_group_id: None,
                    description: Some("no egress of its own".to_owned()),
                }],
                tags: Vec::new(),
            }),
        );
        params::publish_keyed(
            t,
            target,
            id::caller_group_parameter(caller),
            &params::caller_group_key(caller),
            Value::get_att(&sg, "GroupId"),
        );
    }
}

/// The caller group the tasks of `name` join, when the service calls others.
pub fn caller_group(t: &mut Template, target: &Target, name: &str) -> Option<Value> {
    let service = target.app.services.get(name)?;
    if service.calls.is_empty() {
        return None;
    }
    Some(params::import_keyed(
        t,
        target,
        &id::caller_group_import(name),
        &params::caller_group_key(name),
    ))
}

/// Opens the container ports of `name` to each service that calls it.
pub fn add_ingress(t: &mut Template, target: &Target, name: &str, service_sg: &LogicalId) {
    let Some(service) = target.app.services.get(name) else {
        return;
    };
    let ports = service.ports();
    for (caller, _) in target
        .app
        .services
        .iter()
        .filter(|(_, s)| s.calls.iter().any(|c| c == name))
    {
        // A service calling itself is rejected (FF0383); its tasks share its group anyway.
        if caller == name {
            continue;
        }
        let source = params::import_keyed(
            t,
            target,
            &id::caller_group_import(caller),
            &params::caller_group_key(caller),
        );
        for &port in &ports {
            let port_number = i64::from(port);
            t.add(
                id::ingress_from_caller(caller, port),
                Resource::new(&ec2::SecurityGroupIngress {
                    group_id: Value::get_att(service_sg, "GroupId"),
                    ip_protocol: "tcp".to_owned(),
                    from_port: port_number,
                    to_port: port_number,
                    source_security_group_id: source.clone(),
                    description: Some(format!("from service {caller}")),
                }),
            );
        }
    }
}
