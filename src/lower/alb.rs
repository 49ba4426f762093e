//! Application Load Balancers: the shared one of an environment × region (only when a service
//! has a route on it), and the same shape for a DNS blue/green colour's own load balancer in a
//! service stack ([`add_load_balancer`]): security group, load balancer and listeners.

use super::network::NetworkRefs;
use super::{Target, access_logs, certificate, deploy, waf};
use crate::cfn::resources::{ec2, elbv2};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::LbSettings;
use crate::naming::{self, id};

/// TLS 1.3 and 1.2 only.
pub(super) const SSL_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

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

/// Whether the app needs a shared load balancer at all.
pub fn needed(target: &Target) -> bool {
    target
        .app
        .services
        .values()
        .any(crate::model::Service::on_shared_load_balancer)
}

/// The logical IDs of one load balancer's resources.
pub struct LbIds {
    pub security_group: LogicalId,
    pub load_balancer: LogicalId,
    pub http_listener: LogicalId,
    pub https_listener: LogicalId,
}

/// One load balancer to add: where it lives, where it sends traffic, and what it is called.
pub struct LbSpec<'a> {
    pub ids: LbIds,
    /// Scheme, certificate, idle timeout (the load balancer's own, `ingress`'s filling gaps).
    pub settings: LbSettings<'a>,
    /// The physical name (the scheme is part of it, see [`naming::load_balancer_name`]).
    pub name: String,
    /// `load balancer of …`, for its security group's description.
    pub owner: String,
    pub vpc: Value,
    /// The public subnets (internet-facing) or private ones (internal).
    pub subnets: Value,
    /// Client sources of an internal load balancer: the VPC CIDR when known, else `None` for
    /// the private ranges.
    pub vpc_cidr: Option<Value>,
    /// The only group (and ports) the load balancer may send to, and why.
    pub egress: (Value, u16, u16, String),
    /// What the listener does with requests that no rule takes.
    pub default_action: elbv2::Action,
    /// A resource the load balancer must wait for.
    pub depends_on: Option<LogicalId>,
    /// The port of a test listener, when there is one.
    pub test_port: Option<i64>,
    /// `ingress.test-clients`: who may reach the test port; `None` for the VPC (see
    /// [`add_security_group`]).
    pub test_clients: Option<Vec<String>>,
    /// `ingress.access-logs` (the shared load balancer only).
    pub access_logs: Option<access_logs::Logs>,
}

/// Where a shared load balancer lives: its VPC and subnets, the VPC's CIDR when known, and
/// the tasks group it sends to.
pub struct LbPlace {
    pub vpc: Value,
    pub public_subnets: Value,
    pub private_subnets: Value,
    pub vpc_cidr: Option<Value>,
    pub tasks_group: Value,
    /// Whether the VPC's internet gateway is attached in this same stack (a created network).
    pub gateway_here: bool,
}

/// Adds the environment's single shared load balancer (no `ingress.load-balancers`); `None`
/// when no service has a route on it.
pub fn add(t: &mut Template, target: &Target, network: &NetworkRefs) -> Option<AlbRefs> {
    if !needed(target) || target.app.named_load_balancers().is_some() {
        return None;
    }
    let tasks = add_tasks_group(t, target, network);
    // The edge features (`ingress.zone`, `waf`, `access-logs`) are the single load balancer's
    // (FF0497 refuses them with `ingress.load-balancers`).
    certificate::add(t, target);
    let place = LbPlace {
        vpc: network.vpc.clone(),
        public_subnets: Value::List(network.public.clone()),
        private_subnets: Value::List(network.private.clone()),
        vpc_cidr: network.cidr.as_deref().map(Value::str),
        tasks_group: Value::get_att(&tasks, "GroupId"),
        gateway_here: network.cidr.is_some(),
    };
    let ids = LbIds {
        security_group: id::alb_security_group(),
        load_balancer: id::load_balancer(),
        http_listener: id::http_listener(),
        https_listener: id::https_listener(),
    };
    let settings = target.app.load_balancer_settings(None);
    let name = naming::load_balancer_name(target.app_name(), target.env_name, settings.public);
    let owner = format!(
        "load balancer of {}",
        naming::environment_stack(target.app_name(), target.env_name)
    );
    let shared = add_shared(t, target, settings, &place, ids, name, owner);
    waf::add(t, target, &shared.load_balancer);
    certificate::add_record(t, target, &shared.load_balancer);
    Some(AlbRefs {
        security_group: shared.security_group,
        tasks_security_group: tasks,
        listener: shared.listener,
        load_balancer: shared.load_balancer,
        test_listener: shared.test_listener,
    })
}

/// What a load balancer stack attaches service stacks to.
pub struct SharedRefs {
    pub security_group: LogicalId,
    pub listener: LogicalId,
    pub load_balancer: LogicalId,
    pub test_listener: Option<LogicalId>,
}

