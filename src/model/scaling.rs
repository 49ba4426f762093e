//! Service auto scaling (`scaling:` on a service): Application Auto Scaling of the service's
//! task count by target tracking, step policies on custom metrics and scheduled actions.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Scaling {
    /// Fewest tasks.
    #[schemars(range(max = 5000))]
    pub min: u32,
    /// Most tasks.
    #[schemars(range(min = 1, max = 5000))]
    pub max: u32,
    /// Target average CPU utilisation, percent.
    #[schemars(range(min = 1, max = 100))]
    pub cpu: Option<u32>,
    /// Target average memory utilisation, percent.
    #[schemars(range(min = 1, max = 100))]
    pub memory: Option<u32>,
    /// Target load-balancer requests per task per minute.
    #[schemars(range(min = 1, max = 1_000_000))]
    pub requests: Option<u32>,
    /// Cooldowns of the target-tracking policies.
    pub cooldown: Option<Cooldown>,
    /// Default IANA time zone of scheduled actions.
    #[schemars(length(min = 1))]
    pub timezone: Option<String>,
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z0-9][a-z0-9-]*$"}))]
    pub schedule: BTreeMap<String, ScheduledScaling>,
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    pub steps: BTreeMap<String, StepScaling>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Cooldown {
    /// Seconds after a scale-in before the next scale-in.
    #[serde(rename = "in")]
    #[schemars(range(max = 86_400))]
    pub scale_in: Option<u32>,
    /// Seconds after a scale-out before the next scale-out.
    #[serde(rename = "out")]
    #[schemars(range(max = 86_400))]
    pub scale_out: Option<u32>,
}

/// A scheduled change of the bounds: a window (`from`/`until`, raised then restored to the
/// service's `min`/`max`) or one action at `when` (`at(…)`, `cron(…)` or `rate(…)`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ScheduledScaling {
    #[schemars(length(min = 1))]
    pub from: Option<String>,
    #[schemars(length(min = 1))]
    pub until: Option<String>,
    #[schemars(length(min = 1))]
    pub when: Option<String>,
    /// First time a recurring action may run (UTC).
    #[schemars(length(min = 1))]
    pub start: Option<String>,
    /// Last time a recurring action may run (UTC).
    #[schemars(length(min = 1))]
    pub end: Option<String>,
    #[schemars(range(max = 5000))]
    pub min: Option<u32>,
    #[schemars(range(max = 5000))]
    pub max: Option<u32>,
    #[schemars(length(min = 1))]
    pub timezone: Option<String>,
}

/// Step scaling on a CloudWatch metric: alarms above (`out`) and below (`in`) thresholds.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepScaling {
    pub metric: Metric,
    #[serde(default = "default_period")]
    #[schemars(range(min = 10, max = 86_400))]
    pub period: u32,
    #[serde(default = "default_periods")]
    #[schemars(range(min = 1, max = 100))]
    pub periods: u32,
    #[schemars(range(max = 86_400))]
    pub cooldown: Option<u32>,
    #[serde(default)]
    #[schemars(length(min = 1, max = 20))]
    pub out: Vec<StepOut>,
    #[serde(default, rename = "in")]
    #[schemars(length(min = 1, max = 20))]
    pub scale_in: Vec<StepIn>,
}

const fn default_period() -> u32 {
    60
}

const fn default_periods() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Metric {
    #[schemars(length(min = 1))]
    pub namespace: String,
    #[schemars(length(min = 1))]
    pub name: String,
    #[serde(default)]
    #[schemars(extend("maxProperties" = 30, "additionalProperties" = {"type": "string", "minLength": 1}))]
    pub dimensions: BTreeMap<String, String>,
    #[serde(default)]
    pub statistic: Statistic,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Statistic {
    #[default]
    Average,
    Sum,
    Minimum,
    Maximum,
    SampleCount,
}

impl Statistic {
    pub const fn name(self) -> &'static str {
        match self {
            Self::Average => "Average",
            Self::Sum => "Sum",
            Self::Minimum => "Minimum",
            Self::Maximum => "Maximum",
            Self::SampleCount => "SampleCount",
        }
    }
}

/// Add `add` tasks while the metric is at or above `above`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepOut {
    pub above: f64,
    #[schemars(range(min = 1, max = 5000))]
    pub add: u32,
}

/// Remove `remove` tasks while the metric is at or below `below`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepIn {
    pub below: f64,
    #[schemars(range(min = 1, max = 5000))]
    pub remove: u32,
}
