//! Every logical ID and physical name fleetform emits is made here and nowhere else.
//!
//! Logical IDs are a resource's identity: they derive from stable blueprint names (environment,
//! capacity, service, container, AZ index as a position in the *network*, never a list order
//! of the blueprint), so adding or reordering blueprint entries never renames a resource.
//!
//! Physical names are set only where something else needs them (the cluster, stacks, SSM
//! paths, the load balancer, capacity providers, task families, ECS services, log groups).
//! Names that AWS limits in length get a stable hash suffix (see [`bounded`]).
//!
//! # Listener-rule priorities
//!
//! ALB rules are evaluated from the lowest priority number up, so a more specific rule must get
//! a lower number than a general one it overlaps, and a priority must not move when unrelated
//! services come and go (moving one means replacing rules during a deploy). [`priorities`]
//! decides them at compile time, for all routes of an app at once:
//!
//! 1. A route pinned with `route.priority` keeps that number.
//! 2. Every other route falls in one of 20 bands of 2 500 priorities (1..=50 000). The band is
//!    `2 × path_rank + (0 with a host condition, 1 without)`, where `path_rank` is 0 for exact
//!    paths, `8 − depth` (1..=7) for a wildcard path whose literal prefix has `depth` segments
//!    (capped at 7), and 8 for a catch-all (`/*`) or no path. A route with several paths ranks
//!    by its most general one, so it never shadows a narrower route of another service.
//! 3. Within its band a route starts at `FNV-1a-64(service name) mod 2 500`. That depends only on
//!    the service's own name and route, so other services never move it.
//! 4. Collisions (with pinned priorities or earlier routes) are resolved by taking the next
//!    free slot in the band (wrapping inside it), visiting routes in service-name order. A route
//!    moves only if a newly added service with an earlier name hashes onto its exact slot.

use std::collections::{BTreeMap, BTreeSet};

use crate::cfn::LogicalId;
use crate::model::{App, Route};

/// Stack name of the environment stack: `{app}-{env}`.
pub fn environment_stack(app: &str, env: &str) -> String {
    format!("{app}-{env}")
}

/// Stack name of the observability stack: `{app}-{env}-observability` (the name is reserved:
/// FF0418 reports a service or job that would take it).
pub fn observability_stack(app: &str, env: &str) -> String {
    format!("{app}-{env}-observability")
}

/// How many callers stacks an environment × region may have at most: 32 keeps 1,000 callers
/// at about 31 a stack, inside the 51,200-byte inline template body.
pub const CALLER_STACKS: u32 = 32;

/// Which of `stacks` callers stacks (a power of two up to [`CALLER_STACKS`]) holds the caller
/// group of `service`: FNV-1a of the name, so a group stays where it is while the number of
/// stacks does, and doubling it moves only half of the groups.
pub fn caller_stack_index(service: &str, stacks: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in service.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % stacks.max(1)
}

/// Stack name of a callers stack: `{app}-{env}-callers-{nn}` (the 32 names are reserved:
/// FF0418 reports a service or job that would take one).
pub fn callers_stack(app: &str, env: &str, index: u32) -> String {
    format!("{app}-{env}-callers-{index:02}")
}

/// Stack name of a service stack: `{app}-{env}-{service}`.
pub fn service_stack(app: &str, env: &str, service: &str) -> String {
    format!("{app}-{env}-{service}")
}

/// The ECS cluster name.
pub fn cluster_name(app: &str, env: &str) -> String {
    format!("{app}-{env}")
}

/// The load balancer name: `{app}-{env}`, plus `-int` when internal, bounded to ELB's 32
/// characters. The name encodes the scheme, the one create-only property that a blueprint can
/// change, so flipping `public` replaces the load balancer under a new name instead of failing
/// on the old one.
pub fn load_balancer_name(app: &str, env: &str, public: bool) -> String {
    let suffix = if public { "" } else { "-int" };
    bounded(&format!("{app}-{env}{suffix}"), 32)
}

/// The physical name of named load balancer `lb` (`ingress.load-balancers`):
/// `{app}-{env}-{lb}`, plus `-int` when internal, bounded like [`load_balancer_name`].
pub fn named_load_balancer_name(app: &str, env: &str, lb: &str, public: bool) -> String {
    let suffix = if public { "" } else { "-int" };
    bounded(&format!("{app}-{env}-{lb}{suffix}"), 32)
}

/// The Network Load Balancer's name: `{app}-{env}-nlb`, plus `-int` when internal, bounded
/// like [`load_balancer_name`] (the scheme is create-only, so flipping it renames).
pub fn network_load_balancer_name(app: &str, env: &str, public: bool) -> String {
    let suffix = if public { "" } else { "-int" };
    bounded(&format!("{app}-{env}-nlb{suffix}"), 32)
}

