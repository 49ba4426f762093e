//! Deployment and scheduling of a service: the ECS `DeploymentConfiguration` (rolling
//! percentages, circuit breaker, alarm rollback, blue/green, canary and linear traffic shifting,
//! lifecycle hooks), the resources traffic shifting needs (the alternate target group, the test
//! listener rule, the role ECS moves traffic with). A daemon's placement is in [`super::capacity`].
//!
//! Traffic shifting needs a test listener on the shared load balancer: the environment stack
//! adds one on [`test_port`] only when some routed service of the app shifts traffic, and
//! publishes it as the `test-listener` SSM parameter.

use std::collections::{BTreeMap, BTreeSet};

use super::params::{self, Published};
use super::route::{self, RouteRefs};
use super::{Target, role_scope};
use crate::cfn::resources::iam::{Policy, PolicyDocument, Statement};
use crate::cfn::resources::{ecs, elbv2, iam};
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::model::{DeployStrategy, Route, Service};
use crate::naming::id;

/// Minutes both revisions keep running after a traffic shift when `deploy.bake` is unset.
const DEFAULT_BAKE: u32 = 10;
/// The ECS defaults, written out so the template says what happens.
const DEFAULT_CANARY_PERCENT: f64 = 5.0;
const DEFAULT_CANARY_BAKE: u32 = 10;
const DEFAULT_LINEAR_STEP: f64 = 10.0;
const DEFAULT_LINEAR_BAKE: u32 = 6;

/// The test listener's port: 8443 beside HTTPS on 443, 8080 beside plain HTTP on 80.
pub const fn test_port(https: bool) -> i64 {
    if https { 8443 } else { 8080 }
}

/// Adds the alternate target group, a twin of the primary one.
pub fn add_alternate_target_group(
    t: &mut Template,
    route: &Route,
    port: u16,
    vpc: Value,
    lb: Option<&str>,
) -> LogicalId {
    let alt = id::alternate_target_group_on(lb);
    t.add(
        alt.clone(),
        Resource::new(route::target_group(vpc, port, route)),
    );
    alt
}

/// Adds the test listener rule (the production rule's conditions on the test listener) and the
/// infrastructure role; returns the load balancer's `AdvancedConfiguration`.
pub fn add_test_route(
    t: &mut Template,
    target: &Target,
    (service, route): (&str, &Route),
    priority: u32,
    refs: &RouteRefs,
    alternate: &LogicalId,
) -> ecs::AdvancedConfiguration {
    let lb = target.app.load_balancer_of(service);
    let test_listener = params::import_lb(t, target, Published::TestListener, lb);
    let test_rule = id::test_listener_rule();
    t.add(
        test_rule.clone(),
        Resource::new(elbv2::ListenerRule {
            listener_arn: test_listener,
            // Another listener: the production priority is free there.
            priority: i64::from(priority),
            conditions: route::conditions(target, service, route),
            actions: vec![route::action(&refs.target_group, Some(alternate))],
        }),
    );
    let role = id::deploy_infrastructure_role();
    t.add(
        role.clone(),
        Resource::new(iam::Role {
            role_name: None,
            assume_role_policy_document: ecs_trust(),
            managed_policy_arns: vec![Value::arn(
                "iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
            )],
            policies: Vec::new(),
            scope: role_scope::of(target),
        }),
    );
    ecs::AdvancedConfiguration {
        alternate_target_group_arn: Value::r#ref(alternate),
        production_listener_rule: Value::r#ref(&refs.rule),
        test_listener_rule: Value::r#ref(&test_rule),
        role_arn: Value::get_att(&role, "Arn"),
    }
}

/// `ecs.amazonaws.com`, limited to this account (confused-deputy protection).
fn ecs_trust() -> PolicyDocument {
    let mut statement = Statement::assume_role("ecs.amazonaws.com");
    statement.condition = BTreeMap::from([(
        "StringEquals".to_owned(),
        BTreeMap::from([(
            "aws:SourceAccount".to_owned(),
            Value::sub("${AWS::AccountId}"),
        )]),
    )]);
    PolicyDocument::new(vec![statement])
}

/// The service's `DeploymentConfiguration`; adds the hook role when there are hooks.
pub fn configuration(
    t: &mut Template,
    target: &Target,
    service: &Service,
) -> ecs::DeploymentConfiguration {
    let d = &service.deploy;
    let shifting = service.shifts_traffic();
    let (min, max) = if shifting {
        (None, None)
    } else {
        let (min, max) = d.percents(service.scheduling);
        (Some(i64::from(min)), Some(i64::from(max)))
    };
    let hooks = if shifting {
        add_hooks(t, target, service)
    } else {
        Vec::new()
    };
    ecs::DeploymentConfiguration {
        strategy: d
            .strategy
            .ecs_strategy()
            .filter(|_| shifting)
            .map(str::to_owned),
        minimum_healthy_percent: min,
        maximum_percent: max,
        deployment_circuit_breaker: ecs::DeploymentCircuitBreaker {
            enable: d.circuit_breaker,
            rollback: d.circuit_breaker,
        },
        alarms: (!d.alarms.is_empty()).then(|| ecs::DeploymentAlarms {
            alarm_names: d.alarms.iter().map(|a| target.render(a)).collect(),
            enable: true,
            rollback: true,
        }),
        bake_time_in_minutes: shifting.then(|| i64::from(d.bake.unwrap_or(DEFAULT_BAKE))),
        canary_configuration: (shifting && d.strategy == DeployStrategy::Canary).then(|| {
            let c = d.canary.unwrap_or_default();
            ecs::CanaryConfiguration {
                canary_percent: Some(c.percent.unwrap_or(DEFAULT_CANARY_PERCENT)),
                canary_bake_time_in_minutes: Some(i64::from(c.bake.unwrap_or(DEFAULT_CANARY_BAKE))),
            }
        }),
        linear_configuration: (shifting && d.strategy == DeployStrategy::Linear).then(|| {
            let l = d.linear.unwrap_or_default();
            ecs::LinearConfiguration {
                step_percent: Some(l.step.unwrap_or(DEFAULT_LINEAR_STEP)),
                step_bake_time_in_minutes: Some(i64::from(l.bake.unwrap_or(DEFAULT_LINEAR_BAKE))),
            }
        }),
        lifecycle_hooks: hooks,
    }
}

