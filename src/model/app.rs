//! App-level blueprint types: the file header, environments, cluster capacity and ingress.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Job, Service};

/// One blueprint file as written. An app file carries `environments`; a service file only
/// `services`. Files of one app are merged by `check`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AppFile {
    #[schemars(schema_with = "super::schema::version")]
    pub blueprint: u32,
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]{0,19}$"))]
    pub app: String,
    #[serde(default)]
    #[schemars(inner(length(min = 1)))]
    pub include: Vec<String>,
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
    #[schemars(length(min = 1))]
    pub tag: Option<String>,
    #[serde(default)]
    #[schemars(extend("maxProperties" = 40, "propertyNames" = {"minLength": 1, "maxLength": 128}, "additionalProperties" = {"type": "string", "maxLength": 256}))]
    pub tags: BTreeMap<String, String>,
    #[schemars(extend("minProperties" = 1, "propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,15}$"}))]
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
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,62}$"}))]
    pub config: BTreeMap<String, super::ConfigValue>,
    /// CI/CD: CodePipeline V2 and CodeBuild (none when absent).
    pub pipeline: Option<super::Pipeline>,
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    pub services: BTreeMap<String, Service>,
    /// Run-once and scheduled tasks, in app and service files like `services`.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    pub jobs: BTreeMap<String, Job>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Environment {
    pub regions: Vec<String>,
    #[schemars(regex(pattern = r"^[0-9]{12}$"))]
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
    #[schemars(schema_with = "super::schema::events")]
    pub events: super::Events,
    /// A `CloudTrail` trail.
    #[serde(default)]
    pub audit: super::Audit,
    /// Region → a partial app merged over the app in that region (any value per region).
    #[serde(default)]
    #[schemars(schema_with = "super::schema::overrides")]
    pub overrides: super::RegionOverrides,
    /// Also emit a StackSet per stack that copies it to the environment's regions.
    pub stackset: Option<super::StackSetOptions>,
    /// Central configuration of this environment (overrides the app's `config`).
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,62}$"}))]
    pub config: BTreeMap<String, super::ConfigValue>,
}

/// How Route 53 picks a region for the environment's global name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RoutingPolicy {
    Latency,
    Failover,
    Weighted,
}

/// A global name: alias records of one name, one per region, in an existing hosted zone.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct GlobalName {
    /// The hosted zone ID (`Z…`).
    #[schemars(regex(pattern = r"^Z[A-Z0-9]{1,31}$"))]
    pub zone: String,
    /// The record name, e.g. `api.shop.example.com`.
    #[schemars(length(min = 1, max = 253), regex(pattern = r"^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$"))]
    pub name: String,
    pub policy: RoutingPolicy,
    /// Weighted: a weight 0–255 per region.
    #[serde(default)]
    #[schemars(extend("additionalProperties" = {"type": "integer", "minimum": 0, "maximum": 255}))]
    pub weights: BTreeMap<String, u32>,
    /// Failover: the primary region (the other one is secondary).
    #[schemars(length(min = 1))]
    pub primary: Option<String>,
}

/// A network is created (the default) or imported per region.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Network {
    #[serde(default = "default_cidr")]
    pub cidr: String,
    #[serde(default = "default_azs")]
    #[schemars(range(min = 2, max = 6))]
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Nat {
    None,
    #[default]
    Single,
    PerAz,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ImportedNetwork {
    #[schemars(regex(pattern = r"^vpc-[0-9a-f]{8,17}$"))]
    pub vpc: String,
    #[schemars(inner(regex(pattern = r"^subnet-[0-9a-f]{8,17}$")))]
    pub public: Vec<String>,
    #[schemars(inner(regex(pattern = r"^subnet-[0-9a-f]{8,17}$")))]
    pub private: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Cluster {
    #[serde(default)]
    pub insights: Insights,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::capacity")]
    pub capacity: BTreeMap<String, Capacity>,
    pub default: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Capacity {
    Ec2(Ec2Capacity),
    Fargate(FargateCapacity),
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FargateCapacity {
    #[schemars(range(max = 100_000))]
    pub base: Option<u32>,
    #[schemars(range(max = 1000))]
    pub weight: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Ec2Capacity {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9-]*\.[a-z0-9]+$"))]
    pub instance: String,
    #[serde(default = "default_arch")]
    #[schemars(extend("enum" = ["x86_64", "arm64"]))]
    pub arch: String,
    #[serde(default)]
    #[schemars(range(max = 10_000))]
    pub min: u32,
    #[schemars(range(min = 1, max = 10_000))]
    pub max: u32,
    /// Auto Scaling group desired size at creation.
    #[schemars(range(max = 10_000))]
    pub desired: Option<u32>,
    #[serde(default = "default_target")]
    #[schemars(range(min = 1, max = 100))]
    pub target: u32,
    /// Managed scaling: fewest instances added or removed at once.
    #[schemars(range(min = 1, max = 10_000))]
    pub min_step: Option<u32>,
    /// Managed scaling: most instances added or removed at once.
    #[schemars(range(min = 1, max = 10_000))]
    pub max_step: Option<u32>,
    /// Managed scaling: seconds a new instance warms up before it counts.
    #[schemars(range(max = 10_000))]
    pub warmup: Option<u32>,
    /// Managed termination protection: ECS keeps instances with tasks from scale-in.
    #[serde(default)]
    pub termination_protection: bool,
    #[serde(default = "default_volume")]
    #[schemars(range(min = 30, max = 16_384))]
    pub volume: u32,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    #[schemars(range(max = 100_000))]
    pub base: Option<u32>,
    #[schemars(range(max = 1000))]
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

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Ingress {
    #[serde(default = "default_true")]
    pub public: bool,
    #[schemars(length(min = 1))]
    pub domain: Option<String>,
    #[schemars(extend("minLength" = 1, "additionalProperties" = {"type": "string", "minLength": 1}))]
    pub certificate: Option<PerRegion<String>>,
    #[serde(default = "default_idle")]
    #[schemars(range(min = 1, max = 4000))]
    pub idle_timeout: u32,
    /// IPv4 blocks admitted on the test listener of traffic-shifting deployments; `None` for
    /// the VPC only (the RFC 1918 ranges in an imported network).
    #[schemars(length(min = 1), extend("uniqueItems" = true), inner(length(min = 1)))]
    pub test_clients: Option<Vec<String>>,
}

const fn default_true() -> bool {
    true
}

const fn default_idle() -> u32 {
    60
}

/// A value that is either the same everywhere or given per region.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(inline, transform = super::schema::by_type)]
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
    /// The app as merged with an environment's `overrides` for one region: (environment,
    /// region) → that app. Only targets with overrides have an entry; see [`App::for_target`].
    pub regional: BTreeMap<(String, String), App>,
    /// Which file defined what (for the pipelines' triggers).
    pub files: super::SourceFiles,
}

impl App {
    /// The app as it deploys to `env` × `region`: with that region's overrides merged in.
    pub fn for_target(&self, env: &str, region: &str) -> &Self {
        self.regional
            .get(&(env.to_owned(), region.to_owned()))
            .unwrap_or(self)
    }
}

impl App {
    /// The configuration of environment `env`: the app's, overridden by the environment's.
    pub fn config_of(&self, env: &Environment) -> BTreeMap<String, super::ConfigValue> {
        let mut config = self.config.clone();
        config.extend(env.config.clone());
        config
    }
}
