//! The task definition: containers (short form = one container `app`), their images, ports,
//! environment, secrets, health checks and logs.

use std::collections::BTreeMap;

use super::Target;
use super::logs::awslogs;
use super::text::{concat, regional_arn};
use crate::cfn::resources::ecs;
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::check::health_command::{HealthCommand, normalise};
use crate::model::{Container, LogDriver, SecretSource, StringOrList};
use crate::naming::{self, id};
use crate::resolved::{Compat, Workload};

/// The containers of a workload with their `config` entries resolved into secrets for the
/// target's environment.
pub fn configured(target: &Target, service: &Workload) -> BTreeMap<String, Container> {
    service
        .containers
        .iter()
        .map(|(name, c)| (name.clone(), super::config::resolve(target, c.clone())))
        .collect()
}

/// The source of a secret reference in `target`. The reference is parsed once interpolated, so
/// a var holding a whole ARN is read as one (var values hold no `{{…}}`, FF0014, so rendering
/// the parts again changes nothing); with deploy-time names (`{{account}}`), which hold no `:`,
/// the text as written has the same shape. References are checked (FF0311, FF0397) before
/// lowering; one that still does not parse is read as a parameter name rather than panic.
pub fn parse_secret(target: &Target, reference: &str) -> SecretSource {
    let text = match target.render(reference) {
        Value::Str(s) => s,
        _ => reference.to_owned(),
    };
    SecretSource::parse(&text).unwrap_or_else(|_| {
        SecretSource::Ssm(
            text.trim_start_matches("ssm:")
                .trim_start_matches('/')
                .to_owned(),
        )
    })
}

/// The ARN the ECS agent reads a secret from (`ValueFrom`).
pub fn secret_value_from(target: &Target, source: &SecretSource) -> Value {
    match source {
        SecretSource::Ssm(path) => regional_arn("ssm", "parameter/", &target.render(path)),
        SecretSource::SecretsManager { name, key } => {
            let arn = regional_arn("secretsmanager", "secret:", &target.render(name));
            match key {
                // `arn:…:secret:NAME:JSON-KEY:VERSION-STAGE:VERSION-ID`, stage and id empty.
                Some(key) => concat(&[arn, Value::str(":"), target.render(key), Value::str("::")]),
                None => arn,
            }
        }
        SecretSource::SsmArn(arn) => target.render(arn),
        SecretSource::SecretsManagerArn { arn, fields } if fields.is_empty() => target.render(arn),
        SecretSource::SecretsManagerArn { arn, fields } => {
            // ECS reads `:json-key:version-stage:version-id` by position: all three, empty
            // where not given.
            let mut fields = fields.clone();
            fields.resize(3, String::new());
            target.render(&format!("{arn}:{}", fields.join(":")))
        }
    }
}

/// Adds the task definition; returns its logical ID.
#[allow(clippy::too_many_arguments)]
pub fn add(
    t: &mut Template,
    target: &Target,
    name: &str,
    service: &Workload,
    compat: Compat,
    execution_role: &LogicalId,
    task_role: Option<&LogicalId>,
    log_group: &LogicalId,
) -> LogicalId {
    let task = id::task_definition();
    t.add(
        task.clone(),
        Resource::new(definition(
            target,
            name,
            service,
            compat,
            execution_role,
            task_role,
            log_group,
        )),
    );
    task
}

