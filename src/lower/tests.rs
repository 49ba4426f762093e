//! Lowering tests: specific JSON paths of the stacks of small apps, and a snapshot.

use serde_json::{Value as Json, json};

use super::{Stack, StackKind, lower};
use crate::model::{App, AppFile};
use crate::naming;
use crate::resolved;

/// Builds an app from one app file (the real merge of several files lives in `check`).
pub(crate) fn app(file: &Json) -> resolved::App {
    let file: AppFile = serde_json::from_value(file.clone()).expect("test app file deserializes");
    let app = App {
        name: file.app,
        vars: file.vars,
        tag: file.tag,
        tags: file.tags,
        environments: file.environments.unwrap_or_default(),
        cluster: file.cluster.unwrap_or_default(),
        ingress: file.ingress,
        discovery: file.discovery,
        alarms: file.alarms,
        dashboard: file.dashboard,
        config: file.config,
        pipeline: file.pipeline,
        services: file.services,
        jobs: file.jobs,
        files: crate::model::SourceFiles {
            app: "app.yaml".to_owned(),
            ..Default::default()
        },
    };
    resolved::App::new(app, std::collections::BTreeMap::new())
}

/// A small app: a routed Fargate service and an unrouted EC2 one; `test` creates its network,
/// `prod` imports it.
pub(crate) fn small() -> Json {
    json!({
        "blueprint": 1,
        "app": "shop",
        "tag": "1.4.2",
        "tags": { "cost-center": "42" },
        "environments": {
            "test": { "regions": ["us-east-1"], "network": { "cidr": "10.20.0.0/16", "azs": 2, "nat": "single" } },
            "prod": {
                "regions": ["eu-west-1"],
                "account": "123456789012",
                "network": { "import": { "eu-west-1": {
                    "vpc": "vpc-0abc1234", "public": ["subnet-0e000001", "subnet-0e000002"], "private": ["subnet-0f000001", "subnet-0f000002"]
                } } }
            }
        },
        "cluster": {
            "capacity": {
                "fargate": { "weight": 1 },
                "general": { "instance": "c7g.large", "arch": "arm64", "max": 4, "attributes": { "stack": "prod" } }
            }
        },
        "ingress": { "public": true },
        "services": {
            "cart": {
                "image": "{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/cart:{{tag}}",
                "cpu": 512, "memory": 1024, "port": 8080,
                "env": { "LOG_LEVEL": "info", "A_FIRST": "1" },
                "secrets": { "DB_PASSWORD": "ssm:/shop/{{env}}/cart/db", "API_KEY": "secretsmanager:shop/{{env}}/stripe#key" },
                "route": { "path": "/cart/*", "health": "/healthz" },
                "permissions": [{ "allow": ["dynamodb:GetItem"], "on": "arn:{{partition}}:dynamodb:{{region}}:{{account}}:table/cart" }]
            },
            "worker": {
                "image": "public.ecr.aws/docker/library/busybox:1.36",
                "cpu": 256, "memory": 512, "capacity": "general",
                "health": { "command": ["/bin/true"] }
            }
        }
    })
}

fn stacks(file: &Json) -> Vec<Stack> {
    lower(&app(file))
}

fn find<'a>(stacks: &'a [Stack], name: &str) -> &'a Stack {
    stacks
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no stack `{name}`"))
}

fn template(stacks: &[Stack], name: &str) -> Json {
    find(stacks, name).template.to_json()
}

/// The template of stack `name` of the app `file` lowers to (for the feature modules' tests).
pub(crate) fn stack_template(file: &Json, name: &str) -> Json {
    template(&lower(&app(file)), name)
}

#[test]
fn stacks_are_ordered_environment_first_then_services() {
    let names: Vec<String> = stacks(&small()).iter().map(|s| s.name.clone()).collect();
    assert_eq!(
        names,
        [
            "shop-prod",
            "shop-prod-cart",
            "shop-prod-worker",
            "shop-test",
            "shop-test-cart",
            "shop-test-worker"
        ]
    );
}

#[test]
fn service_stacks_depend_on_their_environment_and_carry_tags() {
    let all = stacks(&small());
    let cart = find(&all, "shop-test-cart");
    assert_eq!(cart.depends_on, ["shop-test"]);
    assert_eq!(cart.kind, StackKind::Service("cart".to_owned()));
    assert_eq!(cart.tags["fleetform:service"], "cart");
    assert_eq!(cart.tags["fleetform:environment"], "test");
    assert_eq!(cart.tags["cost-center"], "42");
    assert_eq!(cart.parameters["ImageTag"], "1.4.2");
}

#[test]
fn image_tag_parameter_defaults_to_the_app_tag() {
    // A deploy without `{stack}.config.json` must still have a value for `ImageTag`.
    let t = template(&stacks(&small()), "shop-test-cart");
    assert_eq!(t["Parameters"]["ImageTag"]["Default"], "1.4.2");
}