/// Stack name of named load balancer `lb`: `{app}-{env}-lb-{lb}` (FF0418 reports a service
/// or job that would take it).
pub fn load_balancer_stack(app: &str, env: &str, lb: &str) -> String {
    format!("{app}-{env}-lb-{lb}")
}

/// The SSM key (below `/fleetform/{app}/{env}/`) of what named load balancer `lb` publishes:
/// `load-balancers/{lb}/{key}`; `key` itself for the environment's single load balancer.
pub fn load_balancer_key(lb: Option<&str>, key: &str) -> String {
    match lb {
        Some(lb) => ["load-balancers/", lb, "/", key].concat(),
        None => key.to_owned(),
    }
}

/// The ECS service name and task family stem of one colour of a DNS blue/green service:
/// `{service}-{colour}` (distinct from the plain service's, so switching a service to blue/green
/// creates both colours before the old service is deleted).
pub fn colour_service_name(service: &str, colour: &str) -> String {
    format!("{service}-{colour}")
}

/// The load balancer name of one colour: `{app}-{env}-{service}-{colour}`, plus `-int` when
/// internal, bounded like [`load_balancer_name`].
pub fn colour_load_balancer_name(
    app: &str,
    env: &str,
    service: &str,
    colour: &str,
    public: bool,
) -> String {
    let suffix = if public { "" } else { "-int" };
    bounded(&format!("{app}-{env}-{service}-{colour}{suffix}"), 32)
}

/// The capacity provider name: `{app}-{env}-{capacity}`. Names may not start with `aws`, `ecs`
/// or `fargate`, so such names get an `ff-` prefix.
pub fn capacity_provider_name(app: &str, env: &str, capacity: &str) -> String {
    let name = format!("{app}-{env}-{capacity}");
    if ["aws", "ecs", "fargate"]
        .iter()
        .any(|p| name.starts_with(p))
    {
        format!("ff-{name}")
    } else {
        name
    }
}

/// The task-definition family.
pub fn task_family(app: &str, env: &str, service: &str) -> String {
    format!("{app}-{env}-{service}")
}

/// The `Name` tag of a file system or access point fleetform creates for a service's volume.
pub fn volume_name(app: &str, env: &str, service: &str, volume: &str) -> String {
    format!("{app}-{env}-{service}-{volume}")
}

/// The default root directory of a volume's access point.
pub fn access_point_path(service: &str, volume: &str) -> String {
    format!("/{service}/{volume}")
}

/// The state machine of a scheduled job: named like its task family, so the pipeline's deploy
/// role can scope `states:*` to the app's prefix (a generated name would start with the logical
/// ID). At most 64 characters (FF0308 bounds `{app}-{env}` to 32, a job name is at most 31),
/// within Step Functions' 80.
pub fn job_state_machine_name(app: &str, env: &str, job: &str) -> String {
    task_family(app, env, job)
}

/// The log group of a service.
pub fn log_group_name(app: &str, env: &str, service: &str) -> String {
    // The prefix grown in place rather than by `format!`: every service stack names its log group.
    let mut name = log_group_prefix(app, env);
    name.push('/');
    name.push_str(service);
    name
}

/// The log group of an environment's ECS Exec sessions. `_` cannot start a service name, so
/// no service's log group takes this name.
pub fn exec_log_group_name(app: &str, env: &str) -> String {
    format!("{}/_exec-sessions", log_group_prefix(app, env))
}

/// The task volume of a writable path: the path's letters and digits for the reader, and a
/// hash of the whole path, since `/a-b` and `/a/b` read alike (at most 255 characters).
pub fn writable_volume(path: &str) -> String {
    let readable: String = path
        .trim_start_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(200)
        .collect();
    format!("writable-{readable}-{:08x}", fnv1a(path) & 0xffff_ffff)
}

/// What every log group of an environment starts with (key policies name it).
pub fn log_group_prefix(app: &str, env: &str) -> String {
    ["/ecs/", app, "/", env].concat()
}

/// The audit trail of an environment × region.
pub fn trail_name(app: &str, env: &str) -> String {
    format!("{app}-{env}")
}

/// The log-analytics Firehose stream of an environment × region.
pub fn log_stream_name(app: &str, env: &str) -> String {
    format!("{app}-{env}-logs")
}

/// A `Name` tag value for a resource of the environment, e.g. `shop-prod-private-1`.
pub fn name_tag(app: &str, env: &str, what: &str) -> String {
    format!("{app}-{env}-{what}")
}

