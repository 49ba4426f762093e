//! Service auto scaling (`scaling:` on a service): Application Auto Scaling of the service's
//! task count by target tracking, step policies on custom metrics and scheduled actions.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Scaling {
    /// Fewest tasks.
    pub min: u32,
    /// Most tasks.
    pub max: u32,
    /// Target average CPU utilisation, percent.
    pub cpu: Option<u32>,
    /// Target average memory utilisation, percent.
    pub memory: Option<u32>,
    /// Target load-balancer requests per task per minute.
    pub requests: Option<u32>,
    /// Cooldowns of the target-tracking policies.
    pub cooldown: Option<Cooldown>,
    /// Default IANA time zone of scheduled actions.
    pub timezone: Option<String>,
    #[serde(default)]
    pub schedule: BTreeMap<String, ScheduledScaling>,
    #[serde(default)]
    pub steps: BTreeMap<String, StepScaling>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Cooldown {
    /// Seconds after a scale-in before the next scale-in.
    #[serde(rename = "in")]
    pub scale_in: Option<u32>,
    /// Seconds after a scale-out before the next scale-out.
    #[serde(rename = "out")]
    pub scale_out: Option<u32>,
}

/// A scheduled change of the bounds: a window (`from`/`until`, raised then restored to the
/// service's `min`/`max`) or one action at `when` (`at(…)`, `cron(…)` or `rate(…)`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ScheduledScaling {
    pub from: Option<String>,
    pub until: Option<String>,
    pub when: Option<String>,
    /// First time a recurring action may run (UTC).
    pub start: Option<String>,
    /// Last time a recurring action may run (UTC).
    pub end: Option<String>,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub timezone: Option<String>,
}

/// Step scaling on a CloudWatch metric: alarms above (`out`) and below (`in`) thresholds.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepScaling {
    pub metric: Metric,
    #[serde(default = "default_period")]
    pub period: u32,
    #[serde(default = "default_periods")]
    pub periods: u32,
    pub cooldown: Option<u32>,
    #[serde(default)]
    pub out: Vec<StepOut>,
    #[serde(default, rename = "in")]
    pub scale_in: Vec<StepIn>,
}

const fn default_period() -> u32 {
    60
}

const fn default_periods() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Metric {
    pub namespace: String,
    pub name: String,
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
    #[serde(default)]
    pub statistic: Statistic,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepOut {
    pub above: f64,
    pub add: u32,
}

/// Remove `remove` tasks while the metric is at or below `below`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepIn {
    pub below: f64,
    pub remove: u32,
}