#[test]
fn routed_service_depends_on_its_listener_rule() {
    let t = template(&stacks(&small()), "shop-test-cart");
    assert_eq!(
        t["Resources"]["Service"]["DependsOn"],
        json!(["ListenerRule"])
    );
    let lb = &t["Resources"]["Service"]["Properties"]["LoadBalancers"][0];
    assert_eq!(lb["ContainerName"], "app");
    assert_eq!(lb["ContainerPort"], 8080);
    assert_eq!(
        t["Resources"]["Service"]["Properties"]["HealthCheckGracePeriodSeconds"],
        30
    );
    assert!(
        t["Resources"]["Service"]["Properties"]
            .get("LaunchType")
            .is_none()
    );
    let rule = &t["Resources"]["ListenerRule"]["Properties"];
    assert_eq!(
        rule["Conditions"][0]["PathPatternConfig"]["Values"],
        json!(["/cart/*"])
    );
    assert!(
        t["Resources"]["TargetGroup"]["Properties"]
            .get("Name")
            .is_none()
    );
    assert_eq!(
        t["Resources"]["TargetGroup"]["Properties"]["TargetType"],
        "ip"
    );
}

#[test]
fn unrouted_service_has_no_load_balancer_parts() {
    let t = template(&stacks(&small()), "shop-test-worker");
    for id in [
        "TargetGroup",
        "ListenerRule",
        "ServiceIngressFromLoadBalancer",
    ] {
        assert!(t["Resources"].get(id).is_none(), "{id}");
    }
    assert!(t["Parameters"].get("Listener").is_none());
    assert!(t["Resources"]["Service"].get("DependsOn").is_none());
    assert!(t["Resources"].get("TaskRole").is_none());
}

#[test]
fn every_arn_uses_the_partition_pseudo_parameter() {
    for stack in stacks(&small()) {
        let text = serde_json::to_string(&stack.template.to_json()).unwrap();
        for arn in text.match_indices("arn:").map(|(i, _)| &text[i..]) {
            assert!(
                // Generated ARNs use the pseudo parameter; a user's `{{partition}}` is known at
                // compile time and must be the stack region's own partition.
                arn.starts_with("arn:${AWS::Partition}:")
                    || arn.starts_with(&format!(
                        "arn:{}:",
                        crate::partition::partition_of(&stack.region)
                            .unwrap()
                            .name()
                    )),
                "{}: {}",
                stack.name,
                &arn[..arn.len().min(60)]
            );
        }
    }
}

#[test]
fn execution_role_reads_exactly_the_declared_secrets() {
    let t = template(&stacks(&small()), "shop-test-cart");
    let role = &t["Resources"]["ExecutionRole"]["Properties"];
    let statements = role["Policies"][0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap();
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[0]["Action"], json!(["ssm:GetParameters"]));
    assert_eq!(
        statements[0]["Resource"][0],
        json!({"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/shop/test/cart/db"})
    );
    let ssm = statements[0]["Resource"][0]["Fn::Sub"].as_str().unwrap();
    assert!(
        ssm.starts_with(
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/shop/"
        )
    );
    assert!(!ssm.contains("parameter//"));
    let sm = statements[1]["Resource"][0]["Fn::Sub"].as_str().unwrap();
    assert!(sm.ends_with("-??????"), "{sm}");
    assert_eq!(
        statements[1]["Action"],
        json!(["secretsmanager:GetSecretValue"])
    );
    let trust = &role["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(
        trust["Principal"]["Service"],
        json!(["ecs-tasks.amazonaws.com"])
    );
    assert_eq!(
        trust["Condition"]["StringEquals"]["aws:SourceAccount"],
        json!({"Fn::Sub": "${AWS::AccountId}"})
    );
}

#[test]
fn secrets_manager_json_keys_use_the_long_arn_form() {
    let t = template(&stacks(&small()), "shop-test-cart");
    let secrets =
        &t["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"][0]["Secrets"];
    assert_eq!(secrets[0]["Name"], "API_KEY");
    let from = secrets[0]["ValueFrom"]["Fn::Sub"].as_str().unwrap();
    assert!(
        from.contains(":secret:shop/") && from.ends_with(":key::"),
        "{from}"
    );
}

