//! Service discovery (`discovery: cloud-map`): the environment stack's private DNS namespace
//! `{env}.{app}.internal` on the environment's VPC, and in each registered service's stack a
//! Cloud Map service whose A records ECS keeps at the tasks' addresses, so
//! `cart.{env}.{app}.internal` resolves to the running tasks of `cart`.
//!
//! With `discovery: service-connect` the namespace is a Cloud Map HTTP namespace (the
//! cluster's Service Connect default, its ARN published as `service-connect-namespace`) and
//! every ECS service enables Service Connect: a registered service with container ports
//! serves each port (`PortName` = the port mapping's name) under the client alias
//! `{service}:{port}`; every other service is a client only. Security groups stay those of
//! `calls`.

use super::Target;
use super::params::{self, Published};
use crate::cfn::resources::{ecs, servicediscovery as sd};
use crate::cfn::{Resource, Template, Value};
use crate::model::{Discovery, Service};
use crate::naming::id;
use crate::resolved::Workload;

/// Short, so a replaced task's address leaves resolvers quickly.
const RECORD_TTL: i64 = 10;

/// The namespace name of an environment: `{env}.{app}.internal`.
pub fn namespace_name(target: &Target) -> String {
    format!("{}.{}.internal", target.env_name, target.app_name())
}

/// Whether any service of the app registers (the namespace is created only then).
pub fn used(target: &Target) -> bool {
    target
        .app
        .services
        .values()
        .any(|s| registers(target, s) || connects(target, s))
}

/// Whether `service` registers in the namespace. A DNS blue/green service runs two ECS
/// services and is not registered (yet).
pub fn registers(target: &Target, service: &Service) -> bool {
    target.app.discovery == Some(Discovery::CloudMap)
        && service.discoverable(target.app.discovery)
        && service.dns_blue_green().is_none()
}

/// Whether `service` serves its ports through Service Connect.
fn serves(target: &Target, service: &Service) -> bool {
    target.app.discovery == Some(Discovery::ServiceConnect)
        && service.discoverable(target.app.discovery)
        && service.dns_blue_green().is_none()
        && !service.ports().is_empty()
}

/// Whether `service` enables Service Connect (as a server, or as a client of its calls).
pub fn connects(target: &Target, service: &Service) -> bool {
    serves(target, service)
        || (target.app.discovery == Some(Discovery::ServiceConnect)
            && service.dns_blue_green().is_none()
            && !service.calls.is_empty())
}

/// The cluster's Service Connect defaults, when services use Service Connect.
pub fn cluster_defaults(target: &Target) -> Option<ecs::ServiceConnectDefaults> {
    (target.app.discovery == Some(Discovery::ServiceConnect) && used(target)).then(|| {
        ecs::ServiceConnectDefaults {
            namespace: Value::get_att(&id::discovery_namespace(), "Arn"),
        }
    })
}

/// The service's `ServiceConnectConfiguration`, when it uses Service Connect.
pub fn service_connect(
    t: &mut Template,
    target: &Target,
    service: &Workload,
    name: &str,
) -> Option<ecs::ServiceConnectConfiguration> {
    if !connects(target, service) {
        return None;
    }
    let namespace = params::import(t, target, Published::ServiceConnectNamespace);
    let services = if serves(target, service) {
        service
            .containers
            .iter()
            .filter_map(|(container, c)| c.port.map(|p| (container.clone(), p)))
            .enumerate()
            .map(|(i, (container, port))| ecs::ServiceConnectService {
                port_name: crate::naming::port_name(&container, port),
                // Discovery names are unique in the namespace: the first port is the
                // service's own name.
                discovery_name: if i == 0 {
                    name.to_owned()
                } else {
                    format!("{name}-{port}")
                },
                client_aliases: vec![ecs::ServiceConnectClientAlias {
                    port: i64::from(port),
                    dns_name: name.to_owned(),
                }],
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(ecs::ServiceConnectConfiguration {
        enabled: true,
        namespace,
        services,
    })
}

/// Adds the namespace to the environment stack and publishes its ID, when a service uses it.
pub fn add_namespace(t: &mut Template, target: &Target, vpc: &Value) {
    if !used(target) {
        return;
    }
    let ns = id::discovery_namespace();
    let description = format!(
        "fleetform: services of app `{}`, environment `{}`",
        target.app_name(),
        target.env_name
    );
    if target.app.discovery == Some(Discovery::ServiceConnect) {
        t.add(
            ns.clone(),
            Resource::new(sd::HttpNamespace {
                name: namespace_name(target),
                description,
            }),
        );
        params::publish(
            t,
            target,
            Published::ServiceConnectNamespace,
            Value::get_att(&ns, "Arn"),
        );
        return;
    }
    t.add(
        ns.clone(),
        Resource::new(sd::PrivateDnsNamespace {
            name: namespace_name(target),
            vpc: vpc.clone(),
            description,
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
        Resource::new(sd::Service {
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

/// The service stacks a Service Connect client should be deployed after: its callees that
/// serve, unless a callee reaches back to it through calls (a cycle cannot be ordered). A
/// client task resolves only the endpoints that existed when it started, so on a first deploy
/// the callees must come first.
pub fn deploy_after(target: &Target, name: &str) -> Vec<String> {
    let services = &target.app.services;
    let Some(service) = services.get(name) else {
        return Vec::new();
    };
    if target.app.discovery != Some(Discovery::ServiceConnect) {
        return Vec::new();
    }
    let reaches = |from: &str, to: &str| {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![from.to_owned()];
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone())
                && let Some(s) = services.get(&next)
            {
                stack.extend(s.calls.iter().cloned());
            }
        }
        false
    };
    let mut after: Vec<String> = service
        .calls
        .iter()
        .filter(|c| c.as_str() != name)
        .filter(|c| services.get(c.as_str()).is_some_and(|s| serves(target, s)))
        .filter(|c| !reaches(c, name))
        .map(|c| crate::naming::service_stack(target.app_name(), target.env_name, c))
        .collect();
    after.sort();
    after.dedup();
    after
}