/// The SSM path under which the environment stack publishes `key`.
pub fn ssm_path(app: &str, env: &str, key: &str) -> String {
    // A concatenation: every stack names several parameters, and `format!` cost ten times as
    // much (its buffer grows piece by piece).
    ["/fleetform/", app, "/", env, "/", key].concat()
}

/// A service's alarm name: `{app}-{env}-{service}-{alarm}`.
pub fn alarm_name(app: &str, env: &str, service: &str, alarm: &str) -> String {
    format!("{app}-{env}-{service}-{alarm}")
}

/// The alarm topic of an environment: `{app}-{env}-alarms`.
pub fn alarm_topic_name(app: &str, env: &str) -> String {
    format!("{app}-{env}-alarms")
}

/// The dashboard of an environment × region (dashboard names are global in an account):
/// `{app}-{env}-{region}`.
pub fn dashboard_name(app: &str, env: &str, region: &str) -> String {
    format!("{app}-{env}-{region}")
}

/// The SSM path of a plain configuration value: `/fleetform/{app}/{env}/config/{name}`.
pub fn config_path(app: &str, env: &str, name: &str) -> String {
    ssm_path(app, env, &format!("config/{name}"))
}

/// The pipeline stack: `{app}-pipeline`, or `{app}-pipeline-{name}` for a service's (or job's)
/// own pipeline in monorepo mode. The pipeline and its CodeBuild projects take this name too.
pub fn pipeline_stack(app: &str, unit: Option<&str>) -> String {
    match unit {
        Some(name) => format!("{app}-pipeline-{name}"),
        None => format!("{app}-pipeline"),
    }
}

/// The stack that holds a region's artifact bucket and image repositories for the pipelines
/// of `app` (every deploy region but the pipeline's own), deployed once at bootstrap.
pub fn pipeline_artifacts_stack(app: &str) -> String {
    format!("{app}-pipeline-artifacts")
}

/// The stack of the app's IAM foundation in a partition: the permissions boundary and the
/// role CloudFormation deploys the app's stacks with. An administrator deploys it once per
/// partition; no pipeline ever updates it.
pub fn pipeline_iam_stack(app: &str) -> String {
    format!("{app}-pipeline-iam")
}

/// The IAM path of every role and instance profile of `app`: `/fleetform/{app}/`. App names
/// hold no `/`, so `role/fleetform/{app}/*` matches this app's roles and no other app's.
pub fn iam_path(app: &str) -> String {
    format!("/fleetform/{app}/")
}

/// The name of the app's permissions boundary policy (under [`iam_path`]).
pub fn boundary_policy(app: &str) -> String {
    format!("fleetform-{app}-boundary")
}

/// The ARN of the app's permissions boundary (a `Fn::Sub` string), which every role the app's
/// pipeline deploys carries.
pub fn boundary_arn(app: &str) -> String {
    format!(
        "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:policy{}{}",
        iam_path(app),
        boundary_policy(app)
    )
}

/// The IAM path of the deploy role: outside [`iam_path`], so the permissions the deploy role
/// has over the app's roles never reach the deploy role itself.
pub const DEPLOY_ROLE_PATH: &str = "/fleetform-deploy/";

/// The name of the role CloudFormation deploys the app's stacks with (under
/// [`DEPLOY_ROLE_PATH`]); fixed, so every pipeline stack can name it.
pub fn deploy_role(app: &str) -> String {
    format!("{app}-deploy")
}

/// The ARN of the deploy role (a `Fn::Sub` string).
pub fn deploy_role_arn(app: &str) -> String {
    format!(
        "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role{DEPLOY_ROLE_PATH}{}",
        deploy_role(app)
    )
}

/// The bootstrap stack of a target account of cross-account environments: the app's
/// permissions boundary, deploy role and the role the pipeline's actions assume there. An
/// administrator of that account deploys it once, before the pipeline stacks.
pub fn pipeline_account_stack(app: &str, account: &str) -> String {
    format!("{app}-pipeline-account-{account}")
}

/// The name of the role the pipeline's deploy actions assume in a target account (under
/// [`DEPLOY_ROLE_PATH`]).
pub fn cross_account_role(app: &str) -> String {
    format!("{app}-deploy-action")
}

/// The ARN of a role under [`DEPLOY_ROLE_PATH`] in `account` (a `Fn::Sub` string; one
/// partition, as cross-partition environments are refused).
fn deploy_path_role_arn(account: &str, name: &str) -> String {
    format!("arn:${{AWS::Partition}}:iam::{account}:role{DEPLOY_ROLE_PATH}{name}")
}