/// Full ARNs are used as written: the execution role names exactly that secret or parameter
/// (a full Secrets Manager ARN already ends in its random suffix, so no `-??????`), and the
/// ECS `ValueFrom` is the ARN with the JSON key, version stage and version id fields padded the
/// way ECS reads them. (They were taken for names and put after `…:secret:` / `…:parameter/`.)
#[test]
fn full_secret_arns_are_granted_and_read_as_written() {
    let mut file = small();
    file["services"]["cart"]["secrets"] = json!({
        "A_KEY": "secretsmanager:arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/stripe-AbCdEf:api_key",
        "B_WHOLE": "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-Gh1jK2",
        "C_PARAM": "ssm:arn:aws:ssm:us-east-1:111122223333:parameter/shop/db-url",
        "D_STAGE": "secretsmanager:arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-Gh1jK2::AWSPREVIOUS"
    });
    let t = template(&stacks(&file), "shop-test-cart");
    let secrets =
        &t["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"][0]["Secrets"];
    let from: Vec<&Json> = (0..4).map(|i| &secrets[i]["ValueFrom"]).collect();
    assert_eq!(
        from,
        [
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/stripe-AbCdEf:api_key::",
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-Gh1jK2",
            "arn:aws:ssm:us-east-1:111122223333:parameter/shop/db-url",
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-Gh1jK2::AWSPREVIOUS:",
        ]
    );
    let statements = &t["Resources"]["ExecutionRole"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"];
    assert_eq!(statements[0]["Action"], json!(["ssm:GetParameters"]));
    assert_eq!(
        statements[0]["Resource"],
        json!(["arn:aws:ssm:us-east-1:111122223333:parameter/shop/db-url"])
    );
    assert_eq!(
        statements[1]["Resource"],
        json!([
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/db-Gh1jK2",
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:shop/stripe-AbCdEf"
        ])
    );
}

#[test]
fn environment_is_sorted_and_ports_are_named() {
    let t = template(&stacks(&small()), "shop-test-cart");
    let c = &t["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"][0];
    assert_eq!(c["Environment"][0]["Name"], "A_FIRST");
    assert_eq!(c["PortMappings"][0]["Name"], "app-8080");
    assert_eq!(
        c["LogConfiguration"]["Options"]["awslogs-region"],
        json!({"Ref": "AWS::Region"})
    );
}

#[test]
fn ec2_service_runs_on_ec2_with_its_architecture() {
    let t = template(&stacks(&small()), "shop-test-worker");
    let td = &t["Resources"]["TaskDefinition"]["Properties"];
    assert_eq!(td["RequiresCompatibilities"], json!(["EC2"]));
    assert_eq!(td["RuntimePlatform"]["CpuArchitecture"], "ARM64");
    assert_eq!(
        td["ContainerDefinitions"][0]["HealthCheck"]["Command"],
        json!(["CMD", "/bin/true"])
    );
    let strategy = &t["Resources"]["Service"]["Properties"]["CapacityProviderStrategy"];
    assert_eq!(
        strategy,
        &json!([{"CapacityProvider": "shop-test-general", "Weight": 1}])
    );
}

#[test]
fn docker_health_check_prefixes_are_not_doubled() {
    for (written, emitted) in [
        (
            json!(["CMD", "/app/orders", "healthcheck"]),
            json!(["CMD", "/app/orders", "healthcheck"]),
        ),
        (
            json!(["CMD-SHELL", "curl -f localhost || exit 1"]),
            json!(["CMD-SHELL", "curl -f localhost || exit 1"]),
        ),
        (json!("/bin/check"), json!(["CMD-SHELL", "/bin/check"])),
    ] {
        let mut file = small();
        file["services"]["worker"]["health"]["command"] = written;
        let t = template(&stacks(&file), "shop-test-worker");
        let td = &t["Resources"]["TaskDefinition"]["Properties"];
        assert_eq!(
            td["ContainerDefinitions"][0]["HealthCheck"]["Command"],
            emitted
        );
    }
}

#[test]
fn created_network_splits_the_cidr() {
    let t = template(&stacks(&small()), "shop-test");
    let r = &t["Resources"];
    assert_eq!(r["Vpc"]["Properties"]["CidrBlock"], "10.20.0.0/16");
    assert_eq!(r["Vpc"]["Properties"]["EnableDnsHostnames"], true);
    assert_eq!(
        r["SubnetPublic1"]["Properties"]["CidrBlock"],
        "10.20.16.0/20"
    );
    assert_eq!(
        r["SubnetPrivate0"]["Properties"]["CidrBlock"],
        "10.20.128.0/20"
    );
    assert_eq!(
        r["SubnetPrivate1"]["Properties"]["AvailabilityZone"],
        json!({"Fn::Select": ["1", {"Fn::GetAZs": ""}]})
    );
    // Single NAT: one gateway, both private tables route to it.
    assert!(r.get("NatGateway1").is_none());
    assert_eq!(
        r["RoutePrivateDefault1"]["Properties"]["NatGatewayId"],
        json!({"Ref": "NatGateway0"})
    );
}

#[test]
fn per_az_nat_gives_each_zone_its_gateway() {
    let mut file = small();
    file["environments"]["test"]["network"]["nat"] = json!("per-az");
    let t = template(&stacks(&file), "shop-test");
    assert_eq!(
        t["Resources"]["RoutePrivateDefault1"]["Properties"]["NatGatewayId"],
        json!({"Ref": "NatGateway1"})
    );
    file["environments"]["test"]["network"]["nat"] = json!("none");
    let t = template(&stacks(&file), "shop-test");
    assert!(t["Resources"].get("NatGateway0").is_none());
    assert!(t["Resources"].get("RoutePrivateDefault0").is_none());
}

#[test]
fn imported_network_uses_literal_ids_and_still_publishes_them() {
    let t = template(&stacks(&small()), "shop-prod");
    assert!(t["Resources"].get("Vpc").is_none());
    let vpc = &t["Resources"]["ParameterVpcId"]["Properties"];
    assert_eq!(vpc["Name"], "/fleetform/shop/prod/vpc-id");
    assert_eq!(vpc["Value"], "vpc-0abc1234");
    let private = &t["Resources"]["ParameterPrivateSubnets"]["Properties"];
    assert_eq!(private["Type"], "StringList");
    assert_eq!(
        private["Value"],
        json!({"Fn::Join": [",", ["subnet-0f000001", "subnet-0f000002"]]})
    );
    assert_eq!(
        t["Resources"]["CapacityGeneralAutoScalingGroup"]["Properties"]["VPCZoneIdentifier"],
        json!(["subnet-0f000001", "subnet-0f000002"])
    );
}

#[test]
fn service_stacks_read_ssm_parameters_not_exports() {
    let t = template(&stacks(&small()), "shop-test-cart");
    assert_eq!(
        t["Parameters"]["PrivateSubnets"]["Type"],
        "AWS::SSM::Parameter::Value<List<String>>"
    );
    assert_eq!(
        t["Parameters"]["PrivateSubnets"]["Default"],
        "/fleetform/shop/test/private-subnets"
    );
    assert_eq!(
        t["Parameters"]["Listener"]["Default"],
        "/fleetform/shop/test/listener"
    );
    assert!(
        !serde_json::to_string(&t)
            .unwrap()
            .contains("Fn::ImportValue")
    );
}

#[test]
fn ec2_capacity_has_imdsv2_encrypted_root_and_agent_config() {
    let t = template(&stacks(&small()), "shop-test");
    let r = &t["Resources"];
    let data = &r["CapacityGeneralLaunchTemplate"]["Properties"]["LaunchTemplateData"];
    assert_eq!(data["MetadataOptions"]["HttpTokens"], "required");
    assert_eq!(data["BlockDeviceMappings"][0]["Ebs"]["Encrypted"], true);
    assert_eq!(data["BlockDeviceMappings"][0]["Ebs"]["VolumeSize"], 30);
    let script = data["UserData"]["Fn::Base64"]["Fn::Sub"].as_str().unwrap();
    assert!(script.contains("ECS_CLUSTER=${Cluster}\n"));
    assert!(script.contains("ECS_INSTANCE_ATTRIBUTES={\"stack\":\"prod\"}\n"));
    assert_eq!(data["ImageId"], json!({"Ref": "EcsAmiArm64"}));
    assert_eq!(
        t["Parameters"]["EcsAmiArm64"]["Default"],
        "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
    );
    let cp = &r["CapacityGeneralProvider"]["Properties"]["AutoScalingGroupProvider"];
    assert_eq!(cp["ManagedScaling"]["Status"], "ENABLED");
    assert_eq!(cp["ManagedTerminationProtection"], "DISABLED");
    let assoc = &r["ClusterCapacityProviders"]["Properties"];
    assert_eq!(
        assoc["DefaultCapacityProviderStrategy"],
        json!([{"CapacityProvider": "FARGATE", "Weight": 1}])
    );
}

#[test]
fn http_only_listener_answers_404_and_https_redirects() {
    let t = template(&stacks(&small()), "shop-test");
    let http = &t["Resources"]["ListenerHttp"]["Properties"];
    assert_eq!(http["DefaultActions"][0]["Type"], "fixed-response");
    assert_eq!(
        t["Resources"]["ParameterListener"]["Properties"]["Value"],
        json!({"Ref": "ListenerHttp"})
    );

    let mut file = small();
    file["ingress"]["certificate"] =
        json!({ "us-east-1": "arn:aws:acm:us-east-1:123456789012:certificate/abc" });
    let t = template(&stacks(&file), "shop-test");
    assert_eq!(
        t["Resources"]["ListenerHttp"]["Properties"]["DefaultActions"][0]["RedirectConfig"]["StatusCode"],
        "HTTP_301"
    );
    assert_eq!(
        t["Resources"]["ListenerHttps"]["Properties"]["SslPolicy"],
        "ELBSecurityPolicy-TLS13-1-2-2021-06"
    );
    assert_eq!(
        t["Resources"]["ParameterListener"]["Properties"]["Value"],
        json!({"Ref": "ListenerHttps"})
    );
}

#[test]
fn internal_load_balancer_admits_the_vpc_or_private_ranges() {
    let mut file = small();
    file["ingress"] = json!({ "public": false });
    let all = stacks(&file);
    let created = template(&all, "shop-test");
    let lb = &created["Resources"]["LoadBalancer"]["Properties"];
    assert_eq!(lb["Scheme"], "internal");
    assert_eq!(
        lb["Subnets"],
        json!([{"Ref": "SubnetPrivate0"}, {"Ref": "SubnetPrivate1"}])
    );
    let rules =
        &created["Resources"]["LoadBalancerSecurityGroup"]["Properties"]["SecurityGroupIngress"];
    assert_eq!(rules.as_array().unwrap().len(), 1);
    assert_eq!(rules[0]["CidrIp"], "10.20.0.0/16");
    assert!(
        created["Resources"]["LoadBalancerSecurityGroup"]
            .get("Metadata")
            .is_none()
    );
    let imported = template(&all, "shop-prod");
    let rules =
        &imported["Resources"]["LoadBalancerSecurityGroup"]["Properties"]["SecurityGroupIngress"];
    let sources: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["CidrIp"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]);
}

