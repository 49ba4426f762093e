//! Declared calls (`calls: [orders]`): the callee's container ports admit the caller's tasks.
//!
//! The rule's source must be a group of the caller. A service's own group lives in its own
//! stack, so referring to it from the callee's stack would order the callee after the caller,
//! and two services calling each other would make a cycle. Instead one empty "caller" group
//! per calling service lives in a stack deployed before every service stack; the caller's
//! tasks join it, and each callee's stack opens its ports to it. Service stacks then depend
//! only on the environment (and callers) stacks, whatever the call graph.
//!
//! Each caller costs two resources and about 850 bytes of template. Up to
//! [`ENVIRONMENT_CALLERS`] groups stay in the environment stack (published at
//! `/fleetform/{app}/{env}/services/{name}/security-group`), as they always have; beyond that,
//! which would push the environment stack past its 51,200-byte inline body and then its 500
//! resources, all of them move to callers stacks `{app}-{env}-callers-{nn}` (published at
//! `/fleetform/{app}/{env}/callers/{nn}/{name}/security-group`), spread by a hash of the
//! caller's name over the fewest of 1, 2, 4 … 32 stacks that keeps each under
//! [`STACK_CALLERS`]. A group moves only when that number of stacks changes.

use std::collections::BTreeMap;

use super::params::{self, Published};
use super::{Stack, StackKind, Target};
use crate::cfn::resources::ec2;
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::naming::{self, id};

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

/// Callers whose groups stay in the environment stack: with its usual 30–35 KB, 16 more
/// groups keep it inside the 51,200-byte inline body.
pub const ENVIRONMENT_CALLERS: usize = 16;

/// Callers per callers stack at most (when the 32 stacks allow): about 40 × 850 bytes.
pub const STACK_CALLERS: usize = 40;

/// How many callers stacks `app` has: none while the environment stack holds the groups,
/// else the fewest of 1, 2, 4 … [`naming::CALLER_STACKS`] that keeps each stack at
/// [`STACK_CALLERS`] or fewer.
pub fn stack_count(app: &crate::model::App) -> u32 {
    let names: Vec<&str> = app
        .services
        .iter()
        .filter(|(_, s)| !s.calls.is_empty())
        .map(|(n, _)| n.as_str())
        .collect();
    if names.len() <= ENVIRONMENT_CALLERS {
        return 0;
    }
    let mut stacks = 1;
    while stacks < naming::CALLER_STACKS {
        let mut load = vec![0_usize; stacks as usize];
        for name in &names {
            load[naming::caller_stack_index(name, stacks) as usize] += 1;
        }
        if load.iter().all(|&n| n <= STACK_CALLERS) {
            break;
        }
        stacks *= 2;
    }
    stacks
}

/// The stack publishing the group of `caller`, and the key it publishes it under.
fn publisher(target: &Target, caller: &str) -> (String, String) {
    if target.caller_stacks == 0 {
        return (
            naming::environment_stack(target.app_name(), target.env_name),
            params::caller_group_key(caller),
        );
    }
    let index = naming::caller_stack_index(caller, target.caller_stacks);
    (
        naming::callers_stack(target.app_name(), target.env_name, index),
        params::moved_caller_group_key(index, caller),
    )
}

/// The name of the stack holding the group of `caller`.
fn stack_of(target: &Target, caller: &str) -> String {
    publisher(target, caller).0
}

/// Adds the caller groups to the environment stack while it holds them.
pub fn add_caller_groups(t: &mut Template, target: &Target, vpc: &Value) {
    if target.caller_stacks > 0 {
        return;
    }
    for caller in callers(target) {
        add_caller_group(t, target, caller, vpc);
    }
}

/// The callers stacks of one environment × region, by index: one per index that holds a
/// caller; none while the environment stack holds the groups.
pub fn lower(target: &Target) -> Vec<Stack> {
    if target.caller_stacks == 0 {
        return Vec::new();
    }
    let mut by_index: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for caller in callers(target) {
        by_index
            .entry(naming::caller_stack_index(caller, target.caller_stacks))
            .or_default()
            .push(caller);
    }
    by_index
        .into_iter()
        .map(|(index, names)| {
            let name = naming::callers_stack(target.app_name(), target.env_name, index);
            let mut t = Template::new(format!(
                "fleetform: caller groups of environment `{}` of app `{}` in {}",
                target.env_name,
                target.app_name(),
                target.place()
            ));
            let vpc = params::import(&mut t, target, Published::VpcId);
            for caller in names {
                add_caller_group(&mut t, target, caller, &vpc);
            }
            Stack {
                app: target.app.name.clone(),
                environment: target.env_name.to_owned(),
                region: target.region.to_owned(),
                name,
                kind: StackKind::Callers(index),
                template: t,
                parameters: BTreeMap::new(),
                tags: target.tags(None),
                depends_on: Vec::new(),
            }
        })
        .collect()
}

