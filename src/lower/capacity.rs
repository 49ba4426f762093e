//! Capacity: the cluster's providers (Fargate, Fargate Spot, and one Auto Scaling group per EC2
//! capacity), the cluster default strategy, each service's strategy as the resolved app decided
//! it ([`crate::resolved::capacity`]), and the instances a daemon is placed on.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::Target;
use super::network::NetworkRefs;
use crate::cfn::resources::iam::{PolicyDocument, Statement};
use crate::cfn::resources::{Tag, autoscaling, ec2, ecs, iam};
use crate::cfn::{Expr, LogicalId, Parameter, Resource, Template, Value};
use crate::model::{Capacity, Ec2Capacity, Scheduling};
use crate::naming::{self, id};
use crate::resolved::{Arch, Resolved, StrategyEntry, Workload, is_fargate};

/// The ECS instance attribute that names a container instance's capacity (set only on
/// capacities that run a daemon, which is placed by it).
pub const CAPACITY_ATTRIBUTE: &str = "fleetform.capacity";

/// The ECS-optimized Amazon Linux 2023 AMI, per architecture (SSM public parameters).
const AMI_X86_64: &str = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
const AMI_ARM64: &str =
    "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id";

/// The capacity-provider name for a strategy entry, as a service stack writes it.
pub fn provider_name(target: &Target, capacity: &str) -> String {
    match capacity {
        "fargate" => "FARGATE".to_owned(),
        "spot" => "FARGATE_SPOT".to_owned(),
        other => naming::capacity_provider_name(target.app_name(), target.env_name, other),
    }
}

pub fn strategy_items(
    target: &Target,
    strategy: &[StrategyEntry],
    in_env_stack: bool,
) -> Vec<ecs::CapacityProviderStrategyItem> {
    strategy
        .iter()
        .map(|e| ecs::CapacityProviderStrategyItem {
            capacity_provider: if in_env_stack && !is_fargate(&e.capacity) {
                Value::r#ref(&id::capacity_provider(&e.capacity))
            } else {
                Value::Str(provider_name(target, &e.capacity))
            },
            base: e.base.map(i64::from),
            weight: e.weight.map(i64::from),
        })
        .collect()
}