#[test]
fn load_balancer_reaches_only_the_tasks_group() {
    let t = template(&stacks(&small()), "shop-test");
    let egress = &t["Resources"]["LoadBalancerSecurityGroup"]["Properties"]["SecurityGroupEgress"];
    assert_eq!(egress.as_array().unwrap().len(), 1);
    assert_eq!(
        egress[0]["DestinationSecurityGroupId"],
        json!({"Fn::GetAtt": ["TasksSecurityGroup", "GroupId"]})
    );
    assert!(egress[0].get("CidrIp").is_none());
    // One rule for the whole environment: service stacks add none to the load balancer's group.
    let svc = template(&stacks(&small()), "shop-test-cart");
    assert!(
        svc["Resources"]
            .get("LoadBalancerEgressToService")
            .is_none()
    );
    let groups = &svc["Resources"]["Service"]["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"]
        ["SecurityGroups"];
    assert_eq!(groups[1], json!({"Ref": "TasksSecurityGroup"}));
    let ingress = &svc["Resources"]["ServiceIngressFromLoadBalancer"]["Properties"];
    assert_eq!(ingress["FromPort"], 8080);
}

#[test]
fn long_names_fit_the_load_balancer_limit() {
    let mut file = small();
    file["app"] = json!("a-very-long-app-name");
    let env = file["environments"]["test"].take();
    file["environments"] = json!({ "production-east1": env });
    let t = template(&stacks(&file), "a-very-long-app-name-production-east1");
    let name = t["Resources"]["LoadBalancer"]["Properties"]["Name"]
        .as_str()
        .unwrap();
    assert!(name.len() <= 32 && !name.ends_with('-'), "{name}");
}

