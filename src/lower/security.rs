//! Service security: the tasks' security group (egress all, for image pulls and AWS APIs) and,
//! for a routed service, the two rules that open the load balancer to it and only to it.

use super::naming::id;
use crate::cfn::resources::ec2;
use crate::cfn::{LogicalId, Resource, Template, Value};

/// Adds the service security group; returns its logical ID.
pub fn add_service_group(t: &mut Template, service: &str, vpc: Value) -> LogicalId {
    let sg = id::service_security_group();
    t.add(
        sg.clone(),
        Resource::new(&ec2::SecurityGroup {
            group_description: format!("tasks of service {service}"),
            vpc_id: vpc,
            security_group_ingress: Vec::new(),
            security_group_egress: vec![ec2::SecurityGroupRule {
                ip_protocol: "-1".to_owned(),
                from_port: None,
                to_port: None,
                cidr_ip: Some(Value::str("0.0.0.0/0")),
                description: Some("image pulls, AWS APIs and dependencies".to_owned()),
            }],
            tags: Vec::new(),
        }),
    );
    sg
}

/// Opens `port` from the load balancer's group to the service's group, in both groups.
pub fn add_load_balancer_rules(
    t: &mut Template,
    service_sg: &LogicalId,
    alb_sg: &Value,
    port: u16,
) {
    let port = i64::from(port);
    t.add(
        id::ingress_from_alb(),
        Resource::new(&ec2::SecurityGroupIngress {
            group_id: Value::get_att(service_sg, "GroupId"),
            ip_protocol: "tcp".to_owned(),
            from_port: port,
            to_port: port,
            source_security_group_id: alb_sg.clone(),
            description: Some("from the load balancer".to_owned()),
        }),
    );
    t.add(
        id::alb_egress_to_service(),
        Resource::new(&ec2::SecurityGroupEgress {
            group_id: alb_sg.clone(),
            ip_protocol: "tcp".to_owned(),
            from_port: port,
            to_port: port,
            destination_security_group_id: Value::get_att(service_sg, "GroupId"),
            description: Some("to the service's tasks".to_owned()),
        }),
    );
}
