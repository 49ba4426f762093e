//! Central configuration (`config:`): the environment stack stores each plain value as an SSM
//! `String` parameter `/fleetform/{app}/{env}/config/{name}`; a service's `config: {VAR: name}`
//! becomes a container secret read from that parameter (ECS injects plain parameters through
//! `secrets` too), or from the existing `SecureString` parameter an entry names. The execution
//! role may read exactly those parameters (the `secrets` machinery), and decrypt with a
//! customer key an entry names. The image stays the same in every environment.

use std::collections::BTreeMap;

use super::Target;
use crate::cfn::resources::ssm;
use crate::cfn::{Resource, Template, Value};
use crate::model::{ConfigValue, Container};
use crate::naming::{self, id};

/// Adds the plain configuration values of the environment to its stack.
pub fn add_parameters(t: &mut Template, target: &Target) {
    for (name, value) in target.app.config_of(target.env) {
        let Some(text) = value.plain() else {
            continue;
        };
        t.add(
            id::config_parameter(&name),
            Resource::new(ssm::Parameter {
                name: path(target, &name, &value),
                parameter_type: "String",
                value: target.render(text),
                description: Some(format!("fleetform: configuration `{name}`")),
            }),
        );
    }
}

/// The parameter name of configuration entry `name`.
fn path(target: &Target, name: &str, value: &ConfigValue) -> String {
    match value {
        ConfigValue::Plain(_) => naming::config_path(target.app_name(), target.env_name, name),
        ConfigValue::Stored(s) => s.path.clone(),
        ConfigValue::Secure(s) => s.secure.clone(),
    }
}

/// The container with its `config` entries added to its secrets as SSM references (check
/// guarantees every name is declared and no variable is set twice).
pub fn resolve(target: &Target, mut container: Container) -> Container {
    let config = target.app.config_of(target.env);
    for (var, name) in std::mem::take(&mut container.config) {
        let reference = match config.get(&name) {
            Some(value) => format!("ssm:{}", path(target, &name, value)),
            None => format!(
                "ssm:{}",
                naming::config_path(target.app_name(), target.env_name, &name)
            ),
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
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use crate::lower::tests::small;

    fn template(file: &Json, name: &str) -> Json {
        crate::lower::tests::stack_template(file, name)
    }

    fn configured() -> Json {
        let mut file = small();
        file["config"] = json!({ "timeout-ms": "4000", "flag": "off" });
        file["environments"]["prod"]["config"] =
            json!({ "flag": { "value": "off", "path": "/shop/prod/flag" } });
        file["environments"]["test"]["config"] = json!({ "flag": "on", "key": { "secure": "/shop/test/key", "key": "arn:aws:kms:us-east-1:123456789012:key/k1" } });
        file["services"]["worker"]["config"] =
            json!({ "TIMEOUT_MS": "timeout-ms", "FLAG": "flag", "KEY": "key" });
        file
    }

    #[test]
    fn plain_values_are_parameters_of_the_environment_with_overrides() {
        let env = template(&configured(), "shop-test");
        let flag = &env["Resources"]["ConfigFlag"]["Properties"];
        assert_eq!(flag["Name"], "/fleetform/shop/test/config/flag");
        assert_eq!(flag["Value"], "on");
        assert_eq!(flag["Type"], "String");
        assert!(
            env["Resources"].get("ConfigKey").is_none(),
            "SecureString is referenced only"
        );
        let prod = template(&configured(), "shop-prod");
        assert_eq!(
            prod["Resources"]["ConfigFlag"]["Properties"]["Value"],
            "off"
        );
    }

    #[test]
    fn services_read_exactly_their_parameters() {
        let worker = template(&configured(), "shop-test-worker");
        let r = &worker["Resources"];
        let secrets = &r["TaskDefinition"]["Properties"]["ContainerDefinitions"][0]["Secrets"];
        let arn = |path: &str| json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{path}") });
        assert_eq!(
            secrets,
            &json!([
                { "Name": "FLAG", "ValueFrom": arn("fleetform/shop/test/config/flag") },
                { "Name": "KEY", "ValueFrom": arn("shop/test/key") },
                { "Name": "TIMEOUT_MS", "ValueFrom": arn("fleetform/shop/test/config/timeout-ms") }
            ])
        );
        let statements =
            &r["ExecutionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
        assert_eq!(statements[0]["Action"], json!(["ssm:GetParameters"]));
        assert_eq!(statements[0]["Resource"].as_array().unwrap().len(), 3);
        assert_eq!(statements[1]["Action"], json!(["kms:Decrypt"]));
        assert_eq!(
            statements[1]["Resource"],
            json!(["arn:aws:kms:us-east-1:123456789012:key/k1"])
        );
    }
}
