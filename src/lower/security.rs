//! Service security: the tasks' security group (egress all, for image pulls and AWS APIs) and,
//! for a routed service, the rule that opens its port to the load balancer and nothing else.

use crate::cfn::resources::ec2;
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::naming::id;

/// Adds the tasks' security group of `owner` ("service cart", "job nightly"); returns its
/// logical ID.
pub fn add_service_group(t: &mut Template, owner: &str, vpc: Value) -> LogicalId {
    let sg = id::service_security_group();
    t.add(
        sg.clone(),
        Resource::new(ec2::SecurityGroup {
            group_description: format!("tasks of {owner}"),
            vpc_id: vpc,
            security_group_ingress: Vec::new(),
            security_group_egress: vec![ec2::SecurityGroupRule {
                ip_protocol: "-1".to_owned(),
                from_port: None,
                to_port: None,
                cidr_ip: Some(Value::str("0.0.0.0/0")),
                destination_security_group_id: None,
                description: Some("image pulls, AWS APIs and dependencies".to_owned()),
            }],
            tags: Vec::new(),
        }),
    );
    sg
}

/// Opens `port` on the service's group to the load balancer's group. (The load balancer's side
/// is one egress rule to the environment's tasks group, which routed tasks also join.)
pub fn add_load_balancer_rule(t: &mut Template, service_sg: &LogicalId, alb_sg: &Value, port: u16) {
    add_ingress(t, id::ingress_from_alb(), service_sg, alb_sg, port);
}

/// Opens `port` on the service's group to a load balancer's group, as resource `rule`.
pub fn add_ingress(
    t: &mut Template,
    rule: LogicalId,
    service_sg: &LogicalId,
    alb_sg: &Value,
    port: u16,
) {
    let port = i64::from(port);
    t.add(
        rule,
        Resource::new(ec2::SecurityGroupIngress {
            group_id: Value::get_att(service_sg, "GroupId"),
            ip_protocol: "tcp".to_owned(),
            from_port: port,
            to_port: port,
            source_security_group_id: alb_sg.clone(),
            description: Some("from the load balancer".to_owned()),
        }),
    );
}
