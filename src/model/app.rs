//! App-level blueprint types: the file header, environments, cluster capacity and ingress.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Job, Service};

/// One blueprint file as written. An app file carries `environments`; a service file only
/// `services`. Files of one app are merged by `check`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AppFile {
    pub blueprint: u32,
    pub app: String,
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
    pub tag: Option<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    pub environments: Option<BTreeMap<String, Environment>>,
    pub cluster: Option<Cluster>,
    pub ingress: Option<Ingress>,
    /// Service discovery for the app's services (off when absent).
    pub discovery: Option<super::Discovery>,
    /// Default alarms of every service and the alarm topic's subscriptions.
    pub alarms: Option<super::Alarms>,
    /// One CloudWatch dashboard per environment × region.
    #[serde(default)]
    pub dashboard: bool,
    /// Central configuration shared by every environment (an environment's `config` wins).
    #[serde(default)]
    pub config: BTreeMap<String, super::ConfigValue>,
    /// CI/CD: CodePipeline V2 and CodeBuild (none when absent).
    pub pipeline: Option<super::Pipeline>,
    #[serde(default)]
    pub services: BTreeMap<String, Service>,
    /// Run-once and scheduled tasks, in app and service files like `services`.
    #[serde(default)]
    pub jobs: BTreeMap<String, Job>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Environment {
    pub regions: Vec<String>,
    pub account: Option<String>,
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
    /// Per-region variables (region → name → value), overriding `vars` in that region: the way
    /// to give any string value a per-region form.
    #[serde(default)]
    pub region_vars: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub network: Network,
    /// One DNS name across the environment's regions (Route 53 records on each region's load
    /// balancer).
    pub global: Option<GlobalName>,
    /// Log encryption and analytics for every service of the environment.
    #[serde(default)]
    pub logs: super::EnvironmentLogs,
    /// `EventBridge` rules on the cluster's ECS events.
    #[serde(default)]
    pub events: super::Events,
    /// A `CloudTrail` trail.
    #[serde(default)]
    pub audit: super::Audit,
    /// Region → a partial app merged over the app in that region (any value per region).
    #[serde(default)]
    pub overrides: super::RegionOverrides,
    /// Also emit a StackSet per stack that copies it to the environment's regions.
    pub stackset: Option<super::StackSetOptions>,
    /// Central configuration of this environment (overrides the app's `config`).
    #[serde(default)]
    pub config: BTreeMap<String, super::ConfigValue>,
}

/// How Route 53 picks a region for the environment's global name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoutingPolicy {
    Latency,
    Failover,
    Weighted,
}

/// A global name: alias records of one name, one per region, in an existing hosted zone.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct GlobalName {
    /// The hosted zone ID (`Z…`).
    pub zone: String,
    /// The record name, e.g. `api.shop.example.com`.
    pub name: String,
    pub policy: RoutingPolicy,
    /// Weighted: a weight 0–255 per region.
    #[serde(default)]
    pub weights: BTreeMap<String, u32>,
    /// Failover: the primary region (the other one is secondary).
    pub primary: Option<String>,
}

/// A network is created (the default) or imported per region.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Network {
    #[serde(default = "default_cidr")]
    pub cidr: String,
    #[serde(default = "default_azs")]
    pub azs: u8,
    #[serde(default)]
    pub nat: Nat,
    pub import: Option<BTreeMap<String, ImportedNetwork>>,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            cidr: default_cidr(),
            azs: default_azs(),
            nat: Nat::default(),
            import: None,
        }
    }
}

fn default_cidr() -> String {
    "10.0.0.0/16".to_owned()
}

const fn default_azs() -> u8 {
    2
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nat {
    None,
    #[default]
    Single,
    PerAz,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ImportedNetwork {
    pub vpc: String,
    pub public: Vec<String>,
    pub private: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Cluster {
    #[serde(default)]
    pub insights: Insights,
    #[serde(default)]
    pub capacity: BTreeMap<String, Capacity>,
    pub default: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Insights {
    #[default]
    Enabled,
    Enhanced,
    Disabled,
}

/// `fargate` and `spot` name the Fargate providers; any other name is an EC2 Auto Scaling group.
/// The schema decides which shape a name may take; serde tries EC2 first because it has the
/// required `instance` key.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Capacity {
    Ec2(Ec2Capacity),
    Fargate(FargateCapacity),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FargateCapacity {
    pub base: Option<u32>,
    pub weight: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Ec2Capacity {
    pub instance: String,
    #[serde(default = "default_arch")]
    pub arch: String,
    #[serde(default)]
    pub min: u32,
    pub max: u32,
    /// Auto Scaling group desired size at creation.
    pub desired: Option<u32>,
    #[serde(default = "default_target")]
    pub target: u32,
    /// Managed scaling: fewest instances added or removed at once.
    pub min_step: Option<u32>,
    /// Managed scaling: most instances added or removed at once.
    pub max_step: Option<u32>,
    /// Managed scaling: seconds a new instance warms up before it counts.
    pub warmup: Option<u32>,
    /// Managed termination protection: ECS keeps instances with tasks from scale-in.
    #[serde(default)]
    pub termination_protection: bool,
    #[serde(default = "default_volume")]
    pub volume: u32,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    pub base: Option<u32>,
    pub weight: Option<u32>,
}

fn default_arch() -> String {
    "x86_64".to_owned()
}

const fn default_target() -> u32 {
    100
}

const fn default_volume() -> u32 {
    30
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Ingress {
    #[serde(default = "default_true")]
    pub public: bool,
    pub domain: Option<String>,
    pub certificate: Option<PerRegion<String>>,
    #[serde(default = "default_idle")]
    pub idle_timeout: u32,
    /// IPv4 blocks admitted on the test listener of traffic-shifting deployments; `None` for
    /// the VPC only (the RFC 1918 ranges in an imported network).
    pub test_clients: Option<Vec<String>>,
}

const fn default_true() -> bool {
    true
}

const fn default_idle() -> u32 {
    60
}

/// A value that is either the same everywhere or given per region.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum PerRegion<T> {
    All(T),
    Map(BTreeMap<String, T>),
}

impl<T> PerRegion<T> {
    /// The value for `region`, if any.
    pub fn get(&self, region: &str) -> Option<&T> {
        match self {
            Self::All(v) => Some(v),
            Self::Map(m) => m.get(region),
        }
    }
}

/// One app after its files are merged: the app file's settings plus every service, from
/// whichever file defined it. Built by `check`, which also records where each part came from.
#[derive(Debug, Clone)]
pub struct App {
    pub name: String,
    pub vars: BTreeMap<String, String>,
    pub tag: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub environments: BTreeMap<String, Environment>,
    pub cluster: Cluster,
    pub ingress: Option<Ingress>,
    pub discovery: Option<super::Discovery>,
    pub alarms: Option<super::Alarms>,
    pub dashboard: bool,
    pub config: BTreeMap<String, super::ConfigValue>,
    pub pipeline: Option<super::Pipeline>,
    pub services: BTreeMap<String, Service>,
    pub jobs: BTreeMap<String, Job>,
    /// Which file defined what (for the pipelines' triggers).
    pub files: super::SourceFiles,
}

impl App {
    /// The configuration of environment `env`: the app's, overridden by the environment's.
    pub fn config_of(&self, env: &Environment) -> BTreeMap<String, super::ConfigValue> {
        let mut config = self.config.clone();
        config.extend(env.config.clone());
        config
    }
}