#[test]
fn no_route_means_no_load_balancer() {
    let mut file = small();
    file["services"]["cart"]
        .as_object_mut()
        .unwrap()
        .remove("route");
    let t = template(&stacks(&file), "shop-test");
    assert!(t["Resources"].get("LoadBalancer").is_none());
    assert!(t["Resources"].get("ParameterListener").is_none());
}

#[test]
fn priorities_are_stable_when_services_are_added() {
    let mut file = small();
    let before = naming::priorities(&app(&file));
    for name in ["aaa", "orders", "zzz"] {
        file["services"][name] = json!({
            "image": "x:1", "cpu": 256, "memory": 512, "port": 80, "route": { "path": format!("/{name}/*") }
        });
    }
    let after = naming::priorities(&app(&file));
    assert_eq!(before["cart"], after["cart"]);
    let mut all: Vec<u32> = after.values().copied().collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), after.len(), "priorities collide: {after:?}");
}

#[test]
fn specific_routes_get_lower_priorities_and_pins_are_kept() {
    let mut file = small();
    file["services"]["api"] = json!({
        "image": "x:1", "cpu": 256, "memory": 512, "port": 80, "route": { "path": "/*" }
    });
    file["services"]["exact"] = json!({
        "image": "x:1", "cpu": 256, "memory": 512, "port": 80, "route": { "path": "/exact", "priority": 7 }
    });
    let p = naming::priorities(&app(&file));
    assert!(p["cart"] < p["api"], "{p:?}");
    assert_eq!(p["exact"], 7);
    assert!((1..=50_000).contains(&p["api"]));
}

#[test]
fn deterministic_output() {
    let a: Vec<Json> = stacks(&small())
        .iter()
        .map(|s| s.template.to_json())
        .collect();
    let b: Vec<Json> = stacks(&small())
        .iter()
        .map(|s| s.template.to_json())
        .collect();
    assert_eq!(a, b);
}

#[test]
fn snapshot_small_app() {
    let all = stacks(&small());
    let view: Vec<Json> = all
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "region": s.region,
                "depends_on": s.depends_on,
                "parameters": s.parameters,
                "tags": s.tags,
                "template": s.template.to_json(),
            })
        })
        .collect();
    insta::assert_json_snapshot!(view);
}

