//! The environment's Network Load Balancer (`listeners` of services): one per environment ×
//! region when any service declares a listener, in the environment stack next to the network
//! it sits in, with a security group (settable only at creation, so always created with it).
//! Each service stack adds its own ports: a target group (`ip` targets), the listener and the
//! ingress rules of the service's group from the load balancer's group.
//!
//! Nothing is added when no service has `listeners`: existing stacks stay byte-identical.

use std::collections::BTreeSet;

use super::network::NetworkRefs;
use super::params::{self, Published};
use super::{Target, alb};
use crate::cfn::resources::{KeyValue, ec2, ecs, elbv2};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::{NlbListener, NlbProtocol};
use crate::naming::{self, id};
use crate::resolved::Workload;

/// Whether any service of the app has a Network Load Balancer listener.
pub fn needed(target: &Target) -> bool {
    target
        .app
        .services
        .values()
        .any(|s| !s.listeners.is_empty())
}

/// Adds the Network Load Balancer and its security group to the environment stack and
/// publishes both for the service stacks.
pub fn add(t: &mut Template, target: &Target, network: &NetworkRefs) {
    if !needed(target) {
        return;
    }
    let public = target.app.load_balancer_settings(None).public;
    let sg = add_security_group(t, target, network, public);

    let lb = id::network_load_balancer();
    let resource = Resource::new(elbv2::LoadBalancer {
        name: Some(naming::network_load_balancer_name(
            target.app_name(),
            target.env_name,
            public,
        )),
        lb_type: "network".to_owned(),
        scheme: if public {
            "internet-facing"
        } else {
            "internal"
        }
        .to_owned(),
        subnets: Value::List(if public {
            network.public.clone()
        } else {
            network.private.clone()
        }),
        security_groups: vec![Value::get_att(&sg, "GroupId")],
        load_balancer_attributes: vec![elbv2::Attribute::new(
            "load_balancing.cross_zone.enabled",
            "true",
        )],
        tags: Vec::new(),
    })
    .skip_check(
        "CKV_AWS_91",
        "no access logs for the network load balancer (they cover TLS listeners only)",
    );
    t.add(lb.clone(), resource);
    params::publish(t, target, Published::NetworkLoadBalancer, Value::r#ref(&lb));
    params::publish(
        t,
        target,
        Published::NetworkLoadBalancerSecurityGroup,
        Value::get_att(&sg, "GroupId"),
    );
}

/// The load balancer's security group: clients in on each listener port (from anywhere when
/// public, else from the VPC), out only into the VPC.
fn add_security_group(
    t: &mut Template,
    target: &Target,
    network: &NetworkRefs,
    public: bool,
) -> LogicalId {
    let clients: Vec<Value> = if public {
        vec![Value::str("0.0.0.0/0")]
    } else if let Some(cidr) = &network.cidr {
        vec![Value::str(cidr)]
    } else {
        // An imported network's CIDR is unknown at compile time: the private ranges.
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
            .map(Value::str)
            .to_vec()
    };
    let mut ingress = Vec::new();
    let mut egress = Vec::new();
    for l in target.app.services.values().flat_map(|s| &s.listeners) {
        for proto in l.protocol.ip_protocols() {
            for source in &clients {
                ingress.push(ec2::SecurityGroupRule {
                    ip_protocol: (*proto).to_owned(),
                    from_port: Some(i64::from(l.port)),
                    to_port: Some(i64::from(l.port)),
                    cidr_ip: Some(source.clone()),
                    destination_security_group_id: None,
                    description: Some(format!("clients on {proto} port {}", l.port)),
                });
            }
        }
    }
    // To the tasks: their own groups admit only this group on their listener ports (and TCP
    // health checks), so the load balancer may send anywhere inside the VPC.
    let vpc_ranges: Vec<Value> = network.cidr.as_deref().map_or_else(
        || {
            ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
                .map(Value::str)
                .to_vec()
        },
        |cidr| vec![Value::str(cidr)],
    );
    for proto in ["tcp", "udp"] {
        for range in &vpc_ranges {
            egress.push(ec2::SecurityGroupRule {
                ip_protocol: proto.to_owned(),
                from_port: Some(1),
                to_port: Some(65535),
                cidr_ip: Some(range.clone()),
                destination_security_group_id: None,
                description: Some(format!("{proto} to the tasks in the VPC")),
            });
        }
    }
    let sg = id::nlb_security_group();
    let mut sg_resource = Resource::new(ec2::SecurityGroup {
        group_description: format!(
            "network load balancer of {}",
            naming::environment_stack(target.app_name(), target.env_name)
        ),
        vpc_id: network.vpc.clone(),
        security_group_ingress: ingress,
        security_group_egress: egress,
        tags: Vec::new(),
    });
    // CKV_AWS_260 flags port 80 open to the internet: the blueprint asked for exactly that.
    let port_80 = target
        .app
        .services
        .values()
        .any(|s| s.listeners.iter().any(|l| l.port == 80));
    if public && port_80 {
        sg_resource = sg_resource.skip_check(
            "CKV_AWS_260",
            "an internet-facing network load balancer serves its declared listener on port 80 to everyone",
        );
    }
    t.add(sg.clone(), sg_resource);
    sg
}

/// Adds a service's Network Load Balancer ports to its stack: per listener a target group,
/// the listener and the ingress rules of the service's group; returns the ECS service's
/// `LoadBalancers` entries and the listeners it must wait for.
pub(super) fn add_service(
    t: &mut Template,
    target: &Target,
    service: &Workload,
    service_sg: &LogicalId,
    vpc: &Value,
) -> (Vec<ecs::LoadBalancer>, Vec<LogicalId>) {
    if service.listeners.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let lb = params::import(t, target, Published::NetworkLoadBalancer);
    let lb_sg = params::import(t, target, Published::NetworkLoadBalancerSecurityGroup);
    let certificate = target
        .app
        .load_balancer_settings(None)
        .certificate
        .and_then(|c| c.get(target.region))
        .map(|arn| target.render(arn));
    let mut entries = Vec::new();
    let mut listeners = Vec::new();
    // Container ports × IP protocols to open: two listeners on one container port (TLS and
    // plain TCP) share one rule, as EC2 refuses a duplicate.
    let mut opened: BTreeSet<(u16, &str)> = BTreeSet::new();
    for l in &service.listeners {
        // Checks guarantee a container with the port (FF0436).
        let Some((container, port)) = container_of(service, l) else {
            continue;
        };
        let group = id::nlb_target_group(l.port);
        t.add(
            group.clone(),
            Resource::new(elbv2::NetworkTargetGroup {
                vpc_id: vpc.clone(),
                port: i64::from(port),
                protocol: l.protocol.target().to_owned(),
                target_type: "ip".to_owned(),
                health_check_enabled: true,
                // UDP target groups take only TCP/HTTP(S) health checks: TCP on the traffic port.
                health_check_protocol: "TCP".to_owned(),
                health_check_port: l.health_port.map(|p| p.to_string()),
                target_group_attributes: vec![KeyValue::new(
                    "deregistration_delay.timeout_seconds",
                    "30",
                )],
            }),
        );
        let listener = id::nlb_listener(l.port);
        let tls = l.protocol == NlbProtocol::Tls;
        t.add(
            listener.clone(),
            Resource::new(elbv2::Listener {
                load_balancer_arn: lb.clone(),
                port: i64::from(l.port),
                protocol: l.protocol.listener().to_owned(),
                ssl_policy: tls.then(|| alb::SSL_POLICY.to_owned()),
                certificates: if tls {
                    certificate
                        .iter()
                        .map(|c| elbv2::Certificate {
                            certificate_arn: c.clone(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                default_actions: vec![elbv2::Action::forward(Value::r#ref(&group))],
            }),
        );
        for proto in l.protocol.ip_protocols() {
            opened.insert((port, *proto));
        }
        // Health checks are TCP, to the health port or the traffic port.
        opened.insert((l.health_port.unwrap_or(port), "tcp"));
        entries.push(ecs::LoadBalancer {
            container_name: container,
            container_port: i64::from(port),
            target_group_arn: Value::r#ref(&group),
            advanced_configuration: None,
        });
        listeners.push(listener);
    }
    for (port, proto) in opened {
        let port64 = i64::from(port);
        t.add(
            id::nlb_ingress(port, proto),
            Resource::new(ec2::SecurityGroupIngress {
                group_id: Value::get_att(service_sg, "GroupId"),
                ip_protocol: proto.to_owned(),
                from_port: port64,
                to_port: port64,
                source_security_group_id: lb_sg.clone(),
                description: Some("from the network load balancer".to_owned()),
            }),
        );
    }
    (entries, listeners)
}

/// The container and port a listener forwards to: `container-port`, else the service's first
/// container port.
pub fn container_of(service: &Workload, l: &NlbListener) -> Option<(String, u16)> {
    service.containers.iter().find_map(|(name, c)| {
        let p = c.port?;
        (l.container_port.is_none_or(|want| want == p)).then(|| (name.clone(), p))
    })
}
