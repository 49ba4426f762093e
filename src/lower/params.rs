//! The hand-off between stacks: the environment stack publishes SSM parameters under
//! `/fleetform/{app}/{env}/…`; service stacks read them through
//! `AWS::SSM::Parameter::Value<…>` stack parameters whose `Default` is the path. No stack
//! exports, so the environment stack stays updatable.

use super::Target;
use crate::cfn::resources::ssm;
use crate::cfn::{Expr, LogicalId, Parameter, Resource, Template, Value};
use crate::naming::{self, id};

/// A value the environment stack publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    VpcId,
    VpcCidr,
    PrivateSubnets,
    PublicSubnets,
    Cluster,
    Listener,
    /// The listener on the test port (only when a service shifts traffic: blue/green, canary,
    /// linear).
    TestListener,
    LoadBalancerSecurityGroup,
    TasksSecurityGroup,
    /// `app/<name>/<id>`, for request-count scaling (published only when a service uses it).
    LoadBalancerFullName,
    /// The Cloud Map namespace ID (only when a service registers in service discovery).
    DiscoveryNamespace,
    /// The ARN of the environment's log key (`logs.kms-key: create`).
    LogKey,
    /// The log-analytics Firehose stream ARN (environment `logs.analytics`).
    LogStream,
    /// The role `CloudWatch` Logs assumes to put subscription records into the stream.
    LogSubscriptionRole,
    /// The URL of the queue fleetform creates for event rules (`sqs: create`).
    EventsQueue,
    /// The ARN of the Service Connect HTTP namespace (only with `discovery: service-connect`).
    ServiceConnectNamespace,
    /// The ARN of the environment's alarm topic (only when a service has alarms).
    AlarmTopic,
    /// The ARN of the Network Load Balancer (only when a service has `listeners`).
    NetworkLoadBalancer,
    /// The group ID of the Network Load Balancer's security group.
    NetworkLoadBalancerSecurityGroup,
}

impl Published {
    /// The last segment of the SSM path.
    pub const fn key(self) -> &'static str {
        match self {
            Self::VpcId => "vpc-id",
            Self::VpcCidr => "vpc-cidr",
            Self::PrivateSubnets => "private-subnets",
            Self::PublicSubnets => "public-subnets",
            Self::Cluster => "cluster",
            Self::Listener => "listener",
            Self::TestListener => "test-listener",
            Self::LoadBalancerSecurityGroup => "load-balancer-security-group",
            Self::TasksSecurityGroup => "tasks-security-group",
            Self::LoadBalancerFullName => "load-balancer-full-name",
            Self::DiscoveryNamespace => "discovery-namespace",
            Self::LogKey => "log-key",
            Self::LogStream => "log-stream",
            Self::LogSubscriptionRole => "log-subscription-role",
            Self::EventsQueue => "events-queue",
            Self::ServiceConnectNamespace => "service-connect-namespace",
            Self::AlarmTopic => "alarm-topic",
            Self::NetworkLoadBalancer => "network-load-balancer",
            Self::NetworkLoadBalancerSecurityGroup => "network-load-balancer-security-group",
        }
    }

    const fn is_list(self) -> bool {
        matches!(self, Self::PrivateSubnets | Self::PublicSubnets)
    }
}

/// Publishes `value` (a list is joined with commas into a `StringList`).
pub fn publish(t: &mut Template, target: &Target, what: Published, value: Value) {
    let (parameter_type, value) = match value {
        Value::List(items) if what.is_list() => {
            ("StringList", Value::from(Expr::Join(",".to_owned(), items)))
        }
        other => ("String", other),
    };
    t.add(
        id::ssm_parameter(what.key()),
        Resource::new(ssm::Parameter {
            name: naming::ssm_path(target.app_name(), target.env_name, what.key()),
            parameter_type,
            value,
            description: Some(format!(
                "fleetform: {} of {}",
                what.key(),
                naming::environment_stack(target.app_name(), target.env_name)
            )),
        }),
    );
}

/// Publishes `value` for named load balancer `lb` (see [`naming::load_balancer_key`]); `None`
/// is [`publish`].
pub fn publish_lb(
    t: &mut Template,
    target: &Target,
    what: Published,
    lb: Option<&str>,
    value: Value,
) {
    let Some(lb) = lb else {
        return publish(t, target, what, value);
    };
    let key = naming::load_balancer_key(Some(lb), what.key());
    t.add(
        id::ssm_parameter(&key),
        Resource::new(ssm::Parameter {
            name: naming::ssm_path(target.app_name(), target.env_name, &key),
            parameter_type: "String",
            value,
            description: Some(format!(
                "fleetform: {} of {}",
                what.key(),
                naming::load_balancer_stack(target.app_name(), target.env_name, lb)
            )),
        }),
    );
}

