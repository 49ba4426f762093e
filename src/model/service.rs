//! Service-level blueprint types.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::deploy::{Deploy, Scheduling};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Service {
    // Short form: a single container named `app`.
    pub image: Option<String>,
    pub port: Option<u16>,
    pub command: Option<Vec<String>>,
    pub env: Option<BTreeMap<String, String>>,
    pub secrets: Option<BTreeMap<String, String>>,
    pub health: Option<HealthCheck>,
    // Long form.
    pub containers: Option<BTreeMap<String, Container>>,

    pub cpu: u32,
    pub memory: u32,
    #[serde(default = "default_count")]
    pub count: u32,
    pub capacity: Option<CapacityChoice>,
    #[serde(default)]
    pub public_ip: bool,
    pub route: Option<Route>,
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
    pub calls: Vec<String>,
    /// Alarm overrides (`false`: no alarms for this service).
    pub alarms: Option<super::ServiceAlarms>,
    /// The CloudWatch namespace the task role may publish custom metrics to.
    pub metrics: Option<super::Metrics>,
    /// Short form: environment variables from central configuration (variable → config name).
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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Container {
    pub image: String,
    pub port: Option<u16>,
    #[serde(default = "default_true")]
    pub essential: bool,
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub command: Option<Vec<String>>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    #[serde(default)]
    pub secrets: BTreeMap<String, String>,
    /// Environment variables from central configuration (variable → config name).
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    pub health: Option<HealthCheck>,
}

const fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HealthCheck {
    pub command: StringOrList,
    #[serde(default = "default_interval")]
    pub interval: u32,
    #[serde(default = "default_timeout")]
    pub timeout: u32,
    #[serde(default = "default_retries")]
    pub retries: u32,
    #[serde(default)]
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

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CapacityChoice {
    Name(String),
    Strategy(Vec<StrategyItem>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StrategyItem {
    pub provider: String,
    pub base: Option<u32>,
    pub weight: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Route {
    pub path: Option<StringOrList>,
    pub host: Option<StringOrList>,
    #[serde(default = "default_health_path")]
    pub health: String,
    pub priority: Option<u32>,
    pub container: Option<String>,
}

fn default_health_path() -> String {
    "/".to_owned()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Permission {
    pub allow: Vec<String>,
    pub on: StringOrList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Logs {
    #[serde(default = "default_retention")]
    pub retention: u32,
    /// A KMS key ARN for the log group (overrides the environment's `logs.kms-key`).
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
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