/// Adds named load balancer `lb` of `ingress.load-balancers` (in its own stack).
pub fn add_named(t: &mut Template, target: &Target, lb: &str, place: &LbPlace) -> SharedRefs {
    let ids = LbIds {
        security_group: id::alb_security_group(),
        load_balancer: id::load_balancer(),
        http_listener: id::http_listener(),
        https_listener: id::https_listener(),
    };
    let settings = target.app.load_balancer_settings(Some(lb));
    let name =
        naming::named_load_balancer_name(target.app_name(), target.env_name, lb, settings.public);
    let owner = format!(
        "load balancer of {}",
        naming::load_balancer_stack(target.app_name(), target.env_name, lb)
    );
    add_shared(t, target, settings, place, ids, name, owner)
}

/// A shared load balancer with its test listener when one of its services shifts traffic.
fn add_shared(
    t: &mut Template,
    target: &Target,
    settings: LbSettings,
    place: &LbPlace,
    ids: LbIds,
    name: String,
    owner: String,
) -> SharedRefs {
    let public = settings.public;
    let certificate = certificate(target, &settings);
    let shifts = target
        .app
        .services_on(settings.name)
        .filter_map(|(_, s)| s.load_balancer_share())
        .any(|share| share.shifts_traffic);
    let test_port = shifts.then(|| deploy::test_port(certificate.is_some()));
    let spec = LbSpec {
        ids,
        settings,
        name,
        owner,
        vpc: place.vpc.clone(),
        subnets: if public {
            place.public_subnets.clone()
        } else {
            place.private_subnets.clone()
        },
        vpc_cidr: place.vpc_cidr.clone(),
        // Out only to the tasks group that every routed service's tasks join: one rule however
        // many services there are (a rule per service would hit the 60-rule quota).
        egress: (
            place.tasks_group.clone(),
            0,
            65535,
            "to the tasks of routed services".to_owned(),
        ),
        default_action: not_found(),
        // An internet-facing load balancer fails to create while the VPC's internet gateway is
        // still being attached, so in a created network (the only kind with a known CIDR) it
        // waits for it.
        depends_on: (public && place.gateway_here).then(id::gateway_attachment),
        test_port,
        test_clients: settings.test_clients.cloned(),
        access_logs: if settings.name.is_none() {
            access_logs::add(t, target)
        } else {
            None
        },
    };
    let security_group = spec.ids.security_group.clone();
    let load_balancer = spec.ids.load_balancer.clone();
    let listener = add_load_balancer(t, target, &spec);
    let test_listener =
        test_port.map(|port| add_test_listener(t, &load_balancer, certificate.as_ref(), port));
    SharedRefs {
        security_group,
        listener,
        load_balancer,
        test_listener,
    }
}

/// Adds a load balancer, its security group and listeners, following the app's `ingress`
/// (scheme, idle timeout, certificate); returns the listener rules attach to (HTTPS with a
/// certificate, else HTTP).
pub fn add_load_balancer(t: &mut Template, target: &Target, spec: &LbSpec) -> LogicalId {
    let public = spec.settings.public;
    let idle = spec.settings.idle_timeout;
    let certificate = certificate(target, &spec.settings);

    add_security_group(t, spec, public, certificate.is_some());
    let lb = spec.ids.load_balancer.clone();
    let mut resource = Resource::new(elbv2::LoadBalancer {
        name: Some(spec.name.clone()),
        lb_type: "application".to_owned(),
        scheme: if public {
            "internet-facing"
        } else {
            "internal"
        }
        .to_owned(),
        subnets: spec.subnets.clone(),
        security_groups: vec![Value::get_att(&spec.ids.security_group, "GroupId")],
        load_balancer_attributes: [
            elbv2::Attribute::new("idle_timeout.timeout_seconds", idle.to_string()),
            elbv2::Attribute::new("routing.http.drop_invalid_header_fields.enabled", "true"),
        ]
        .into_iter()
        .chain(spec.access_logs.iter().flat_map(|l| l.attributes.clone()))
        .collect(),
        tags: Vec::new(),
    });
    if spec.access_logs.is_none() {
        resource = resource.skip_check(
            "CKV_AWS_91",
            "no access logs for this load balancer: ingress.access-logs turns them on for the environment's shared one",
        );
    }
    for dep in spec.depends_on.iter().chain(
        spec.access_logs
            .as_ref()
            .and_then(|l| l.depends_on.as_ref()),
    ) {
        resource = resource.depends_on(dep);
    }
    t.add(lb, resource);

    add_listeners(t, spec, certificate.as_ref(), public)
}

