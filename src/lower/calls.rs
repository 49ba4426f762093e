//! Declared calls (`calls: [orders]`): the callee's container ports admit the caller's tasks.
//!
//! The rule's source must be a group of the caller. A service's own group lives in its own
//! stack, so referring to it from the callee's stack would order the callee after the caller,
//! and two services calling each other would make a cycle. Instead the environment stack holds
//! one empty "caller" group per calling service (published at
//! `/fleetform/{app}/{env}/services/{name}/security-group`); the caller's tasks join it, and
//! each callee's stack opens its ports to it. Service stacks then depend only on the
//! environment stack, whatever the call graph.

use std::collections::BTreeMap;

use super::Target;
use super::naming::id;
use super::params;
use crate::cfn::resources::ec2;
use crate::cfn::{LogicalId, Resource, Template, Value};

/// The app's callers (services with `calls`), by name.
fn callers<'a>(target: &'a Target) -> impl Iterator<Item = &'a str> + 'a {
    target
        .app
        .services
        .iter()
        .filter(|(_, s)| !s.calls.is_empty())
        .map(|(n, _)| n.as_str())
}

/// Each called service's callers (in name order, once each), for [`Target::callers`].
pub fn callers_by_callee(app: &crate::model::App) -> BTreeMap<&str, Vec<&str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (caller, service) in &app.services {
        for callee in &service.calls {
            let list = out.entry(callee.as_str()).or_default();
            if list.last() != Some(&caller.as_str()) {
                list.push(caller);
            }
        }
    }
    out
}

/// Adds and publishes a caller group per calling service to the environment stack.
pub fn add_caller_groups(t: &mut Template, target: &Target, vpc: &Value) {
    for caller in callers(target) {
        let sg = id::caller_security_group(caller);
        t.add(
            sg.clone(),
            Resource::new(&ec2::SecurityGroup {
                group_description: format!("callers: tasks of service {caller}"),
                vpc_id: vpc.clone(),
                security_group_ingress: Vec::new(),
                // Only a marker: the tasks' own group carries their egress.
                security_group_egress: vec![ec2::SecurityGroupRule {
                    ip_protocol: "-1".to_owned(),
                    from_port: None,
                    to_port: None,
                    cidr_ip: Some(Value::str("127.0.0.1/32")),
                    destination_security_group_id: None,
                    description: Some("no egress of its own".to_owned()),
                }],
                tags: Vec::new(),
            }),
        );
        params::publish_keyed(
            t,
            target,
            id::caller_group_parameter(caller),
            &params::caller_group_key(caller),
            Value::get_att(&sg, "GroupId"),
        );
    }
}

/// The caller group the tasks of `name` join, when the service calls others.
pub fn caller_group(t: &mut Template, target: &Target, name: &str) -> Option<Value> {
    let service = target.app.services.get(name)?;
    if service.calls.is_empty() {
        return None;
    }
    Some(params::import_keyed(
        t,
        target,
        &id::caller_group_import(name),
        &params::caller_group_key(name),
    ))
}