/// The representative app of the conformance run: Fargate and EC2 capacity with attributes,
/// HTTPS with a certificate per region, a multi-container service, secrets from both stores,
/// permissions, a created network with per-AZ NAT, and an environment with an imported network.
pub(crate) fn representative() -> Json {
    let cert = |region: &str, partition: &str| {
        format!(
            "arn:{partition}:acm:{region}:123456789012:certificate/0f0e0d0c-1111-2222-3333-444455556666"
        )
    };
    json!({
        "blueprint": 1,
        "app": "shop",
        "tag": "1.4.2",
        "tags": { "cost-center": "42" },
        "vars": { "team": "grocery" },
        "environments": {
            "prod": {
                "regions": ["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"],
                "network": { "cidr": "10.20.0.0/16", "azs": 3, "nat": "per-az" }
            },
            "test": {
                "regions": ["us-east-1", "cn-north-1"],
                "account": "123456789012",
                "network": { "import": {
                    "us-east-1": { "vpc": "vpc-0abc1234", "public": ["subnet-0a000001", "subnet-0a000002"], "private": ["subnet-0b000001", "subnet-0b000002"] },
                    "cn-north-1": { "vpc": "vpc-0def5678", "public": ["subnet-0c000001", "subnet-0c000002"], "private": ["subnet-0d000001", "subnet-0d000002"] }
                } }
            }
        },
        "cluster": {
            "insights": "enhanced",
            "capacity": {
                "fargate": { "base": 1, "weight": 1 },
                "spot": { "weight": 3 },
                "general": { "instance": "c6i.large", "min": 1, "max": 10, "target": 90, "volume": 40,
                             "attributes": { "stack": "prod", "tier": "general" } },
                "graviton": { "instance": "c7g.large", "arch": "arm64", "max": 4 }
            },
            "default": ["fargate", "spot"]
        },
        "ingress": {
            "public": true,
            "domain": "shop.example.com",
            "idle-timeout": 120,
            "certificate": {
                "us-east-1": cert("us-east-1", "aws"),
                "eu-west-1": cert("eu-west-1", "aws"),
                "cn-north-1": cert("cn-north-1", "aws-cn"),
                "us-gov-west-1": cert("us-gov-west-1", "aws-us-gov")
            }
        },
        "services": {
            "cart": {
                "image": "{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/cart:{{tag}}",
                "cpu": 512, "memory": 1024, "port": 8080, "count": 3,
                "command": ["./cart", "--serve"],
                "env": { "LOG_LEVEL": "info", "TEAM": "{{team}}" },
                "secrets": {
                    "DB_PASSWORD": "ssm:/shop/{{env}}/cart/db-password",
                    "API_KEY": "secretsmanager:shop/{{env}}/stripe",
                    "API_KEY2": "secretsmanager:shop/{{env}}/stripe#key"
                },
                "health": { "command": "curl -fs http://localhost:8080/healthz || exit 1", "start-period": 10 },
                "capacity": [{ "provider": "fargate", "base": 1, "weight": 1 }, { "provider": "spot", "weight": 3 }],
                "route": { "path": "/cart/*", "health": "/healthz" },
                "grace": 60,
                "permissions": [{ "allow": ["dynamodb:GetItem", "dynamodb:PutItem"],
                                  "on": "arn:{{partition}}:dynamodb:{{region}}:{{account}}:table/cart-{{env}}" }],
                "logs": { "retention": 90 }
            },
            "catalog": {
                "cpu": 1024, "memory": 2048, "capacity": "general",
                "route": { "path": ["/catalog", "/catalog/*"], "container": "web", "priority": 120 },
                "containers": {
                    "web": { "image": "nginx:1.27", "port": 80, "cpu": 256, "memory": 512,
                             "health": { "command": ["curl", "-f", "http://localhost/"] } },
                    "app": { "image": "{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/catalog:{{tag}}", "port": 9000,
                             "secrets": { "TOKEN": "ssm:catalog-token" } },
                    "sidecar": { "image": "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", "essential": false }
                }
            },
            "indexer": {
                "image": "public.ecr.aws/docker/library/busybox:1.36", "cpu": 256, "memory": 512,
                "capacity": "graviton", "command": ["sleep", "3600"]
            },
            "edge": {
                "image": "nginx:1.27", "cpu": 256, "memory": 512, "port": 80, "public-ip": true,
                "route": { "host": "edge.example.com" }
            }
        }
    })
}

/// Writes the representative app's templates under `$FLEETFORM_CONFORMANCE_DIR` (default
/// `/tmp/fleetform-conformance`), one directory per region, for cfn-lint and checkov:
/// `cargo test --lib write_conformance_templates -- --ignored`.
#[test]
#[ignore = "writes files for the cfn-lint / checkov oracles"]
fn write_conformance_templates() {
    let dir = std::env::var("FLEETFORM_CONFORMANCE_DIR")
        .unwrap_or_else(|_| "/tmp/fleetform-conformance".to_owned());
    let _ = std::fs::remove_dir_all(&dir);
    let mut internal = small();
    internal["ingress"] = json!({ "public": false });
    internal["environments"]["test"]["network"]["nat"] = json!("none");
    for (variant, file) in [
        ("representative", representative()),
        ("small", small()),
        ("internal", internal),
    ] {
        let app = app(&file);
        for stack in lower(&app) {
            let region_dir = format!("{dir}/{}", stack.region);
            std::fs::create_dir_all(&region_dir).unwrap();
            let scope = crate::interp::Scope::for_target(&app, &stack.environment, &stack.region);
            let mut template = stack.template.to_json();
            template["Resources"] = stand_in_render(template["Resources"].take(), &scope, false);
            let text = crate::emit::json(&template);
            std::fs::write(format!("{region_dir}/{variant}-{}.json", stack.name), text).unwrap();
        }
    }
}

