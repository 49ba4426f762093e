//! Service discovery (`discovery: cloud-map`): the environment stack's private DNS namespace
//! `{env}.{app}.internal` on the environment's VPC, and in each registered service's stack a
//! Cloud Map service whose A records ECS keeps at the tasks' addresses, so
//! `cart.{env}.{app}.internal` resolves to the running tasks of `cart`.

use super::Target;
use super::naming::id;
use super::params::{self, Published};
use crate::cfn::resources::{ecs, servicediscovery as sd};
use crate::cfn::{Resource, Template, Value};
use crate::model::Service;

/// Short, so a replaced task's address leaves resolvers quickly.
const RECORD_TTL: i64 = 10;

/// The namespace name of an environment: `{env}.{app}.internal`.
pub fn namespace_name(target: &Target) -> String {
    format!("{}.{}.internal", target.env_name, target.app_name())
}

/// Whether any service of the app registers (the namespace is created only then).
pub fn used(target: &Target) -> bool {
    target.app.services.values().any(|s| registers(target, s))
}

/// Whether `service` registers in the namespace. A DNS blue/green service runs two ECS
/// services and is not registered (yet).
pub fn registers(target: &Target, service: &Service) -> bool {
    service.discoverable(target.app.discovery) && service.dns_blue_green().is_none()
}

/// Adds the namespace to the environment stack and publishes its ID, when a service uses it.
pub fn add_namespace(t: &mut Template, target: &Target, vpc: &Value) {
    if !used(target) {
        return;
    }
    let ns = id::discovery_namespace();
    t.add(
        ns.clone(),
        Resource::new(&sd::PrivateDnsNamespace {
            name: namespace_name(target),
            vpc: vpc.clone(),
            description: format!(
                "fleetform: services of app `{}`, environment `{}`",
                target.app_name(),
                target.env_name
            ),
        }),
    );
    params::publish(
        t,
        target,
        Published::DiscoveryNamespace,
        Value::get_att(&ns, "Id"),
    );
}

/// Adds the service's Cloud Map service; returns the ECS service's registries (empty when the
/// service does not register).
pub fn add_service(
    t: &mut Template,
    target: &Target,
    name: &str,
    service: &Service,
) -> Vec<ecs::ServiceRegistry> {
    if !registers(target, service) {
        return Vec::new();
    }
    let namespace = params::import(t, target, Published::DiscoveryNamespace);
    let registry = id::discovery_service();
    t.add(
        registry.clone(),
        Resource::new(&sd::Service {
            name: name.to_owned(),
            namespace_id: namespace,
            description: format!("fleetform: tasks of service `{name}`"),
            dns_config: sd::DnsConfig {
                routing_policy: "MULTIVALUE",
                dns_records: vec![sd::DnsRecord {
                    record_type: "A",
                    ttl: RECORD_TTL,
                }],
            },
            // ECS reports task health; one failure takes a task's record out.
            health_check_custom_config: sd::HealthCheckCustomConfig {
                failure_threshold: 1,
            },
        }),
    );
    vec![ecs::ServiceRegistry {
        registry_arn: Value::get_att(&registry, "Arn"),
    }]
}