/// Adds every EC2 capacity and the cluster's provider associations.
pub fn add(t: &mut Template, target: &Target, cluster: &LogicalId, network: &NetworkRefs) {
    let mut providers = vec![Value::str("FARGATE"), Value::str("FARGATE_SPOT")];
    let ec2: BTreeMap<&String, &Ec2Capacity> = target
        .app
        .cluster
        .capacity
        .iter()
        .filter_map(|(name, c)| match c {
            Capacity::Ec2(e) if !is_fargate(name) => Some((name, e)),
            _ => None,
        })
        .collect();
    for (name, capacity) in &ec2 {
        add_ec2(t, target, cluster, network, name, capacity);
        providers.push(Value::r#ref(&id::capacity_provider(name)));
    }
    t.add(
        id::capacity_associations(),
        Resource::new(ecs::ClusterCapacityProviderAssociations {
            cluster: Value::r#ref(cluster),
            capacity_providers: providers,
            default_capacity_provider_strategy: strategy_items(
                target,
                &target.resolved.default_strategy,
                true,
            ),
        }),
    );
}

/// The stack parameter resolving the ECS-optimized AMI of an architecture from SSM.
fn add_ami_parameter(t: &mut Template, arch: Arch) -> LogicalId {
    let arm64 = arch == Arch::Arm64;
    let ami = id::ami_parameter(if arm64 { "arm64" } else { "x86-64" });
    t.add_parameter(
        ami.clone(),
        Parameter {
            type_name: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>".to_owned(),
            default: Some(if arm64 { AMI_ARM64 } else { AMI_X86_64 }.to_owned()),
            description: Some(format!(
                "ECS-optimized Amazon Linux 2023 AMI ({})",
                if arm64 { "arm64" } else { "x86_64" }
            )),
            allowed_pattern: None,
        },
    );
    ami
}

fn add_ec2(
    t: &mut Template,
    target: &Target,
    cluster: &LogicalId,
    network: &NetworkRefs,
    name: &str,
    c: &Ec2Capacity,
) {
    let ami = add_ami_parameter(t, Arch::of(&c.arch));
    let (profile, sg) = add_instance_identity(t, target, network, name);

    // A daemon is placed by its capacity's name, so that capacity's instances carry it.
    let mut attributes = c.attributes.clone();
    if daemon_capacities(target.resolved).contains(name) {
        attributes.insert(CAPACITY_ATTRIBUTE.to_owned(), name.to_owned());
    }
    let instance_name = naming::name_tag(target.app_name(), target.env_name, name);
    let lt = id::launch_template(name);
    t.add(
        lt.clone(),
        Resource::new(ec2::LaunchTemplate {
            launch_template_data: ec2::LaunchTemplateData {
                image_id: Value::r#ref(&ami),
                instance_type: c.instance.clone(),
                iam_instance_profile: ec2::IamInstanceProfile {
                    arn: Value::get_att(&profile, "Arn"),
                },
                security_group_ids: vec![Value::get_att(&sg, "GroupId")],
                metadata_options: ec2::MetadataOptions {
                    http_tokens: "required".to_owned(),
                    http_endpoint: "enabled".to_owned(),
                    // 2 hops lets the ECS agent's containers reach IMDSv2; awsvpc tasks are
                    // blocked from IMDS by ECS_AWSVPC_BLOCK_IMDS.
                    http_put_response_hop_limit: 2,
                },
                block_device_mappings: vec![ec2::BlockDeviceMapping {
                    device_name: "/dev/xvda".to_owned(),
                    ebs: ec2::Ebs {
                        volume_size: i64::from(c.volume),
                        volume_type: "gp3".to_owned(),
                        encrypted: true,
                        delete_on_termination: true,
                    },
                }],
                monitoring: None,
                user_data: user_data(cluster, &attributes),
                tag_specifications: ["instance", "volume"]
                    .iter()
                    .map(|kind| ec2::TagSpecification {
                        resource_type: (*kind).to_owned(),
                        tags: vec![Tag::new("Name", instance_name.clone())],
                    })
                    .collect(),
            },
            tag_specifications: Vec::new(),
        }),
    );

    let asg = id::auto_scaling_group(name);
    t.add(
        asg.clone(),
        Resource::new(autoscaling::AutoScalingGroup {
            min_size: c.min.to_string(),
            max_size: c.max.to_string(),
            desired_capacity: c.desired.map(|d| d.to_string()),
            vpc_zone_identifier: network.private.clone(),
            launch_template: autoscaling::LaunchTemplateSpecification {
                launch_template_id: Value::r#ref(&lt),
                version: Value::get_att(&lt, "LatestVersionNumber"),
            },
            // Managed termination protection needs new instances protected from scale-in; ECS
            // lifts the protection of instances that run no tasks.
            new_instances_protected_from_scale_in: c.termination_protection,
            tags: Vec::new(),
        }),
    );

    t.add(
        id::capacity_provider(name),
        Resource::new(ecs::CapacityProvider {
            name: Some(naming::capacity_provider_name(
                target.app_name(),
                target.env_name,
                name,
            )),
            auto_scaling_group_provider: ecs::AutoScalingGroupProvider {
                auto_scaling_group_arn: Value::r#ref(&asg),
                managed_scaling: ecs::ManagedScaling {
                    status: "ENABLED".to_owned(),
                    target_capacity: i64::from(c.target),
                    minimum_scaling_step_size: c.min_step.map(i64::from),
                    maximum_scaling_step_size: c.max_step.map(i64::from),
                    instance_warmup_period: c.warmup.map(i64::from),
                },
                managed_termination_protection: if c.termination_protection {
                    "ENABLED"
                } else {
                    "DISABLED"
                }
                .to_owned(),
            },
            tags: Vec::new(),
        }),
    );
}

/// The container instances' role (ECS agent and Session Manager), instance profile and
/// egress-only security group.
fn add_instance_identity(
    t: &mut Template,
    target: &Target,
    network: &NetworkRefs,
    name: &str,
) -> (LogicalId, LogicalId) {
    let role = id::instance_role(name);
    t.add(
        role.clone(),
        Resource::new(iam::Role {
            role_name: None,
            scope: super::role_scope::of(target),
            assume_role_policy_document: PolicyDocument::new(vec![Statement::assume_roles(
                target.partition.ec2_principals(),
            )]),
            managed_policy_arns: vec![
                Value::arn("iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"),
                Value::arn("iam::aws:policy/AmazonSSMManagedInstanceCore"),
            ],
            policies: Vec::new(),
        }),
    );
    let profile = id::instance_profile(name);
    t.add(
        profile.clone(),
        Resource::new(iam::InstanceProfile {
            path: super::role_scope::of(target).path,
            roles: vec![Value::r#ref(&role)],
        }),
    );

    let sg = id::instance_security_group(name);
    t.add(
        sg.clone(),
        Resource::new(ec2::SecurityGroup {
            group_description: format!("ECS container instances of capacity {name} (egress only)"),
            vpc_id: network.vpc.clone(),
            security_group_ingress: Vec::new(),
            security_group_egress: vec![ec2::SecurityGroupRule {
                ip_protocol: "-1".to_owned(),
                from_port: None,
                to_port: None,
                cidr_ip: Some(Value::str("0.0.0.0/0")),
                destination_security_group_id: None,
                description: Some("ECS agent, image pulls and AWS APIs".to_owned()),
            }],
            tags: Vec::new(),
        }),
    );

    (profile, sg)
}

/// The instance user data: the ECS agent's configuration.
fn user_data(cluster: &LogicalId, attributes: &BTreeMap<String, String>) -> Value {
    let mut script = String::from("#!/bin/bash\ncat >> /etc/ecs/ecs.config <<'EOF'\n");
    let _ = writeln!(script, "ECS_CLUSTER=${{{cluster}}}");
    if !attributes.is_empty() {
        let json = serde_json::to_string(attributes).expect("string maps serialize");
        let _ = writeln!(
            script,
            "ECS_INSTANCE_ATTRIBUTES={}",
            json.replace("${", "${!")
        );
    }
    script.push_str("ECS_ENABLE_TASK_IAM_ROLE=true\nECS_AWSVPC_BLOCK_IMDS=true\nEOF\n");
    Value::from(Expr::Base64(Box::new(Value::sub(script))))
}

/// The EC2 capacities a daemon service runs on: those of its strategy (check rejects Fargate).
fn daemon_capacities_of(service: &Workload) -> Vec<String> {
    service
        .strategy
        .iter()
        .map(|e| e.capacity.clone())
        .filter(|c| !is_fargate(c))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Every capacity some daemon service runs on; their instances get [`CAPACITY_ATTRIBUTE`].
pub fn daemon_capacities(app: &Resolved) -> BTreeSet<String> {
    app.services
        .values()
        .filter(|s| s.scheduling == Scheduling::Daemon)
        .flat_map(daemon_capacities_of)
        .collect()
}

/// A daemon's placement: on the instances of its capacities only (ECS places a daemon on every
/// instance of the cluster otherwise). Empty for replica services.
pub fn daemon_constraints(service: &Workload) -> Vec<ecs::PlacementConstraint> {
    if service.scheduling != Scheduling::Daemon {
        return Vec::new();
    }
    let capacities = daemon_capacities_of(service);
    let expression = match capacities.as_slice() {
        [] => return Vec::new(),
        [one] => format!("attribute:{CAPACITY_ATTRIBUTE} == {one}"),
        many => format!("attribute:{CAPACITY_ATTRIBUTE} in [{}]", many.join(", ")),
    };
    vec![ecs::PlacementConstraint {
        kind: "memberOf",
        expression: Some(Value::str(expression)),
    }]
}
