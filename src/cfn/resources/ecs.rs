//! `AWS::ECS::*`: cluster, capacity providers, task definitions and services.

use serde::Serialize;

use super::Tag;
use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Cluster {
    pub cluster_name: String,
    pub cluster_settings: Vec<ClusterSetting>,
    /// The namespace new Service Connect services use by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_connect_defaults: Option<ServiceConnectDefaults>,
    /// ECS Exec settings (only when a service of the environment has `exec`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration: Option<ClusterConfiguration>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Properties for Cluster {
    const TYPE: &'static str = "AWS::ECS::Cluster";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterConfiguration {
    pub execute_command_configuration: ExecuteCommandConfiguration,
}

/// How ECS Exec sessions are encrypted and logged.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExecuteCommandConfiguration {
    /// Encrypts the session's data channel (beyond TLS); the task role needs `kms:Decrypt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Value>,
    /// `OVERRIDE`: sessions go to `log_configuration`, not to the task's `awslogs` settings.
    pub logging: String,
    pub log_configuration: ExecuteCommandLogConfiguration,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExecuteCommandLogConfiguration {
    pub cloud_watch_log_group_name: Value,
    /// The agent refuses to log to a group that is not KMS-encrypted when this is true.
    pub cloud_watch_encryption_enabled: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterSetting {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CapacityProvider {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub auto_scaling_group_provider: AutoScalingGroupProvider,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Properties for CapacityProvider {
    const TYPE: &'static str = "AWS::ECS::CapacityProvider";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AutoScalingGroupProvider {
    pub auto_scaling_group_arn: Value,
    pub managed_scaling: ManagedScaling,
    pub managed_termination_protection: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedScaling {
    pub status: String,
    pub target_capacity: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_scaling_step_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_scaling_step_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_warmup_period: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterCapacityProviderAssociations {
    pub cluster: Value,
    pub capacity_providers: Vec<Value>,
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
}

impl Properties for ClusterCapacityProviderAssociations {
    const TYPE: &'static str = "AWS::ECS::ClusterCapacityProviderAssociations";
}

/// One entry of a capacity-provider strategy (cluster default or service).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaskDefinition {
    pub family: String,
    pub network_mode: String,
    pub requires_compatibilities: Vec<String>,
    pub cpu: String,
    pub memory: String,
    pub execution_role_arn: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_platform: Option<RuntimePlatform>,
    pub container_definitions: Vec<ContainerDefinition>,
    /// Task volumes: name-only bind mounts (writable paths under a read-only root filesystem,
    /// `lower::hardening`) and EFS volumes (`volumes:` of the service, `lower::volumes`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
    /// Fargate task storage beyond the default 20 GiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<EphemeralStorage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// `EphemeralStorage`: 21..200 GiB, Fargate platform 1.4.0 or later.
#[derive(Debug, Clone, Serialize)]
pub struct EphemeralStorage {
    #[serde(rename = "SizeInGiB")]
    pub size_in_gib: i64,
}

/// A task-definition volume: with only a name, a bind mount that lives as long as the task (on
/// Fargate, in the task's ephemeral storage); with an `EFSVolumeConfiguration`, an EFS volume.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Volume {
    pub name: String,
    #[serde(
        rename = "EFSVolumeConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub efs_volume_configuration: Option<EfsVolumeConfiguration>,
}

/// `EFSVolumeConfiguration`. `RootDirectory` must be omitted (or `/`) with an access point, and
/// `TransitEncryption` must be `ENABLED` with IAM authorisation or an access point.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EfsVolumeConfiguration {
    pub filesystem_id: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_directory: Option<String>,
    pub transit_encryption: &'static str,
    pub authorization_config: EfsAuthorizationConfig,
}

/// `AuthorizationConfig` of an EFS volume.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EfsAuthorizationConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_point_id: Option<Value>,
    #[serde(rename = "IAM")]
    pub iam: &'static str,
}

/// A container's `MountPoints` entry.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MountPoint {
    pub source_volume: String,
    pub container_path: String,
    pub read_only: bool,
}

impl Properties for TaskDefinition {
    const TYPE: &'static str = "AWS::ECS::TaskDefinition";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuntimePlatform {
    pub cpu_architecture: String,
    pub operating_system_family: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerDefinition {
    pub name: String,
    pub image: Value,
    pub essential: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub port_mappings: Vec<PortMapping>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub environment: Vec<KeyValuePair>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
    pub log_configuration: LogConfiguration,
    pub readonly_root_filesystem: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linux_parameters: Option<LinuxParameters>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mount_points: Vec<MountPoint>,
    /// Only on a `FireLens` log router container.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firelens_configuration: Option<FirelensConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<i64>,
    /// Seconds between SIGTERM and SIGKILL when the task stops.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_timeout: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LinuxParameters {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<KernelCapabilities>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_process_enabled: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KernelCapabilities {
    pub drop: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FirelensConfiguration {
    /// `fluentbit` or `fluentd`.
    #[serde(rename = "Type")]
    pub type_name: &'static str,
    pub options: std::collections::BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortMapping {
    pub name: String,
    pub container_port: i64,
    pub protocol: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValuePair {
    pub name: String,
    pub value: Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Secret {
    pub name: String,
    pub value_from: Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheck {
    pub command: Vec<Value>,
    pub interval: i64,
    pub timeout: i64,
    pub retries: i64,
    pub start_period: i64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogConfiguration {
    pub log_driver: String,
    pub options: std::collections::BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Service {
    pub service_name: String,
    pub cluster: Value,
    pub task_definition: Value,
    /// `DAEMON` only (ECS defaults to `REPLICA`, which is left unwritten).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduling_strategy: Option<String>,
    /// `EC2` for a daemon: ECS rejects a capacity-provider strategy on one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    /// Unset for a daemon (one task per instance) and when Application Auto Scaling owns the
    /// count (a stack update then keeps it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub network_configuration: NetworkConfiguration,
    pub deployment_configuration: DeploymentConfiguration,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancers: Vec<LoadBalancer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_grace_period_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub placement_strategies: Vec<PlacementStrategy>,
    /// Cloud Map registrations of the service's tasks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_registries: Vec<ServiceRegistry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_connect_configuration: Option<ServiceConnectConfiguration>,
    #[serde(rename = "EnableECSManagedTags")]
    pub enable_ecs_managed_tags: bool,
    /// ECS Exec; written only when on.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub enable_execute_command: bool,
    pub propagate_tags: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Properties for Service {
    const TYPE: &'static str = "AWS::ECS::Service";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectDefaults {
    pub namespace: Value,
}

/// ECS Service Connect: the tasks' proxy resolves the namespace's client aliases; `services`
/// (empty for a client only) are the ports this service serves under its aliases.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectConfiguration {
    pub enabled: bool,
    pub namespace: Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceConnectService>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectService {
    /// A `PortMappings` name of the task definition.
    pub port_name: String,
    pub discovery_name: String,
    pub client_aliases: Vec<ServiceConnectClientAlias>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceConnectClientAlias {
    pub port: i64,
    pub dns_name: String,
}

/// One Cloud Map service the tasks register in (A records need no port).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceRegistry {
    pub registry_arn: Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkConfiguration {
    pub awsvpc_configuration: AwsvpcConfiguration,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsvpcConfiguration {
    pub subnets: Value,
    pub security_groups: Vec<Value>,
    pub assign_public_ip: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentConfiguration {
    /// `BLUE_GREEN`, `CANARY` or `LINEAR`; rolling (`ROLLING`, the ECS default) is left unwritten.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_healthy_percent: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_percent: Option<i64>,
    pub deployment_circuit_breaker: DeploymentCircuitBreaker,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alarms: Option<DeploymentAlarms>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bake_time_in_minutes: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary_configuration: Option<CanaryConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linear_configuration: Option<LinearConfiguration>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lifecycle_hooks: Vec<DeploymentLifecycleHook>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentCircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentAlarms {
    pub alarm_names: Vec<Value>,
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CanaryConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary_percent: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary_bake_time_in_minutes: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LinearConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_percent: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_bake_time_in_minutes: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentLifecycleHook {
    pub hook_target_arn: Value,
    pub role_arn: Value,
    pub lifecycle_stages: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancer {
    pub container_name: String,
    pub container_port: i64,
    pub target_group_arn: Value,
    /// Blue/green, canary and linear: the second target group and the rules ECS shifts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advanced_configuration: Option<AdvancedConfiguration>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdvancedConfiguration {
    pub alternate_target_group_arn: Value,
    pub production_listener_rule: Value,
    pub test_listener_rule: Value,
    pub role_arn: Value,
}

/// `PlacementConstraint` (the same shape on services, `RunTask` and `EcsParameters`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlacementConstraint {
    /// `distinctInstance` or `memberOf`.
    #[serde(rename = "Type")]
    pub kind: &'static str,
    /// The cluster query expression of a `memberOf` constraint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<Value>,
}

/// `PlacementStrategy`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlacementStrategy {
    /// `binpack`, `random` or `spread`.
    #[serde(rename = "Type")]
    pub kind: &'static str,
    /// `cpu`/`memory` for binpack; `instanceId`, `host` or an attribute for spread.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Value>,
}