/// Opens the container ports of `name` to each service that calls it.
pub fn add_ingress(t: &mut Template, target: &Target, name: &str, service_sg: &LogicalId) {
    let Some(service) = target.app.services.get(name) else {
        return;
    };
    let ports = service.ports();
    for &caller in target.callers.get(name).into_iter().flatten() {
        // A service calling itself is rejected (FF0383); its tasks share its group anyway.
        if caller == name {
            continue;
        }
        let source = params::import_keyed(
            t,
            target,
            &id::caller_group_import(caller),
            &params::caller_group_key(caller),
        );
        for &port in &ports {
            let port_number = i64::from(port);
            t.add(
                id::ingress_from_caller(caller, port),
                Resource::new(&ec2::SecurityGroupIngress {
                    group_id: Value::get_att(service_sg, "GroupId"),
                    ip_protocol: "tcp".to_owned(),
                    from_port: port_number,
                    to_port: port_number,
                    source_security_group_id: source.clone(),
                    description: Some(format!("from service {caller}")),
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use crate::lower::lower;
    use crate::lower::tests::{app, small};

    /// The small app with discovery on, `worker` on port 9000 and opted out of discovery, and
    /// `cart` and `worker` calling each other.
    fn calling() -> Json {
        let mut file = small();
        file["discovery"] = json!("cloud-map");
        file["services"]["cart"]["calls"] = json!(["worker"]);
        file["services"]["worker"]["calls"] = json!(["cart"]);
        file["services"]["worker"]["port"] = json!(9000);
        file["services"]["worker"]["discovery"] = json!(false);
        file
    }

    fn template(file: &Json, name: &str) -> Json {
        crate::lower::tests::stack_template(file, name)
    }

    #[test]
    fn mutual_calls_make_no_stack_order_between_services() {
        for stack in lower(&app(&calling())) {
            if stack.name.starts_with("shop-test-") {
                assert_eq!(stack.depends_on, ["shop-test"], "{}", stack.name);
            }
        }
    }

    #[test]
    fn callee_opens_its_ports_to_the_callers_group() {
        let cart = template(&calling(), "shop-test-cart");
        let rule = &cart["Resources"]["IngressFromWorker8080"]["Properties"];
        assert_eq!(rule["FromPort"], 8080);
        assert_eq!(rule["ToPort"], 8080);
        assert_eq!(
            rule["SourceSecurityGroupId"],
            json!({ "Ref": "CallerWorkerSecurityGroupId" })
        );
        assert_eq!(
            cart["Parameters"]["CallerWorkerSecurityGroupId"]["Default"],
            "/fleetform/shop/test/services/worker/security-group"
        );
        let groups = &cart["Resources"]["Service"]["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"]
            ["SecurityGroups"];
        assert!(
            groups
                .as_array()
                .unwrap()
                .contains(&json!({ "Ref": "CallerCartSecurityGroupId" })),
            "{groups}"
        );
        let worker = template(&calling(), "shop-test-worker");
        assert_eq!(
            worker["Resources"]["IngressFromCart9000"]["Properties"]["SourceSecurityGroupId"],
            json!({ "Ref": "CallerCartSecurityGroupId" })
        );
    }

    #[test]
    fn environment_publishes_caller_groups_and_the_namespace() {
        let env = template(&calling(), "shop-test");
        let r = &env["Resources"];
        assert_eq!(
            r["CallerCartSecurityGroup"]["Type"],
            "AWS::EC2::SecurityGroup"
        );
        assert_eq!(
            r["ParameterCallerWorkerSecurityGroup"]["Properties"]["Name"],
            "/fleetform/shop/test/services/worker/security-group"
        );
        let ns = &r["DiscoveryNamespace"];
        assert_eq!(ns["Type"], "AWS::ServiceDiscovery::PrivateDnsNamespace");
        assert_eq!(ns["Properties"]["Name"], "test.shop.internal");
        assert_eq!(ns["Properties"]["Vpc"], json!({ "Ref": "Vpc" }));
        assert_eq!(
            r["ParameterDiscoveryNamespace"]["Properties"]["Name"],
            "/fleetform/shop/test/discovery-namespace"
        );
    }

    #[test]
    fn registered_service_has_a_records_and_opted_out_has_none() {
        let cart = template(&calling(), "shop-test-cart");
        let sd = &cart["Resources"]["DiscoveryService"]["Properties"];
        assert_eq!(sd["Name"], "cart");
        assert_eq!(sd["DnsConfig"]["RoutingPolicy"], "MULTIVALUE");
        assert_eq!(
            sd["DnsConfig"]["DnsRecords"],
            json!([{ "Type": "A", "TTL": 10 }])
        );
        assert_eq!(
            cart["Resources"]["Service"]["Properties"]["ServiceRegistries"],
            json!([{ "RegistryArn": { "Fn::GetAtt": ["DiscoveryService", "Arn"] } }])
        );
        let worker = template(&calling(), "shop-test-worker");
        assert!(worker["Resources"].get("DiscoveryService").is_none());
        assert!(
            worker["Resources"]["Service"]["Properties"]
                .get("ServiceRegistries")
                .is_none()
        );
    }

    #[test]
    fn service_connect_serves_ports_and_makes_callers_clients() {
        let mut file = calling();
        file["discovery"] = json!("service-connect");
        let env = template(&file, "shop-test");
        let r = &env["Resources"];
        assert_eq!(
            r["DiscoveryNamespace"]["Type"],
            "AWS::ServiceDiscovery::HttpNamespace"
        );
        assert_eq!(
            r["Cluster"]["Properties"]["ServiceConnectDefaults"],
            json!({ "Namespace": { "Fn::GetAtt": ["DiscoveryNamespace", "Arn"] } })
        );
        assert_eq!(
            r["ParameterServiceConnectNamespace"]["Properties"]["Name"],
            "/fleetform/shop/test/service-connect-namespace"
        );
        let cart = template(&file, "shop-test-cart");
        assert_eq!(
            cart["Resources"]["Service"]["Properties"]["ServiceConnectConfiguration"],
            json!({
                "Enabled": true,
                "Namespace": { "Ref": "ServiceConnectNamespace" },
                "Services": [{
                    "PortName": "app-8080",
                    "DiscoveryName": "cart",
                    "ClientAliases": [{ "Port": 8080, "DnsName": "cart" }]
                }]
            })
        );
        assert!(cart["Resources"].get("DiscoveryService").is_none());
        // `worker` opted out of discovery but calls `cart`: a client only.
        let worker = template(&file, "shop-test-worker");
        assert_eq!(
            worker["Resources"]["Service"]["Properties"]["ServiceConnectConfiguration"],
            json!({ "Enabled": true, "Namespace": { "Ref": "ServiceConnectNamespace" } })
        );
        assert!(worker["Resources"].get("IngressFromCart9000").is_some());
        // `cart` and `worker` call each other: no order between them.
        for stack in lower(&app(&file)) {
            if stack.name.starts_with("shop-test-") {
                assert_eq!(stack.depends_on, ["shop-test"], "{}", stack.name);
            }
        }
        // A one-way call orders the client after the server.
        file["services"]["cart"]["calls"] = json!([]);
        let worker = lower(&app(&file))
            .into_iter()
            .find(|s| s.name == "shop-test-worker")
            .unwrap();
        assert_eq!(worker.depends_on, ["shop-test", "shop-test-cart"]);
    }

    #[test]
    fn without_discovery_or_calls_nothing_is_added() {
        let env = template(&small(), "shop-test");
        assert!(env["Resources"].get("DiscoveryNamespace").is_none());
        assert!(
            env["Resources"]
                .get("ParameterDiscoveryNamespace")
                .is_none()
        );
        let cart = template(&small(), "shop-test-cart");
        assert!(cart["Resources"].get("DiscoveryService").is_none());
        assert!(
            cart["Parameters"]
                .as_object()
                .unwrap()
                .keys()
                .all(|k| !k.starts_with("Caller"))
        );
    }
}