/// The load balancer's certificate in the target's region: the ARN it names, else, for the
/// single load balancer, the one fleetform requests (`ingress.zone`, see
/// [`super::certificate`]).
fn certificate(target: &Target, settings: &LbSettings) -> Option<Value> {
    match settings.certificate {
        Some(c) => c.get(target.region).map(|arn| target.render(arn)),
        None => (settings.name.is_none() && certificate::requested(target))
            .then(|| Value::r#ref(&id::certificate())),
    }
}

/// The group every routed service's tasks join: a marker the shared load balancers send to.
pub fn add_tasks_group(t: &mut Template, target: &Target, network: &NetworkRefs) -> LogicalId {
    let tasks = id::tasks_security_group();
    t.add(
        tasks.clone(),
        Resource::new(ec2::SecurityGroup {
            group_description: format!(
                "tasks behind the load balancer of {}",
                naming::environment_stack(target.app_name(), target.env_name)
            ),
            vpc_id: network.vpc.clone(),
            security_group_ingress: Vec::new(),
            // A marker group: the tasks' own groups carry their traffic rules. This rule matches
            // nothing, so EC2 adds no "allow all" egress of its own.
            security_group_egress: vec![ec2::SecurityGroupRule::no_egress("disallow all traffic")],
            tags: Vec::new(),
        }),
    );
    tasks
}

/// The load balancer's security group: clients in on 80, and 443 with a certificate; testers
/// on the test port when there is a test listener; out only to `spec.egress`.
fn add_security_group(t: &mut Template, spec: &LbSpec, public: bool, https: bool) {
    // An internal load balancer admits its VPC; an imported network's CIDR is unknown at compile
    // time, so then the private ranges (RFC 1918), which also cover peered networks.
    let internal: Vec<Value> = if let Some(cidr) = &spec.vpc_cidr {
        vec![cidr.clone()]
    } else {
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
            .map(Value::str)
            .to_vec()
    };
    let clients = if public {
        vec![Value::str("0.0.0.0/0")]
    } else {
        internal.clone()
    };
    // The test port reaches a revision nobody has approved yet: only the declared testers, else
    // the VPC, even when production is open to the internet.
    let testers = spec.test_clients.as_ref().map_or(internal, |cidrs| {
        cidrs.iter().map(|c| Value::str(c.as_str())).collect()
    });
    let mut ports = vec![80];
    if https {
        ports.push(443);
    }
    let rule = |port: i64, source: &Value, who: &str| ec2::SecurityGroupRule {
        ip_protocol: "tcp".to_owned(),
        from_port: Some(port),
        to_port: Some(port),
        cidr_ip: Some(source.clone()),
        destination_security_group_id: None,
        description: Some(format!("{who} on port {port}")),
    };
    let mut ingress: Vec<ec2::SecurityGroupRule> = ports
        .iter()
        .flat_map(|port| clients.iter().map(|source| rule(*port, source, "clients")))
        .collect();
    if let Some(port) = spec.test_port {
        ingress.extend(testers.iter().map(|source| rule(port, source, "testers")));
    }
    let (egress_group, from, to, why) = &spec.egress;
    let mut sg_resource = Resource::new(ec2::SecurityGroup {
        group_description: spec.owner.clone(),
        vpc_id: spec.vpc.clone(),
        security_group_ingress: ingress,
        security_group_egress: vec![ec2::SecurityGroupRule {
            ip_protocol: "tcp".to_owned(),
            from_port: Some(i64::from(*from)),
            to_port: Some(i64::from(*to)),
            cidr_ip: None,
            destination_security_group_id: Some(egress_group.clone()),
            description: Some(why.clone()),
        }],
        tags: Vec::new(),
    });
    if public {
        sg_resource = sg_resource.skip_check(
            "CKV_AWS_260",
            "an internet-facing load balancer serves HTTP on port 80 to everyone (redirected to HTTPS when a certificate is set)",
        );
    }
    t.add(spec.ids.security_group.clone(), sg_resource);
}

/// The HTTP listener and, with a certificate, the HTTPS one; returns the one rules attach to.
fn add_listeners(
    t: &mut Template,
    spec: &LbSpec,
    certificate: Option<&Value>,
    public: bool,
) -> LogicalId {
    let lb = &spec.ids.load_balancer;
    let http = spec.ids.http_listener.clone();
    let mut listener = Resource::new(elbv2::Listener {
        load_balancer_arn: Value::r#ref(lb),
        port: 80,
        protocol: "HTTP".to_owned(),
        ssl_policy: None,
        certificates: Vec::new(),
        default_actions: vec![if certificate.is_some() {
            elbv2::Action::redirect_to_https()
        } else {
            spec.default_action.clone()
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
        let https = spec.ids.https_listener.clone();
        t.add(
            https.clone(),
            Resource::new(elbv2::Listener {
                load_balancer_arn: Value::r#ref(lb),
                port: 443,
                protocol: "HTTPS".to_owned(),
                ssl_policy: Some(SSL_POLICY.to_owned()),
                certificates: vec![elbv2::Certificate {
                    certificate_arn: cert.clone(),
                }],
                default_actions: vec![spec.default_action.clone()],
            }),
        );
        https
    } else {
        http
    }
}

/// The test listener: the same protocol as production, on [`deploy::test_port`], open only to
/// `ingress.test-clients` (see [`add_security_group`]).
/// Blue/green, canary and linear deployments send test traffic to the new revision through it.
fn add_test_listener(
    t: &mut Template,
    lb: &LogicalId,
    certificate: Option<&Value>,
    port: i64,
) -> LogicalId {
    let id = id::test_listener();
    let mut listener = Resource::new(elbv2::Listener {
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
                certificate_arn: cert.clone(),
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