/// Declares the stack parameter that reads `what` in a service stack; returns its `Ref`.
pub fn import(t: &mut Template, target: &Target, what: Published) -> Value {
    import_lb(t, target, what, None)
}

/// Imports what a load balancer in a service or load-balancer stack sits in: the public or the
/// private subnets, and for an internal one the VPC's CIDR it admits (published only for a
/// created network; `None` otherwise).
pub fn import_lb_subnets(
    t: &mut Template,
    target: &Target,
    public: bool,
) -> (Value, Option<Value>) {
    let subnets = import(
        t,
        target,
        if public {
            Published::PublicSubnets
        } else {
            Published::PrivateSubnets
        },
    );
    let vpc_cidr = (!public && target.env.network.import.is_none())
        .then(|| import(t, target, Published::VpcCidr));
    (subnets, vpc_cidr)
}

/// [`import`] of what load balancer `lb` publishes (`None`: the environment's single one). The
/// stack parameter is named for `what` alone: a service is on one load balancer.
pub fn import_lb(t: &mut Template, target: &Target, what: Published, lb: Option<&str>) -> Value {
    let param: LogicalId = id::stack_parameter(what.key());
    // Concatenations, not `format!`: this runs several times for every routed service stack,
    // and `format!` cost ten times as much here.
    let type_name = if what.is_list() {
        "AWS::SSM::Parameter::Value<List<String>>"
    } else {
        "AWS::SSM::Parameter::Value<String>"
    };
    t.add_parameter(
        param.clone(),
        Parameter {
            type_name: type_name.to_owned(),
            default: Some(naming::ssm_path(
                target.app_name(),
                target.env_name,
                &naming::load_balancer_key(lb, what.key()),
            )),
            description: Some([what.key(), " published by the environment stack"].concat()),
            allowed_pattern: None,
        },
    );
    Value::r#ref(&param)
}

/// What every service and job stack imports: the cluster, the VPC and the subnets its tasks
/// run in (public ones with a public IP, else private).
pub fn import_workload(
    t: &mut Template,
    target: &Target,
    public_ip: bool,
) -> (Value, Value, Value) {
    let cluster = import(t, target, Published::Cluster);
    let vpc = import(t, target, Published::VpcId);
    let subnets = import(
        t,
        target,
        if public_ip {
            Published::PublicSubnets
        } else {
            Published::PrivateSubnets
        },
    );
    (cluster, vpc, subnets)
}

/// The SSM key of a service's caller security group in the environment stack (see `calls`).
pub fn caller_group_key(service: &str) -> String {
    format!("services/{service}/security-group")
}

/// The SSM key of a service's caller security group in callers stack `index`. Each stack has
/// keys of its own: a stack creating a parameter another stack still holds would fail when a
/// group moves.
pub fn moved_caller_group_key(index: u32, service: &str) -> String {
    format!("callers/{index:02}/{service}/security-group")
}

/// Publishes a string under `key` as resource `id` of stack `publisher` (for per-service
/// values).
pub fn publish_keyed(
    t: &mut Template,
    target: &Target,
    publisher: &str,
    (id, key): (LogicalId, &str),
    value: Value,
) {
    t.add(
        id,
        Resource::new(ssm::Parameter {
            name: naming::ssm_path(target.app_name(), target.env_name, key),
            parameter_type: "String",
            value,
            description: Some(format!("fleetform: {key} of {publisher}")),
        }),
    );
}

/// Declares stack parameter `param` reading the string `key` that stack `publisher` publishes;
/// returns its `Ref`.
pub fn import_keyed(
    t: &mut Template,
    target: &Target,
    param: &LogicalId,
    (publisher, key): &(String, String),
) -> Value {
    let environment = naming::environment_stack(target.app_name(), target.env_name);
    let by = if *publisher == environment {
        "the environment stack".to_owned()
    } else {
        format!("stack {publisher}")
    };
    t.add_parameter(
        param.clone(),
        Parameter {
            type_name: "AWS::SSM::Parameter::Value<String>".to_owned(),
            default: Some(naming::ssm_path(target.app_name(), target.env_name, key)),
            description: Some(format!("{key} published by {by}")),
            allowed_pattern: None,
        },
    );
    Value::r#ref(param)
}