/// Until `interp::render` is implemented, does what it will do to the emitted JSON, so the
/// oracles judge realistic templates: known names become text, deploy-time names `${…}` inside
/// a `Fn::Sub`.
fn stand_in_render(value: Json, scope: &crate::interp::Scope, in_sub: bool) -> Json {
    match value {
        Json::String(s) if s.contains("{{") => {
            let mut out = s;
            for (k, v) in &scope.literals {
                out = out.replace(&format!("{{{{{k}}}}}"), v);
            }
            let mut deploy = false;
            for (k, v) in &scope.deploy_time {
                let pattern = format!("{{{{{k}}}}}");
                deploy |= out.contains(&pattern);
                out = out.replace(&pattern, &format!("${{{v}}}"));
            }
            if deploy && !in_sub {
                json!({ "Fn::Sub": out })
            } else {
                Json::String(out)
            }
        }
        Json::Object(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let sub = k == "Fn::Sub";
                    (k, stand_in_render(v, scope, sub))
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(
            items
                .into_iter()
                .map(|v| stand_in_render(v, scope, in_sub))
                .collect(),
        ),
        other => other,
    }
}

#[test]
fn hash_collisions_resolve_by_name_order() {
    // Two names whose hashes land on the same slot of one band.
    let names: Vec<String> = (0..5000).map(|i| format!("svc{i}")).collect();
    let slot = |n: &str| naming::fnv1a(n) % 2_500;
    let (first, second) = names
        .iter()
        .enumerate()
        .find_map(|(i, a)| {
            names[i + 1..]
                .iter()
                .find(|b| slot(a) == slot(b))
                .map(|b| (a.clone(), b.clone()))
        })
        .expect("a collision among 5000 names");
    let (first, second) = if first < second {
        (first, second)
    } else {
        (second, first)
    };
    let mut file = small();
    file["services"] = json!({});
    for name in [&first, &second] {
        file["services"][name] = json!({
            "image": "x:1", "cpu": 256, "memory": 512, "port": 80, "route": { "path": "/a/*" }
        });
    }
    let p = naming::priorities(&app(&file));
    assert_ne!(p[&first], p[&second]);
    // The earlier name keeps its hash slot; the later one takes the next free one.
    let band_start = (p[&first] - 1) / 2_500 * 2_500 + 1;
    assert_eq!(
        p[&second] - band_start,
        (p[&first] - band_start + 1) % 2_500
    );
}

#[test]
fn capacity_names_that_pascal_case_alike_get_distinct_ids() {
    let mut file = small();
    file["cluster"]["capacity"]["gen-1"] = json!({ "instance": "c6i.large", "max": 2 });
    file["cluster"]["capacity"]["gen1"] = json!({ "instance": "c6i.large", "max": 2 });
    let t = template(&stacks(&file), "shop-test");
    assert!(t["Resources"].get("CapacityGen1Provider").is_some());
    assert!(t["Resources"].get("CapacityGeneralProvider").is_some());
    let providers = t["Resources"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| k.ends_with("Provider"))
        .count();
    assert_eq!(providers, 3);
}

/// `small()` with `cart` deployed blue/green by DNS (`internal` load balancers when `public` is
/// false).
fn blue_green(public: bool) -> Json {
    let mut file = small();
    file["ingress"]["public"] = json!(public);
    file["services"]["cart"]["route"] = json!({ "health": "/healthz" });
    file["services"]["cart"]["deploy"] = json!({ "dns-blue-green": {
        "zone": "Z0123456789ABCDEFGHIJ",
        "name": "cart.{{env}}.shop.example.com",
        "weights": { "blue": 20, "green": 235 },
        "blue": { "tag": "1.4.2" },
        "green": { "tag": "1.5.0", "port": 8081 },
        "environments": { "prod": { "weights": { "blue": 255, "green": 0 } } }
    }});
    file
}

#[test]
fn blue_green_colours_are_complete_copies_behind_their_own_load_balancers() {
    let stacks = stacks(&blue_green(true));
    let t = template(&stacks, "shop-test-cart");
    let r = &t["Resources"];
    for (colour, port, tag, weight) in [("Blue", 8080, "1.4.2", 20), ("Green", 8081, "1.5.0", 235)]
    {
        let lower = colour.to_ascii_lowercase();
        assert_eq!(
            r[format!("Service{colour}")]["Properties"]["ServiceName"],
            format!("cart-{lower}")
        );
        assert_eq!(
            r[format!("Service{colour}")]["Properties"]["LoadBalancers"][0]["TargetGroupArn"]["Ref"],
            format!("TargetGroup{colour}")
        );
        assert_eq!(
            r[format!("Service{colour}")]["DependsOn"],
            json!([format!("ListenerHttp{colour}")])
        );
        assert_eq!(
            r[format!("TargetGroup{colour}")]["Properties"]["Port"],
            port
        );
        assert_eq!(
            r[format!("ListenerHttp{colour}")]["Properties"]["DefaultActions"][0]["TargetGroupArn"]
                ["Ref"],
            format!("TargetGroup{colour}")
        );
        assert_eq!(
            r[format!("LoadBalancer{colour}")]["Properties"]["Scheme"],
            "internet-facing"
        );
        let record = &r[format!("Record{colour}")]["Properties"];
        assert_eq!(record["SetIdentifier"], lower);
        assert_eq!(record["Weight"], weight);
        assert_eq!(record["Name"], "cart.test.shop.example.com");
        assert_eq!(
            record["AliasTarget"]["DNSName"]["Fn::GetAtt"][0],
            format!("LoadBalancer{colour}")
        );
        assert_eq!(
            r[format!("ServiceIngressFromLoadBalancer{colour}")]["Properties"]["FromPort"],
            port
        );
        let stack = find(&stacks, "shop-test-cart");
        assert_eq!(stack.parameters[&format!("ImageTag{colour}")], tag);
        assert_eq!(t["Parameters"][format!("ImageTag{colour}")]["Default"], tag);
    }
    // Neither the plain service's resources nor the shared load balancer's parts.
    for id in [
        "Service",
        "TaskDefinition",
        "TargetGroup",
        "ListenerRule",
        "ImageTag",
    ] {
        assert!(
            r.get(id).is_none() && t["Parameters"].get(id).is_none(),
            "{id}"
        );
    }
    assert!(t["Parameters"].get("Listener").is_none());
    // `worker` has no route and `cart` has its own load balancers: no shared one.
    let env = template(&stacks, "shop-test");
    assert!(env["Resources"].get("LoadBalancer").is_none());
    // prod's override.
    let prod = template(&stacks, "shop-prod-cart");
    assert_eq!(prod["Resources"]["RecordBlue"]["Properties"]["Weight"], 255);
    assert_eq!(prod["Resources"]["RecordGreen"]["Properties"]["Weight"], 0);
}

#[test]
fn internal_blue_green_load_balancers_admit_the_vpc_or_private_ranges() {
    let stacks = stacks(&blue_green(false));
    let sources = |name: &str| -> Vec<Json> {
        let t = template(&stacks, name);
        assert_eq!(
            t["Resources"]["LoadBalancerBlue"]["Properties"]["Scheme"],
            "internal"
        );
        t["Resources"]["LoadBalancerSecurityGroupBlue"]["Properties"]["SecurityGroupIngress"]
            .as_array()
            .unwrap()
            .iter()
            .map(|rule| rule["CidrIp"].clone())
            .collect()
    };
    // A created network publishes its CIDR; an imported one's is unknown.
    assert_eq!(sources("shop-test-cart"), [json!({ "Ref": "VpcCidr" })]);
    assert_eq!(
        sources("shop-prod-cart"),
        [
            json!("10.0.0.0/8"),
            json!("172.16.0.0/12"),
            json!("192.168.0.0/16")
        ]
    );
}

#[test]
fn grpc_routes_make_grpc_target_groups_healthy_on_grpc_codes() {
    let mut file = small();
    file["ingress"]["certificate"] = json!({
        "us-east-1": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        "eu-west-1": "arn:aws:acm:eu-west-1:123456789012:certificate/def"
    });
    file["services"]["cart"]["route"] = json!({ "path": "/shop.Cart/*", "protocol": "grpc" });
    let t = stack_template(&file, "shop-test-cart");
    let tg = &t["Resources"]["TargetGroup"]["Properties"];
    assert_eq!(tg["ProtocolVersion"], "GRPC");
    // AWS's default path, which no server implements: UNIMPLEMENTED proves a gRPC server.
    assert_eq!(tg["HealthCheckPath"], "/AWS.ALB/healthcheck");
    assert_eq!(tg["Matcher"], json!({ "GrpcCode": "12" }));
    file["services"]["cart"]["route"]["health"] = json!("/grpc.health.v1.Health/Check");
    let t = stack_template(&file, "shop-test-cart");
    let tg = &t["Resources"]["TargetGroup"]["Properties"];
    assert_eq!(tg["HealthCheckPath"], "/grpc.health.v1.Health/Check");
    assert_eq!(tg["Matcher"], json!({ "GrpcCode": "0" }));
    // An HTTP route stays as it was: no protocol version, HTTP codes.
    let t = stack_template(&small(), "shop-test-cart");
    let tg = &t["Resources"]["TargetGroup"]["Properties"];
    assert!(tg.get("ProtocolVersion").is_none());
    assert_eq!(tg["Matcher"], json!({ "HttpCode": "200-399" }));
}

/// `lower_each` gives `lower`'s stacks, in its order, each paired with what `finish` made of
/// it, once, whether the units or a unit's service and job stacks are spread over the threads
/// (one unit of many services, and more units than this machine has cores).
#[test]
fn lower_each_pairs_every_stack_with_its_finish_in_order() {
    let mut wide = small();
    let regions: Vec<&str> = crate::partition::REGIONS
        .iter()
        .filter(|(_, p)| *p == crate::partition::Partition::Aws)
        .map(|(r, _)| *r)
        .take(crate::parallel::threads() + 1)
        .collect();
    wide["environments"]["test"]["regions"] = json!(regions);
    let mut narrow = small();
    narrow["environments"]
        .as_object_mut()
        .unwrap()
        .remove("prod");
    // Enough services that the one unit spreads them over at least two threads.
    let worker = narrow["services"]["worker"].clone();
    for i in 0..2 * super::SPREAD_FROM {
        narrow["services"][format!("worker{i:02}")] = worker.clone();
    }
    narrow["jobs"] = json!({ "nightly": { "image": "public.ecr.aws/docker/library/busybox:1.36", "cpu": 256, "memory": 512, "schedule": "cron(0 3 * * ? *)" } });
    for file in [narrow, wide] {
        let app = app(&file);
        let lowered: Vec<String> = lower(&app).into_iter().map(|s| s.name).collect();
        if lowered.len() > 2 * super::SPREAD_FROM {
            assert!(
                lowered.iter().any(|n| n == "shop-test-nightly"),
                "{lowered:?}"
            );
        }
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let pairs = super::lower_each(&app, |stack: &mut Stack| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            stack.template = crate::cfn::Template::new(String::new());
            stack.name.clone()
        });
        assert_eq!(calls.into_inner(), lowered.len());
        let names: Vec<&String> = pairs.iter().map(|(s, _)| &s.name).collect();
        let made: Vec<&String> = pairs.iter().map(|(_, n)| n).collect();
        assert_eq!(names, made);
        assert_eq!(names, lowered.iter().collect::<Vec<_>>());
        assert!(pairs.iter().all(|(s, _)| s.template.resources.is_empty()));
    }
}