/// The task definition of service `name` (family `{app}-{env}-{name}`).
pub fn definition(
    target: &Target,
    name: &str,
    service: &Workload,
    compat: Compat,
    execution_role: &LogicalId,
    task_role: Option<&LogicalId>,
    log_group: &LogicalId,
) -> ecs::TaskDefinition {
    let firelens = service.logs.driver == LogDriver::Firelens;
    let mut definitions: Vec<ecs::ContainerDefinition> = configured(target, service)
        .iter()
        .map(|(cname, c)| {
            let mut d = container_definition(target, cname, c, log_group);
            // Every container gets the same window: a Spot interruption or a scale-in stops
            // the whole task, and a sidecar killed early would cut off the one still draining.
            d.stop_timeout = service.stop_timeout.map(i64::from);
            super::hardening::apply(target, service, &mut d);
            d.mount_points
                .extend(super::volumes::mount_points(service, cname));
            if firelens {
                d.log_configuration = super::logs::firelens_output(cname, log_group);
            }
            d
        })
        .collect();
    if firelens {
        definitions.push(super::logs::log_router(log_group));
    }
    let (compatibility, arch) = compat.ecs();
    ecs::TaskDefinition {
        family: naming::task_family(target.app_name(), target.env_name, name),
        network_mode: "awsvpc".to_owned(),
        requires_compatibilities: vec![compatibility.to_owned()],
        cpu: service.cpu.to_string(),
        memory: service.memory.to_string(),
        execution_role_arn: Value::get_att(execution_role, "Arn"),
        task_role_arn: task_role.map(|r| Value::get_att(r, "Arn")),
        runtime_platform: Some(ecs::RuntimePlatform {
            cpu_architecture: arch.to_owned(),
            operating_system_family: "LINUX".to_owned(),
        }),
        container_definitions: definitions,
        volumes: super::hardening::volumes(service)
            .into_iter()
            .chain(super::volumes::task_volumes(target, service))
            .collect(),
        ephemeral_storage: super::volumes::ephemeral_storage(service),
        tags: Vec::new(),
    }
}

fn container_definition(
    target: &Target,
    name: &str,
    c: &Container,
    log_group: &LogicalId,
) -> ecs::ContainerDefinition {
    ecs::ContainerDefinition {
        name: name.to_owned(),
        image: target.render(&c.image),
        essential: c.essential,
        cpu: c.cpu.map(i64::from),
        memory: c.memory.map(i64::from),
        command: c
            .command
            .as_ref()
            .map(|args| args.iter().map(|a| target.render(a)).collect()),
        port_mappings: c
            .port
            .map(|port| ecs::PortMapping {
                name: naming::port_name(name, port),
                container_port: i64::from(port),
                protocol: "tcp".to_owned(),
            })
            .into_iter()
            .collect(),
        environment: c
            .env
            .iter()
            .map(|(k, v)| ecs::KeyValuePair {
                name: k.clone(),
                value: target.render(v),
            })
            .collect(),
        secrets: c
            .secrets
            .iter()
            .map(|(k, v)| ecs::Secret {
                name: k.clone(),
                value_from: secret_value_from(target, &parse_secret(target, v)),
            })
            .collect(),
        health_check: c.health.as_ref().map(|h| ecs::HealthCheck {
            command: health_command(target, &h.command),
            interval: i64::from(h.interval),
            timeout: i64::from(h.timeout),
            retries: i64::from(h.retries),
            start_period: i64::from(h.start_period),
        }),
        log_configuration: awslogs(log_group, name),
        readonly_root_filesystem: false,
        user: None,
        linux_parameters: None,
        mount_points: Vec::new(),
        firelens_configuration: None,
        memory_reservation: None,
        stop_timeout: None,
    }
}

/// ECS's `HealthCheck.Command`: `["CMD", args…]` or `["CMD-SHELL", text]`, a Docker-style
/// `CMD`/`CMD-SHELL` prefix in the blueprint understood rather than repeated.
fn health_command(target: &Target, command: &StringOrList) -> Vec<Value> {
    match normalise(command) {
        Ok(HealthCommand::Shell(shell)) => vec![Value::str("CMD-SHELL"), target.render(shell)],
        Ok(HealthCommand::Exec(args)) => std::iter::once(Value::str("CMD"))
            .chain(args.iter().map(|a| target.render(a)))
            .collect(),
        // Checks refuse these (FF0440); pass the list on as written rather than guess.
        Err(_) => std::iter::once(Value::str("CMD"))
            .chain(command.to_vec().iter().map(|a| target.render(a)))
            .collect(),
    }
}
