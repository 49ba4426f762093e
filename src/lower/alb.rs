//! The shared Application Load Balancer of an environment × region (only when a service has a
//! route): its security group, the load balancer and its listeners.

use super::naming::{self, id};
use super::network::NetworkRefs;
use super::{Target, deploy};
use crate::cfn::resources::{KeyValue, ec2, elbv2};
use crate::cfn::{LogicalId, Resource, Template, Value};

/// TLS 1.3 and 1.2 only.
const SSL_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/// What service stacks attach to.
pub struct AlbRefs {
    pub security_group: LogicalId,
    /// The group every routed service's tasks join; the load balancer may reach only it.
    pub tasks_security_group: LogicalId,
    /// The listener rules attach to: HTTPS with a certificate, else HTTP.
    pub listener: LogicalId,
    pub load_balancer: LogicalId,
    /// The test listener, when some service shifts traffic (blue/green, canary, linear).
    pub test_listener: Option<LogicalId>,
}

/// Whether the app needs a load balancer at all.
pub fn needed(target: &Target) -> bool {
    target.app.services.values().any(|s| s.route.is_some())
}

/// Adds the load balancer; `None` when no service has a route.
pub fn add(t: &mut Template, target: &Target, network: &NetworkRefs) -> Option<AlbRefs> {
    if !needed(target) {
        return None;
    }
    let ingress = target.app.ingress.as_ref();
    let public = ingress.is_none_or(|i| i.public);
    let idle = ingress.map_or(60, |i| i.idle_timeout);
    let certificate = ingress
        .and_then(|i| i.certificate.as_ref())
        .and_then(|c| c.get(target.region));

    let test_port =
        deploy::needs_test_listener(target.app).then(|| deploy::test_port(certificate.is_some()));
    let sg = add_security_group(t, target, network, public, certificate.is_some(), test_port);
    let lb = id::load_balancer();
    let mut resource = Resource::new(&elbv2::LoadBalancer {
            name: Some(naming::load_balancer_name(
                target.app_name(),
                target.env_name,
                public,
            )),
            lb_type: "application".to_owned(),
            scheme: if public {
                "internet-facing"
            } else {
                "internal"
            }
            .to_owned(),
            subnets: if public {
                network.public.clone()
            } else {
                network.private.clone()
            },
            security_groups: vec![Value::get_att(&sg, "GroupId")],
            load_balancer_attributes: vec![
                KeyValue::new("idle_timeout.timeout_seconds", idle.to_string()),
                KeyValue::new("routing.http.drop_invalid_header_fields.enabled", "true"),
            ],
            tags: Vec::new(),
        })
        .skip_check(
            "CKV_AWS_91",
            "access logs need an S3 bucket with the region's ELB log-delivery policy; not configurable in blueprints yet",
        );
    // An internet-facing load balancer fails to create while the VPC's internet gateway is still
    // being attached, so in a created network (the only kind with a known CIDR) it waits for it.
    if public && network.cidr.is_some() {
        resource = resource.depends_on(&id::gateway_attachment());
    }
    t.add(lb.clone(), resource);

    let listener = add_listeners(t, target, &lb, certificate, public);
    let test_listener = test_port.map(|port| add_test_listener(t, target, &lb, certificate, port));
    Some(AlbRefs {
        security_group: sg,
        tasks_security_group: id::tasks_security_group(),
        listener,
        load_balancer: lb,
        test_listener,
    })
}

