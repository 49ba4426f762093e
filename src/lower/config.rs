//! Central configuration (`config:`): the environment stack stores each plain value as an SSM
//! `String` parameter `/fleetform/{app}/{env}/config/{name}`; a service's `config: {VAR: name}`
//! becomes a container secret read from that parameter (ECS injects plain parameters through
//! `secrets` too), or from the existing `SecureString` parameter an entry names. The execution
//! role may read exactly those parameters (the `secrets` machinery), and decrypt with a
//! customer key an entry names. The image stays the same in every environment.

use std::collections::BTreeMap;

use super::Target;
use super::naming::{self, id};
use crate::cfn::resources::ssm;
use crate::cfn::{Resource, Template, Value};
use crate::model::{ConfigValue, Container};

/// Adds the plain configuration values of the environment to its stack.
pub fn add_parameters(t: &mut Template, target: &Target) {
    for (name, value) in target.app.config_of(target.env) {
        let ConfigValue::Plain(text) = value else {
            continue;
        };
        t.add(
            id::config_parameter(&name),
            Resource::new(&ssm::Parameter {
                name: naming::config_path(target.app_name(), target.env_name, &name),
                parameter_type: "String",
                value: target.render(&text),
                description: Some(format!("fleetform: configuration `{name}`")),
            }),
        );
    }
}

/// The container with its `config` entries added to its secrets as SSM references (check
/// guarantees every name is declared and no variable is set twice).
pub fn resolve(target: &Target, mut container: Container) -> Container {
    let config = target.app.config_of(target.env);
    for (var, name) in std::mem::take(&mut container.config) {
        let reference = match config.get(&name) {
            Some(ConfigValue::Plain(_)) | None => format!(
                "ssm:{}",
                naming::config_path(target.app_name(), target.env_name, &name)
            ),
            Some(ConfigValue::Secure(s)) => format!("ssm:{}", s.secure),
        };
        container.secrets.insert(var, reference);
    }
    container
}

/// The customer KMS keys of the `SecureString` entries the containers read.
pub fn keys(target: &Target, containers: &BTreeMap<String, Container>) -> Vec<Value> {
    let config = target.app.config_of(target.env);
    let mut keys: Vec<Value> = containers
        .values()
        .flat_map(|c| c.config.values())
        .filter_map(|name| match config.get(name) {
            Some(ConfigValue::Secure(s)) => s.key.as_ref().map(|k| target.render(k)),
            _ => None,
        })
        .collect();
    keys.sort_by_key(|v| serde_json::to_string(v).unwrap_or_default());
    keys.dedup();
    keys
}