/// The lifecycle hooks and the one role ECS invokes them with, which may invoke exactly the
/// hooks' functions.
fn add_hooks(
    t: &mut Template,
    target: &Target,
    service: &Service,
) -> Vec<ecs::DeploymentLifecycleHook> {
    let hooks = &service.deploy.hooks;
    if hooks.is_empty() {
        return Vec::new();
    }
    let role = id::deploy_hook_role();
    let mut functions: Vec<Value> = hooks.iter().map(|h| target.render(&h.function)).collect();
    functions.sort();
    functions.dedup();
    t.add(
        role.clone(),
        Resource::new(iam::Role {
            role_name: None,
            assume_role_policy_document: ecs_trust(),
            managed_policy_arns: Vec::new(),
            scope: role_scope::of(target),
            policies: vec![Policy {
                policy_name: "lifecycle-hooks".to_owned(),
                policy_document: PolicyDocument::new(vec![Statement::allow(
                    vec!["lambda:InvokeFunction".to_owned()],
                    functions,
                )]),
            }],
        }),
    );
    hooks
        .iter()
        .map(|h| {
            let stages: BTreeSet<_> = h.stages.iter().copied().collect();
            ecs::DeploymentLifecycleHook {
                hook_target_arn: target.render(&h.function),
                role_arn: Value::get_att(&role, "Arn"),
                lifecycle_stages: stages.iter().map(|s| s.ecs().to_owned()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use super::super::tests::{app, small};
    use super::super::{Stack, lower};

    fn template(stacks: &[Stack], name: &str) -> Json {
        let stack = stacks.iter().find(|s| s.name == name).expect("stack");
        serde_json::to_value(&stack.template).expect("template serializes")
    }

    #[test]
    fn without_traffic_shifting_there_is_no_test_listener() {
        let stacks = lower(&app(&small()));
        let env = template(&stacks, "shop-test");
        assert!(env["Resources"]["ListenerTest"].is_null());
        assert!(env["Resources"]["ParameterTestListener"].is_null());
    }

    #[test]
    fn blue_green_adds_the_test_route_and_the_test_listener() {
        let mut file = small();
        file["services"]["cart"]["deploy"] = json!({ "strategy": "blue-green", "bake": 0 });
        let stacks = lower(&app(&file));
        let env = template(&stacks, "shop-test");
        assert_eq!(env["Resources"]["ListenerTest"]["Properties"]["Port"], 8080);
        let ingress =
            env["Resources"]["LoadBalancerSecurityGroup"]["Properties"]["SecurityGroupIngress"]
                .as_array()
                .expect("ingress rules");
        assert!(ingress.iter().any(|r| r["FromPort"] == 8080));
        let cart = template(&stacks, "shop-test-cart");
        let service = &cart["Resources"]["Service"];
        let config = &service["Properties"]["DeploymentConfiguration"];
        assert_eq!(config["Strategy"], "BLUE_GREEN");
        assert_eq!(config["BakeTimeInMinutes"], 0);
        assert!(config["MinimumHealthyPercent"].is_null());
        let advanced = &service["Properties"]["LoadBalancers"][0]["AdvancedConfiguration"];
        assert_eq!(
            advanced["AlternateTargetGroupArn"]["Ref"],
            "TargetGroupAlternate"
        );
        assert_eq!(advanced["TestListenerRule"]["Ref"], "ListenerRuleTest");
        // The references order the service after both rules; no redundant DependsOn.
        assert!(service["DependsOn"].is_null());
        assert_eq!(
            cart["Parameters"]["TestListener"]["Default"],
            "/fleetform/shop/test/test-listener"
        );
    }

    #[test]
    fn a_daemon_runs_on_its_capacities_with_launch_type_ec2() {
        let mut file = small();
        file["cluster"]["capacity"]["big"] =
            json!({ "instance": "c7g.xlarge", "arch": "arm64", "max": 2 });
        file["services"]["agent"] = json!({
            "image": "agent:1.0", "cpu": 128, "memory": 256, "scheduling": "daemon",
            "capacity": [{ "provider": "general" }, { "provider": "big" }]
        });
        let stacks = lower(&app(&file));
        let agent = template(&stacks, "shop-test-agent");
        let props = &agent["Resources"]["Service"]["Properties"];
        assert_eq!(props["SchedulingStrategy"], "DAEMON");
        assert_eq!(props["LaunchType"], "EC2");
        assert!(props["DesiredCount"].is_null());
        assert!(props["CapacityProviderStrategy"].is_null());
        assert_eq!(
            props["PlacementConstraints"][0]["Expression"],
            "attribute:fleetform.capacity in [big, general]"
        );
        assert_eq!(props["DeploymentConfiguration"]["MinimumHealthyPercent"], 0);
        assert_eq!(props["DeploymentConfiguration"]["MaximumPercent"], 100);
        let env = template(&stacks, "shop-test");
        let user_data = env["Resources"]["CapacityBigLaunchTemplate"]["Properties"]
            ["LaunchTemplateData"]["UserData"]
            .to_string();
        assert!(user_data.contains("fleetform.capacity"), "{user_data}");
    }
}