/// The ARN of the deploy role of `app` in target account `account` (a `Fn::Sub` string).
pub fn deploy_role_arn_in(app: &str, account: &str) -> String {
    deploy_path_role_arn(account, &deploy_role(app))
}

/// The ARN of the role the pipeline's actions assume in target account `account` (a
/// `Fn::Sub` string).
pub fn cross_account_role_arn(app: &str, account: &str) -> String {
    deploy_path_role_arn(account, &cross_account_role(app))
}

/// The stack of the CodeBuild deployer in a region without CodePipeline's CloudFormation
/// action (the China regions).
pub fn pipeline_deploy_stack(app: &str) -> String {
    format!("{app}-pipeline-deploy")
}

/// A CodeBuild project of a pipeline: `{pipeline}-{step}` (`build`, `unit-tests`,
/// `final-tests`, `deploy`).
pub fn build_project(pipeline: &str, step: &str) -> String {
    format!("{pipeline}-{step}")
}

/// The log group of a CodeBuild project.
pub fn build_log_group(project: &str) -> String {
    format!("/codebuild/{project}")
}

/// The regional artifact bucket of `app` (a `Fn::Sub` string: bucket names are global, so the
/// account ID keeps them unique), bounded to S3's 63 characters.
pub fn regional_artifact_bucket(app: &str, region: &str) -> String {
    // 12 digits of account ID replace the 17-character `${AWS::AccountId}`.
    let stem = bounded(&format!("{app}-artifacts-{region}"), 63 - 13);
    format!("{stem}-${{AWS::AccountId}}")
}

/// The source bucket of the China deployer (a `Fn::Sub` string), where each new
/// `source.zip` starts a deploy.
pub fn deployer_source_bucket(app: &str, region: &str) -> String {
    let stem = bounded(&format!("{app}-source-{region}"), 63 - 13);
    format!("{stem}-${{AWS::AccountId}}")
}

/// The object key the China deployer builds from.
pub const DEPLOYER_SOURCE_KEY: &str = "source.zip";

/// The prefix of every stack of `app`, for IAM resource patterns: roles that CloudFormation
/// names for these stacks start with the stack name.
pub fn stack_prefix(app: &str) -> String {
    format!("{app}-")
}

/// A port-mapping name: `{container}-{port}`.
pub fn port_name(container: &str, port: u16) -> String {
    format!("{container}-{port}")
}

/// `name` if it fits in `max` bytes, otherwise a prefix and an 8-hex-digit hash of the whole
/// name, so distinct long names stay distinct and the same name always gives the same result.
pub fn bounded(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_owned();
    }
    let hash = format!("{:08x}", fnv1a(name) & 0xffff_ffff);
    let prefix = name[..max - hash.len() - 1].trim_end_matches('-');
    format!("{prefix}-{hash}")
}

/// FNV-1a, 64 bits: a tiny stable hash (no seed, same on every platform and release).
pub fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Logical IDs, one function per resource kind.
pub mod id {
    use super::LogicalId;

    fn make(parts: &[&str]) -> LogicalId {
        LogicalId::from_parts(parts)
    }