/// Adds and publishes the group that marks the tasks of `caller`.
fn add_caller_group(t: &mut Template, target: &Target, caller: &str, vpc: &Value) {
    let (stack, key) = publisher(target, caller);
    let sg = id::caller_security_group(caller);
    t.add(
        sg.clone(),
        Resource::new(ec2::SecurityGroup {
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
        &stack,
        (id::caller_group_parameter(caller), &key),
        Value::get_att(&sg, "GroupId"),
    );
}

/// The callers stacks the stack of service `name` reads: its own group's and its callers'.
pub fn stacks_read(target: &Target, name: &str) -> Vec<String> {
    if target.caller_stacks == 0 {
        return Vec::new();
    }
    let own = target
        .app
        .services
        .get(name)
        .filter(|s| !s.calls.is_empty())
        .map(|_| name);
    let theirs = target
        .callers
        .get(name)
        .into_iter()
        .flatten()
        .copied()
        .filter(|&caller| caller != name);
    let mut out: Vec<String> = own
        .into_iter()
        .chain(theirs)
        .map(|caller| stack_of(target, caller))
        .collect();
    out.sort();
    out.dedup();
    out
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
        &publisher(target, name),
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
            &publisher(target, caller),
        );
        for &port in &ports {
            let port_number = i64::from(port);
            t.add(
                id::ingress_from_caller(caller, port),
                Resource::new(ec2::SecurityGroupIngress {
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

    /// The small app with `callers` more services, each calling `cart`.
    fn many_callers(callers: usize) -> Json {
        let mut file = calling();
        for i in 0..callers - 2 {
            file["services"][format!("c{i:02}")] = json!({
                "image": "nginx:1.27", "cpu": 256, "memory": 512, "calls": ["cart"]
            });
        }
        file
    }

    #[test]
    fn sixteen_callers_stay_in_the_environment_stack_and_seventeen_move_out() {
        let names = |file: &Json| -> Vec<String> {
            lower(&app(file)).into_iter().map(|s| s.name).collect()
        };
        let sixteen = names(&many_callers(16));
        assert!(
            sixteen.iter().all(|n| !n.contains("-callers-")),
            "{sixteen:?}"
        );
        let file = many_callers(17);
        let stacks = lower(&app(&file));
        let callers: Vec<&str> = stacks
            .iter()
            .filter(|s| s.name.contains("-callers-"))
            .map(|s| s.name.as_str())
            .collect();
        // 17 callers fit one callers stack per environment; the environment keeps none.
        assert_eq!(callers, ["shop-prod-callers-00", "shop-test-callers-00"]);
        let env = template(&file, "shop-test");
        assert!(env["Resources"].get("CallerCartSecurityGroup").is_none());
        let moved = template(&file, "shop-test-callers-00");
        assert_eq!(
            moved["Resources"]["ParameterCallerWorkerSecurityGroup"]["Properties"]["Name"],
            "/fleetform/shop/test/callers/00/worker/security-group"
        );
        let cart = stacks.iter().find(|s| s.name == "shop-test-cart").unwrap();
        assert_eq!(cart.depends_on, ["shop-test", "shop-test-callers-00"]);
        let cart = template(&file, "shop-test-cart");
        assert_eq!(
            cart["Parameters"]["CallerWorkerSecurityGroupId"]["Default"],
            "/fleetform/shop/test/callers/00/worker/security-group"
        );
    }

    #[test]
    fn callers_spread_over_the_fewest_stacks_that_keep_each_small() {
        use crate::lower::calls::{STACK_CALLERS, stack_count};
        assert_eq!(stack_count(&app(&many_callers(16))), 0);
        assert_eq!(stack_count(&app(&many_callers(STACK_CALLERS))), 1);
        let n = stack_count(&app(&many_callers(STACK_CALLERS + 1)));
        assert!(n >= 2 && n.is_power_of_two(), "{n}");
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