/// The load balancer's security group (clients in on 80, and 443 with a certificate, and the
/// test port when there is a test listener; out only to the tasks group) and that tasks group.
fn add_security_group(
    t: &mut Template,
    target: &Target,
    network: &NetworkRefs,
    public: bool,
    https: bool,
    test_port: Option<i64>,
) -> LogicalId {
    // An internal load balancer admits its VPC; an imported network's CIDR is unknown at compile
    // time, so then the private ranges (RFC 1918), which also cover peered networks.
    let sources: Vec<String> = if public {
        vec!["0.0.0.0/0".to_owned()]
    } else if let Some(cidr) = &network.cidr {
        vec![cidr.clone()]
    } else {
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
            .map(str::to_owned)
            .to_vec()
    };
    let mut ports = vec![80];
    if https {
        ports.push(443);
    }
    ports.extend(test_port);
    let tasks = id::tasks_security_group();
    t.add(
        tasks.clone(),
        Resource::new(&ec2::SecurityGroup {
            group_description: format!(
                "tasks behind the load balancer of {}",
                naming::environment_stack(target.app_name(), target.env_name)
            ),
            vpc_id: network.vpc.clone(),
            security_group_ingress: Vec::new(),
            // A marker group: the tasks' own groups carry their traffic rules. This rule matches
            // nothing, so EC2 adds no "allow all" egress of its own.
            security_group_egress: vec![ec2::SecurityGroupRule {
                ip_protocol: "icmp".to_owned(),
                from_port: Some(252),
                to_port: Some(86),
                cidr_ip: Some(Value::str("255.255.255.255/32")),
                destination_security_group_id: None,
                description: Some("disallow all traffic".to_owned()),
            }],
            tags: Vec::new(),
        }),
    );
    let sg = id::alb_security_group();
    let mut sg_resource = Resource::new(&ec2::SecurityGroup {
        group_description: format!(
            "load balancer of {}",
            naming::environment_stack(target.app_name(), target.env_name)
        ),
        vpc_id: network.vpc.clone(),
        security_group_ingress: ports
            .iter()
            .flat_map(|port| {
                sources.iter().map(move |source| ec2::SecurityGroupRule {
                    ip_protocol: "tcp".to_owned(),
                    from_port: Some(*port),
                    to_port: Some(*port),
                    cidr_ip: Some(Value::str(source)),
                    destination_security_group_id: None,
                    description: Some(format!("clients on port {port}")),
                })
            })
            .collect(),
        // Out only to the tasks group that every routed service's tasks join: one rule however
        // many services there are (a rule per service would hit the 60-rule quota).
        security_group_egress: vec![ec2::SecurityGroupRule {
            ip_protocol: "tcp".to_owned(),
            from_port: Some(0),
            to_port: Some(65535),
            cidr_ip: None,
            destination_security_group_id: Some(Value::get_att(&tasks, "GroupId")),
            description: Some("to the tasks of routed services".to_owned()),
        }],
        tags: Vec::new(),
    });
    if public {
        sg_resource = sg_resource.skip_check(
            "CKV_AWS_260",
            "an internet-facing load balancer serves HTTP on port 80 to everyone (redirected to HTTPS when a certificate is set)",
        );
    }
    t.add(sg.clone(), sg_resource);

    sg
}

/// The HTTP listener and, with a certificate, the HTTPS one; returns the one rules attach to.
fn add_listeners(
    t: &mut Template,
    target: &Target,
    lb: &LogicalId,
    certificate: Option<&String>,
    public: bool,
) -> LogicalId {
    let http = id::http_listener();
    let mut listener = Resource::new(&elbv2::Listener {
        load_balancer_arn: Value::r#ref(lb),
        port: 80,
        protocol: "HTTP".to_owned(),
        ssl_policy: None,
        certificates: Vec::new(),
        default_actions: vec![if certificate.is_some() {
            elbv2::Action::redirect_to_https()
        } else {
            not_found()
        }],
    });
    if certificate.is_none() {
        // Plain HTTP is the blueprint's choice (no `ingress.certificate`), as for a development
        // environment without a domain.
        let reason = if public {
            "no ingress.certificate in the blueprint: plain HTTP was chosen (set a certificate for HTTPS and an HTTP-to-HTTPS redirect)"
        } else {
            "internal load balancer without ingress.certificate: plain HTTP inside the network was chosen"
        };
        listener = listener
            .skip_check("CKV_AWS_2", reason)
            .skip_check("CKV_AWS_103", reason);
    }
    t.add(http.clone(), listener);
    if let Some(cert) = certificate {
        let https = id::https_listener();
        t.add(
            https.clone(),
            Resource::new(&elbv2::Listener {
                load_balancer_arn: Value::r#ref(lb),
                port: 443,
                protocol: "HTTPS".to_owned(),
                ssl_policy: Some(SSL_POLICY.to_owned()),
                certificates: vec![elbv2::Certificate {
                    certificate_arn: target.render(cert),
                }],
                default_actions: vec![not_found()],
            }),
        );
        https
    } else {
        http
    }
}

/// The test listener: the same clients and protocol as production, on [`deploy::test_port`].
/// Blue/green, canary and linear deployments send test traffic to the new revision through it.
fn add_test_listener(
    t: &mut Template,
    target: &Target,
    lb: &LogicalId,
    certificate: Option<&String>,
    port: i64,
) -> LogicalId {
    let id = id::test_listener();
    let mut listener = Resource::new(&elbv2::Listener {
        load_balancer_arn: Value::r#ref(lb),
        port,
        protocol: if certificate.is_some() {
            "HTTPS"
        } else {
            "HTTP"
        }
        .to_owned(),
        ssl_policy: certificate.map(|_| SSL_POLICY.to_owned()),
        certificates: certificate
            .map(|cert| elbv2::Certificate {
                certificate_arn: target.render(cert),
            })
            .into_iter()
            .collect(),
        default_actions: vec![not_found()],
    });
    if certificate.is_none() {
        let reason = "no ingress.certificate in the blueprint: the test listener serves plain HTTP like the production one";
        listener = listener
            .skip_check("CKV_AWS_2", reason)
            .skip_check("CKV_AWS_103", reason);
    }
    t.add(id.clone(), listener);
    id
}

fn not_found() -> elbv2::Action {
    elbv2::Action::fixed_response("404", "text/plain", "not found")
}