    /// A blueprint name as one capitalised word. Joining words drops dashes, which is ambiguous
    /// when a segment starts with a digit or is empty (`gen-1` and `gen1` would both give
    /// `Gen1`); such names get their hash appended, so two names never share a logical ID.
    fn word(name: &str) -> String {
        let plain = name
            .split('-')
            .all(|seg| seg.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let base = LogicalId::from_parts(&[name]).as_str().to_owned();
        if plain {
            base
        } else {
            format!("{base}{:08x}", super::fnv1a(name) & 0xffff_ffff)
        }
    }

    // Network (environment stack).
    pub fn vpc() -> LogicalId {
        make(&["Vpc"])
    }
    pub fn internet_gateway() -> LogicalId {
        make(&["InternetGateway"])
    }
    pub fn gateway_attachment() -> LogicalId {
        make(&["InternetGatewayAttachment"])
    }
    /// `tier` is `public` or `private`; `az` the zone's index in the network.
    pub fn subnet(tier: &str, az: usize) -> LogicalId {
        make(&["Subnet", tier, &az.to_string()])
    }
    pub fn public_route_table() -> LogicalId {
        make(&["RouteTablePublic"])
    }
    pub fn public_default_route() -> LogicalId {
        make(&["RoutePublicDefault"])
    }
    pub fn private_route_table(az: usize) -> LogicalId {
        make(&["RouteTablePrivate", &az.to_string()])
    }
    pub fn private_default_route(az: usize) -> LogicalId {
        make(&["RoutePrivateDefault", &az.to_string()])
    }
    pub fn route_table_association(tier: &str, az: usize) -> LogicalId {
        make(&["RouteTableAssociation", tier, &az.to_string()])
    }
    pub fn nat_eip(az: usize) -> LogicalId {
        make(&["NatEip", &az.to_string()])
    }
    pub fn nat_gateway(az: usize) -> LogicalId {
        make(&["NatGateway", &az.to_string()])
    }

    // Cluster and capacity.
    pub fn cluster() -> LogicalId {
        make(&["Cluster"])
    }
    pub fn capacity_associations() -> LogicalId {
        make(&["ClusterCapacityProviders"])
    }
    pub fn ami_parameter(arch: &str) -> LogicalId {
        make(&["EcsAmi", arch])
    }
    pub fn instance_role(capacity: &str) -> LogicalId {
        make(&["Capacity", &word(capacity), "InstanceRole"])
    }
    pub fn instance_profile(capacity: &str) -> LogicalId {
        make(&["Capacity", &word(capacity), "InstanceProfile"])
    }
    pub fn instance_security_group(capacity: &str) -> LogicalId {
        make(&["Capacity", &word(capacity), "SecurityGroup"])
    }
    pub fn launch_template(capacity: &str) -> LogicalId {
        make(&["Capacity", &word(capacity), "LaunchTemplate"])
    }
    pub fn auto_scaling_group(capacity: &str) -> LogicalId {
        make(&["Capacity", &word(capacity), "AutoScalingGroup"])
    }
    pub fn capacity_provider(capacity: &str) -> LogicalId {
        make(&["Capacity", &word(capacity), "Provider"])
    }

    // Network Load Balancer (`listeners`).
    pub fn network_load_balancer() -> LogicalId {
        make(&["NetworkLoadBalancer"])
    }
    pub fn nlb_security_group() -> LogicalId {
        make(&["NetworkLoadBalancerSecurityGroup"])
    }
    /// The target group of a service's Network Load Balancer port (named for the port, never
    /// for the listener's place in the list).
    pub fn nlb_target_group(port: u16) -> LogicalId {
        make(&["NlbTargetGroup", &port.to_string()])
    }
    pub fn nlb_listener(port: u16) -> LogicalId {
        make(&["NlbListener", &port.to_string()])
    }
    /// The ingress rule of a service's group from the Network Load Balancer, per container
    /// port and IP protocol.
    pub fn nlb_ingress(port: u16, protocol: &str) -> LogicalId {
        make(&["NlbIngress", &port.to_string(), protocol])
    }

    // Load balancer.
    pub fn alb_security_group() -> LogicalId {
        make(&["LoadBalancerSecurityGroup"])
    }
    pub fn load_balancer() -> LogicalId {
        make(&["LoadBalancer"])
    }
    pub fn global_record() -> LogicalId {
        make(&["GlobalRecord"])
    }
    pub fn http_listener() -> LogicalId {
        make(&["ListenerHttp"])
    }
    pub fn https_listener() -> LogicalId {
        make(&["ListenerHttps"])
    }
    /// The listener on the test port that blue/green, canary and linear deployments use.
    pub fn test_listener() -> LogicalId {
        make(&["ListenerTest"])
    }

    // Edge of the shared load balancer (`ingress.zone`, `ingress.waf`, `ingress.access-logs`).
    /// The ACM certificate fleetform requests for `ingress.domain`.
    pub fn certificate() -> LogicalId {
        make(&["Certificate"])
    }
    /// The alias record of `ingress.domain` to the shared load balancer.
    pub fn domain_record() -> LogicalId {
        make(&["DomainRecord"])
    }
    pub fn web_acl() -> LogicalId {
        make(&["WebAcl"])
    }
    pub fn web_acl_association() -> LogicalId {
        make(&["WebAclAssociation"])
    }
    /// The bucket the shared load balancer writes its access logs to.
    pub fn load_balancer_log_bucket() -> LogicalId {
        make(&["LoadBalancerLogBucket"])
    }

    /// An SSM parameter the environment stack publishes, by its key (`vpc-id`).
    pub fn ssm_parameter(key: &str) -> LogicalId {
        make(&["Parameter", key])
    }

    // Service stacks: stack parameters.
    /// A stack parameter that reads the published SSM value `key`.
    pub fn stack_parameter(key: &str) -> LogicalId {
        make(&[key])
    }
    pub fn image_tag() -> LogicalId {
        make(&["ImageTag"])
    }

    // Service stacks: resources.
    pub fn log_group() -> LogicalId {
        make(&["LogGroup"])
    }
    pub fn exec_log_group() -> LogicalId {
        make(&["ExecSessionsLogGroup"])
    }
    pub fn execution_role() -> LogicalId {
        make(&["ExecutionRole"])
    }
    pub fn task_role() -> LogicalId {
        make(&["TaskRole"])
    }
    pub fn service_security_group() -> LogicalId {
        make(&["ServiceSecurityGroup"])
    }
    pub fn ingress_from_alb() -> LogicalId {
        make(&["ServiceIngressFromLoadBalancer"])
    }
    pub fn tasks_security_group() -> LogicalId {
        make(&["TasksSecurityGroup"])
    }
    pub fn target_group() -> LogicalId {
        make(&["TargetGroup"])
    }
    /// The target group of a service on load balancer `lb` (`None`: the environment's single
    /// one, [`target_group`]). A target group belongs to one load balancer: naming it for its
    /// load balancer makes a service that moves to another one get a new group (created before
    /// the old one is deleted) instead of attaching the old group to a second load balancer,
    /// which Elastic Load Balancing refuses.
    pub fn target_group_on(lb: Option<&str>) -> LogicalId {
        lb.map_or_else(target_group, |lb| make(&["TargetGroup", lb]))
    }
    pub fn listener_rule() -> LogicalId {
        make(&["ListenerRule"])
    }
    /// The second target group of a blue/green, canary or linear deployment.
    pub fn alternate_target_group() -> LogicalId {
        make(&["TargetGroupAlternate"])
    }
    /// [`alternate_target_group`] on load balancer `lb`, named for it like
    /// [`target_group_on`].
    pub fn alternate_target_group_on(lb: Option<&str>) -> LogicalId {
        lb.map_or_else(alternate_target_group, |lb| {
            make(&["TargetGroupAlternate", lb])
        })
    }
    pub fn test_listener_rule() -> LogicalId {
        make(&["ListenerRuleTest"])
    }
    /// The role ECS uses to move load-balancer traffic during a deployment.
    pub fn deploy_infrastructure_role() -> LogicalId {
        make(&["DeployInfrastructureRole"])
    }
    /// The role ECS uses to invoke a deployment's lifecycle-hook functions.
    pub fn deploy_hook_role() -> LogicalId {
        make(&["DeployHookRole"])
    }
    pub fn task_definition() -> LogicalId {
        make(&["TaskDefinition"])
    }

    // EFS volumes of a service (service stack), by volume name.
    pub fn efs_file_system(volume: &str) -> LogicalId {
        make(&["Volume", &word(volume), "FileSystem"])
    }
    /// `az`: the index of the private subnet in the environment's list.
    pub fn efs_mount_target(volume: &str, az: usize) -> LogicalId {
        make(&["Volume", &word(volume), "MountTarget", &az.to_string()])
    }
    pub fn efs_security_group(volume: &str) -> LogicalId {
        make(&["Volume", &word(volume), "SecurityGroup"])
    }
    /// NFS from the tasks, on the file system's group (created or imported).
    pub fn efs_ingress(volume: &str) -> LogicalId {
        make(&["Volume", &word(volume), "NfsIngress"])
    }
    pub fn efs_access_point(volume: &str) -> LogicalId {
        make(&["Volume", &word(volume), "AccessPoint"])
    }
    pub fn service() -> LogicalId {
        make(&["Service"])
    }

    // Service discovery and calls.
    pub fn discovery_namespace() -> LogicalId {
        make(&["DiscoveryNamespace"])
    }
    pub fn discovery_service() -> LogicalId {
        make(&["DiscoveryService"])
    }
    /// The callers stack's group that marks the tasks of `service` as a caller.
    pub fn caller_security_group(service: &str) -> LogicalId {
        make(&["Caller", &word(service), "SecurityGroup"])
    }
    pub fn caller_group_parameter(service: &str) -> LogicalId {
        make(&["Parameter", "Caller", &word(service), "SecurityGroup"])
    }
    /// A service stack's parameter reading the caller group of `service`.
    pub fn caller_group_import(service: &str) -> LogicalId {
        make(&["Caller", &word(service), "SecurityGroupId"])
    }
    /// The rule that opens `port` to the caller `service`.
    pub fn ingress_from_caller(service: &str, port: u16) -> LogicalId {
        make(&["IngressFrom", &word(service), &port.to_string()])
    }

    // Alarms, dashboard, metrics and configuration.
    /// A service's generated alarm by its kind (`cpu`, `errors`, …).
    pub fn alarm(kind: &str) -> LogicalId {
        make(&["Alarm", kind])
    }
    pub fn alarm_topic() -> LogicalId {
        make(&["AlarmTopic"])
    }
    pub fn alarm_topic_key() -> LogicalId {
        make(&["AlarmTopicKey"])
    }
    /// A subscription to the alarm topic, by a hash of its endpoint text.
    pub fn alarm_subscription(endpoint: &str) -> LogicalId {
        make(&[
            "AlarmSubscription",
            &format!("{:08x}", super::fnv1a(endpoint) & 0xffff_ffff),
        ])
    }
    pub fn dashboard() -> LogicalId {
        make(&["Dashboard"])
    }
    /// The SSM parameter holding the plain configuration value `name`.
    pub fn config_parameter(name: &str) -> LogicalId {
        make(&["Config", &word(name)])
    }

    // Service stacks: auto scaling.
    pub fn scalable_target() -> LogicalId {
        make(&["ScalableTarget"])
    }
    /// A target-tracking policy by its metric (`cpu`, `memory`, `requests`).
    pub fn tracking_policy(metric: &str) -> LogicalId {
        make(&["ScalingPolicy", metric])
    }
    /// A step policy by its blueprint name and direction (`out`, `in`).
    pub fn step_policy(name: &str, direction: &str) -> LogicalId {
        make(&["ScalingStep", &word(name), direction])
    }
    /// The alarm that drives a step policy.
    pub fn step_alarm(name: &str, direction: &str) -> LogicalId {
        make(&["ScalingAlarm", &word(name), direction])
    }

    // Job stacks.
    pub fn dead_letter_queue() -> LogicalId {
        make(&["DeadLetterQueue"])
    }
    pub fn scheduler_role() -> LogicalId {
        make(&["SchedulerRole"])
    }
    pub fn schedule() -> LogicalId {
        make(&["Schedule"])
    }
    /// The state machine a scheduled job's schedule starts: it runs the task, retries it and
    /// stops it when overdue.
    pub fn job_state_machine() -> LogicalId {
        make(&["JobStateMachine"])
    }
    pub fn job_state_machine_role() -> LogicalId {
        make(&["JobStateMachineRole"])
    }
    pub fn run_task_output() -> LogicalId {
        make(&["RunTaskCommand"])
    }

    // Service stacks of DNS blue/green services: one of each per colour (`blue`, `green`),
    // e.g. `ServiceBlue`, `LoadBalancerGreen`. Colours never change, so neither do these.
    pub fn colour_task_definition(colour: &str) -> LogicalId {
        make(&["TaskDefinition", colour])
    }
    pub fn colour_service(colour: &str) -> LogicalId {
        make(&["Service", colour])
    }
    pub fn colour_target_group(colour: &str) -> LogicalId {
        make(&["TargetGroup", colour])
    }
    pub fn colour_load_balancer(colour: &str) -> LogicalId {
        make(&["LoadBalancer", colour])
    }
    pub fn colour_alb_security_group(colour: &str) -> LogicalId {
        make(&["LoadBalancerSecurityGroup", colour])
    }
    pub fn colour_http_listener(colour: &str) -> LogicalId {
        make(&["ListenerHttp", colour])
    }
    pub fn colour_https_listener(colour: &str) -> LogicalId {
        make(&["ListenerHttps", colour])
    }
    pub fn colour_ingress_from_alb(colour: &str) -> LogicalId {
        make(&["ServiceIngressFromLoadBalancer", colour])
    }
    pub fn colour_record(colour: &str) -> LogicalId {
        make(&["Record", colour])
    }
    pub fn colour_image_tag(colour: &str) -> LogicalId {
        make(&["ImageTag", colour])
    }

    // Pipeline stacks.
    pub fn artifact_bucket() -> LogicalId {
        make(&["ArtifactBucket"])
    }
    pub fn artifact_bucket_policy() -> LogicalId {
        make(&["ArtifactBucketPolicy"])
    }
    /// The image repository of a built service or job.
    pub fn repository(name: &str) -> LogicalId {
        make(&["Repository", &word(name)])
    }
    pub fn pipeline() -> LogicalId {
        make(&["Pipeline"])
    }
    pub fn pipeline_role() -> LogicalId {
        make(&["PipelineRole"])
    }
    /// The role CloudFormation uses to deploy the app's stacks.
    pub fn stack_deploy_role() -> LogicalId {
        make(&["StackDeployRole"])
    }
    /// One of the managed policies that hold the deploy role's permissions.
    pub fn deploy_policy(index: usize) -> LogicalId {
        make(&["StackDeployPolicy", &index.to_string()])
    }
    /// The app's permissions boundary.
    pub fn permissions_boundary() -> LogicalId {
        make(&["PermissionsBoundary"])
    }
    /// A CodeBuild project by step (`build`, `unit-tests`, `final-tests`, `deploy`).
    pub fn build_project(step: &str) -> LogicalId {
        make(&["Project", step])
    }
    pub fn build_role(step: &str) -> LogicalId {
        make(&["Project", step, "Role"])
    }
    pub fn build_log_group(step: &str) -> LogicalId {
        make(&["Project", step, "Logs"])
    }
    /// The rule that starts the China deployer when a new source zip arrives.
    pub fn deploy_trigger() -> LogicalId {
        make(&["DeployTrigger"])
    }
    pub fn deploy_trigger_role() -> LogicalId {
        make(&["DeployTriggerRole"])
    }
    pub fn source_bucket_output() -> LogicalId {
        make(&["SourceBucket"])
    }
    /// The customer managed key of a pipeline's artifact bucket, when it deploys across
    /// accounts (the AWS managed S3 key cannot be shared with another account).
    pub fn artifact_key() -> LogicalId {
        make(&["ArtifactKey"])
    }
    /// The role of a target account that the pipeline's deploy actions assume.
    pub fn cross_account_role() -> LogicalId {
        make(&["CrossAccountDeployRole"])
    }
}

const BAND: u32 = 2_500;
const BANDS: u32 = 20;

/// The listener-rule priority of every routed service of `app` (see the module docs).
pub fn priorities(app: &App) -> BTreeMap<String, u32> {
    let routes: Vec<(&str, &Route)> = app
        .services
        .iter()
        .filter(|(_, s)| s.on_shared_load_balancer())
        .filter_map(|(name, s)| s.route.as_ref().map(|r| (name.as_str(), r)))
        .collect();
    let mut taken: BTreeSet<u32> = routes.iter().filter_map(|(_, r)| r.priority).collect();
    let mut out = BTreeMap::new();
    for (name, route) in &routes {
        if let Some(pinned) = route.priority {
            out.insert((*name).to_owned(), pinned);
        }
    }
    // `app.services` is a BTreeMap: routes are visited in service-name order.
    for (name, route) in routes.iter().filter(|(_, r)| r.priority.is_none()) {
        let has_host = route.host.is_some()
            || app
                .load_balancer_settings(app.load_balancer_of(name))
                .domain
                .is_some();
        let band = band(route, has_host);
        let start = u32::try_from(fnv1a(name) % u64::from(BAND)).unwrap_or(0);
        let slot = (0..BAND)
            .map(|step| 1 + band * BAND + (start + step) % BAND)
            .find(|p| !taken.contains(p))
            // A full band holds 2 500 rules, far above the ALB quota of 100: unreachable.
            .unwrap_or(1 + band * BAND + start);
        taken.insert(slot);
        out.insert((*name).to_owned(), slot);
    }
    out
}

fn band(route: &Route, has_host: bool) -> u32 {
    let rank = route.path.as_ref().map_or(8, |p| {
        p.to_vec().iter().map(|p| path_rank(p)).max().unwrap_or(8)
    });
    (2 * rank + u32::from(!has_host)).min(BANDS - 1)
}

/// 0 for an exact path, 1..=7 for wildcards by literal depth (deeper is lower), 8 for catch-all.
fn path_rank(path: &str) -> u32 {
    let Some(wild) = path.find(['*', '?']) else {
        return 0;
    };
    let depth = path[..wild].split('/').filter(|s| !s.is_empty()).count();
    let depth = u32::try_from(depth.min(7)).unwrap_or(7);
    if depth == 0 { 8 } else { 8 - depth }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_names_keep_short_names_and_hash_long_ones() {
        assert_eq!(bounded("shop-prod", 32), "shop-prod");
        let long = bounded("a-very-long-application-name-production-east", 32);
        assert_eq!(long.len(), 32);
        assert!(long.starts_with("a-very-long-application-"));
        assert_eq!(
            long,
            bounded("a-very-long-application-name-production-east", 32)
        );
        assert_ne!(
            long,
            bounded("a-very-long-application-name-production-west", 32)
        );
    }

    #[test]
    fn capacity_provider_names_avoid_reserved_prefixes() {
        assert_eq!(
            capacity_provider_name("shop", "prod", "general"),
            "shop-prod-general"
        );
        assert_eq!(
            capacity_provider_name("ecs-demo", "prod", "general"),
            "ff-ecs-demo-prod-general"
        );
    }

    #[test]
    fn path_ranks_order_specific_before_general() {
        assert_eq!(path_rank("/cart"), 0);
        assert_eq!(path_rank("/api/v1/orders/*"), 5);
        assert_eq!(path_rank("/cart/*"), 7);
        assert_eq!(path_rank("/*"), 8);
        assert!(path_rank("/api/v1/*") < path_rank("/api/*"));
    }
}
