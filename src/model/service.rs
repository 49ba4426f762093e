//! Service-level blueprint types.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::deploy::{Deploy, Scheduling};

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Service {
    // Short form: a single container named `app`.
    #[schemars(length(min = 1))]
    pub image: Option<String>,
    #[schemars(range(min = 1))]
    pub port: Option<u16>,
    pub command: Option<Vec<String>>,
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    pub env: Option<BTreeMap<String, String>>,
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    pub secrets: Option<BTreeMap<String, String>>,
    pub health: Option<HealthCheck>,
    // Long form.
    #[schemars(extend("minProperties" = 1, "propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    pub containers: Option<BTreeMap<String, Container>>,

    #[schemars(range(min = 128, max = 16_384))]
    pub cpu: u32,
    #[schemars(range(min = 128, max = 122_880))]
    pub memory: u32,
    #[serde(default = "default_count")]
    #[schemars(range(max = 5000))]
    pub count: u32,
    #[schemars(extend("minLength" = 1, "minItems" = 1, "maxItems" = 6))]
    pub capacity: Option<CapacityChoice>,
    #[serde(default)]
    pub public_ip: bool,
    pub route: Option<Route>,
    #[schemars(range(max = 2_147_483_647))]
    pub grace: Option<u32>,
    #[serde(default)]
    pub permissions: Vec<Permission>,
    #[serde(default)]
    pub logs: Logs,
    /// Application Auto Scaling of the task count (then `count` is not emitted).
    pub scaling: Option<super::Scaling>,
    /// How new revisions roll out.
    #[serde(default)]
    pub deploy: Deploy,
    #[serde(default)]
    pub scheduling: Scheduling,
    /// Where tasks go on EC2 capacity: placement constraints and strategies.
    pub placement: Option<super::Placement>,
    /// `false` keeps the service out of the app's service discovery (registered when absent).
    pub discovery: Option<bool>,
    /// Services this one connects to: each opens its container ports to this service's tasks.
    #[serde(default)]
    #[schemars(inner(regex(pattern = r"^[a-z][a-z0-9-]{0,30}$")))]
    pub calls: Vec<String>,
    /// Alarm overrides (`false`: no alarms for this service).
    pub alarms: Option<super::ServiceAlarms>,
    /// The CloudWatch namespace the task role may publish custom metrics to.
    pub metrics: Option<super::Metrics>,
    /// Short form: environment variables from central configuration (variable → config name).
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    pub config: Option<BTreeMap<String, String>>,
}

impl Service {
    /// Whether the service registers in the app's service discovery.
    pub fn discoverable(&self, app_discovery: Option<super::Discovery>) -> bool {
        app_discovery.is_some() && self.discovery != Some(false)
    }

    /// The container ports of the service, in container-name order (the short form's `port`
    /// first), without duplicates.
    pub fn ports(&self) -> Vec<u16> {
        let mut ports: Vec<u16> = self.port.into_iter().collect();
        for c in self.containers.iter().flat_map(|m| m.values()) {
            if let Some(p) = c.port.filter(|p| !ports.contains(p)) {
                ports.push(p);
            }
        }
        ports
    }
}

const fn default_count() -> u32 {
    1
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Container {
    #[schemars(length(min = 1))]
    pub image: String,
    #[schemars(range(min = 1))]
    pub port: Option<u16>,
    #[serde(default = "default_true")]
    pub essential: bool,
    #[schemars(range(max = 16_384))]
    pub cpu: Option<u32>,
    #[schemars(range(min = 6, max = 122_880))]
    pub memory: Option<u32>,
    pub command: Option<Vec<String>>,
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    pub env: BTreeMap<String, String>,
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    pub secrets: BTreeMap<String, String>,
    /// Environment variables from central configuration (variable → config name).
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    pub config: BTreeMap<String, String>,
    pub health: Option<HealthCheck>,
}

const fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HealthCheck {
    pub command: StringOrList,
    #[serde(default = "default_interval")]
    #[schemars(range(min = 5, max = 300))]
    pub interval: u32,
    #[serde(default = "default_timeout")]
    #[schemars(range(min = 2, max = 60))]
    pub timeout: u32,
    #[serde(default = "default_retries")]
    #[schemars(range(min = 1, max = 10))]
    pub retries: u32,
    #[serde(default)]
    #[schemars(range(max = 300))]
    pub start_period: u32,
}

const fn default_interval() -> u32 {
    30
}
const fn default_timeout() -> u32 {
    5
}
const fn default_retries() -> u32 {
    3
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(inline, transform = super::schema::by_type, extend("minItems" = 1))]
pub enum StringOrList {
    One(String),
    Many(Vec<String>),
}

impl StringOrList {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Self::One(s) => vec![s.clone()],
            Self::Many(v) => v.clone(),
        }
    }
}

/// One capacity name, or an explicit capacity-provider strategy.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(inline, transform = super::schema::by_type)]
pub enum CapacityChoice {
    Name(String),
    Strategy(Vec<StrategyItem>),
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StrategyItem {
    #[schemars(length(min = 1))]
    pub provider: String,
    #[schemars(range(max = 100_000))]
    pub base: Option<u32>,
    #[schemars(range(max = 1000))]
    pub weight: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Route {
    pub path: Option<StringOrList>,
    pub host: Option<StringOrList>,
    #[serde(default = "default_health_path")]
    #[schemars(regex(pattern = "^/"), length(min = 1, max = 1024))]
    pub health: String,
    #[schemars(range(min = 1, max = 50_000))]
    pub priority: Option<u32>,
    pub container: Option<String>,
}

fn default_health_path() -> String {
    "/".to_owned()
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Permission {
    #[schemars(length(min = 1), inner(regex(pattern = r"^[a-z0-9-]+:[A-Za-z0-9*]+$|^\*$")))]
    pub allow: Vec<String>,
    pub on: StringOrList,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Logs {
    #[serde(default = "default_retention")]
    #[schemars(range(min = 1, max = 100_000))]
    pub retention: u32,
    /// A KMS key ARN for the log group (overrides the environment's `logs.kms-key`).
    #[schemars(length(min = 1, max = 2048))]
    pub kms_key: Option<String>,
    /// How containers ship their logs: `awslogs` (default) or a `FireLens` router sidecar.
    #[serde(default)]
    pub driver: LogDriver,
    /// `false` keeps the log group out of the environment's log analytics.
    #[serde(default = "default_true")]
    pub analytics: bool,
}

impl Default for Logs {
    fn default() -> Self {
        Self {
            retention: default_retention(),
            kms_key: None,
            driver: LogDriver::default(),
            analytics: true,
        }
    }
}

/// The log driver of a workload's containers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LogDriver {
    /// The `awslogs` driver straight to the log group.
    #[default]
    Awslogs,
    /// `awsfirelens`: an AWS for Fluent Bit router container forwards to the log group.
    Firelens,
}

const fn default_retention() -> u32 {
    30
}
