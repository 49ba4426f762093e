//! Service auto scaling (`scaling:` on a service): Application Auto Scaling of the service's
//! task count by target tracking, step policies on custom metrics and scheduled actions.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// Application Auto Scaling of a service's task count.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Scaling {
    /// Fewest tasks (0..5000).
    #[schemars(range(max = 5000))]
    pub min: u32,
    /// Most tasks (1..5000).
    #[schemars(range(min = 1, max = 5000))]
    pub max: u32,
    /// Target tracking: keep average CPU utilisation at this percent (1..100).
    #[schemars(range(min = 1, max = 100))]
    pub cpu: Option<u32>,
    /// Target tracking: keep average memory utilisation at this percent (1..100).
    #[schemars(range(min = 1, max = 100))]
    pub memory: Option<u32>,
    /// Target tracking: keep load-balancer requests per task per minute at this number (needs a
    /// `route`).
    #[schemars(range(min = 1, max = 1_000_000))]
    pub requests: Option<u32>,
    /// Target tracking on an SQS queue's backlog per task: the queue's visible messages divided
    /// by the service's running tasks (metric math over `AWS/SQS` and Container Insights), kept
    /// at `backlog-per-task`. Needs Container Insights and `min` of at least 1.
    pub queue: Option<QueueScaling>,
    /// Cooldowns of the target-tracking policies, in seconds.
    pub cooldown: Option<Cooldown>,
    /// IANA time zone of scheduled actions, e.g. `Asia/Shanghai` (default UTC).
    #[schemars(length(min = 1))]
    pub timezone: Option<String>,
    /// Scheduled actions by name: a window (`from`/`until`) or one action at `when`.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z0-9][a-z0-9-]*$"}))]
    #[schemars(extend(
        "x-values" = "One scheduled change of the bounds.",
        "x-names" = "A scheduled action name.",
    ))]
    pub schedule: BTreeMap<String, ScheduledScaling>,
    /// Step scaling policies by name, each on a CloudWatch metric with its own alarms.
    #[serde(default)]
    #[schemars(extend("propertyNames" = {"pattern": "^[a-z][a-z0-9-]{0,30}$"}))]
    #[schemars(extend("x-values" = "One step scaling policy.", "x-names" = "A step policy name."))]
    pub steps: BTreeMap<String, StepScaling>,
}

/// Target tracking on an SQS queue's backlog per task.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct QueueScaling {
    /// The queue, in this region and account: its name (`jobs-{{env}}`, `orders.fifo`) or its ARN
    /// (`arn:aws:sqs:REGION:ACCOUNT:NAME`).
    #[schemars(length(min = 1))]
    pub name: String,
    /// The messages one task should have waiting: tasks are added while the backlog per task is
    /// above it and removed while below (1..1000000).
    #[schemars(range(min = 1, max = 1_000_000))]
    pub backlog_per_task: u32,
}

impl QueueScaling {
    /// The queue's name: `name` itself, or the last part of an ARN.
    pub fn queue_name(&self) -> &str {
        if self.name.starts_with("arn:") {
            self.name.rsplit(':').next().unwrap_or(&self.name)
        } else {
            &self.name
        }
    }
}

/// Cooldowns of the target-tracking policies, in seconds.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Cooldown {
    /// Seconds after a scale-in before another scale-in (default 300).
    #[serde(rename = "in")]
    #[schemars(range(max = 86_400))]
    pub scale_in: Option<u32>,
    /// Seconds after a scale-out before another scale-out (default 300).
    #[serde(rename = "out")]
    #[schemars(range(max = 86_400))]
    pub scale_out: Option<u32>,
}

/// One scheduled change of the bounds: a window (`from`, `until`) or one action at `when`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ScheduledScaling {
    /// Window start, local time `YYYY-MM-DDTHH:MM[:SS]`: the bounds change to `min`/`max`.
    #[schemars(length(min = 1))]
    pub from: Option<String>,
    /// Window end, local time `YYYY-MM-DDTHH:MM[:SS]`: the bounds return to the service's
    /// `min`/`max`.
    #[schemars(length(min = 1))]
    pub until: Option<String>,
    /// When the action runs: `at(YYYY-MM-DDTHH:MM:SS)`, `cron(min hour day month weekday year)` or
    /// `rate(N unit)`.
    #[schemars(length(min = 1))]
    pub when: Option<String>,
    /// With `when`: the action is active from this time (UTC, `YYYY-MM-DDTHH:MM[:SS]`).
    #[schemars(length(min = 1))]
    pub start: Option<String>,
    /// With `when`: the action expires at this time (UTC, `YYYY-MM-DDTHH:MM[:SS]`).
    #[schemars(length(min = 1))]
    pub end: Option<String>,
    /// The new fewest tasks.
    #[schemars(range(max = 5000))]
    pub min: Option<u32>,
    /// The new most tasks.
    #[schemars(range(max = 5000))]
    pub max: Option<u32>,
    /// IANA time zone of this action (default: `scaling.timezone`, else UTC).
    #[schemars(length(min = 1))]
    pub timezone: Option<String>,
}

/// Step scaling on a CloudWatch metric: tasks are added above thresholds (`out`) and removed below
/// them (`in`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepScaling {
    /// The CloudWatch metric.
    pub metric: Metric,
    /// Seconds per evaluated data point: 10, 20, 30 or a multiple of 60 (default 60).
    #[serde(default = "default_period")]
    #[schemars(range(min = 10, max = 86_400))]
    pub period: u32,
    /// Data points that must cross a threshold before the alarm fires (default 1).
    #[serde(default = "default_periods")]
    #[schemars(range(min = 1, max = 100))]
    pub periods: u32,
    /// Seconds after a step before another step of the same policy.
    #[schemars(range(max = 86_400))]
    pub cooldown: Option<u32>,
    /// Scale-out steps: add tasks while the metric is at or above a threshold.
    #[serde(default)]
    #[schemars(length(min = 1, max = 20))]
    #[schemars(extend("x-items" = "One step."))]
    pub out: Vec<StepOut>,
    /// Scale-in steps: remove tasks while the metric is at or below a threshold.
    #[serde(default, rename = "in")]
    #[schemars(length(min = 1, max = 20))]
    #[schemars(extend("x-items" = "One step."))]
    pub scale_in: Vec<StepIn>,
}

const fn default_period() -> u32 {
    60
}

const fn default_periods() -> u32 {
    1
}

/// The CloudWatch metric.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Metric {
    /// The metric namespace, e.g. `Bazaar/Orders`.
    #[schemars(length(min = 1))]
    pub namespace: String,
    /// The metric name, e.g. `QueueDepth`.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Metric dimensions (name: value), at most 30.
    #[serde(default)]
    #[schemars(extend("maxProperties" = 30, "additionalProperties" = {"type": "string", "minLength": 1}))]
    #[schemars(extend("x-values" = "A dimension value."))]
    pub dimensions: BTreeMap<String, String>,
    /// The statistic the alarms evaluate (default Average).
    #[serde(default)]
    pub statistic: Statistic,
}

/// The statistic the alarms evaluate (default Average).
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

/// One step.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepOut {
    /// The threshold.
    pub above: f64,
    /// Tasks to add.
    #[schemars(range(min = 1, max = 5000))]
    pub add: u32,
}

/// One step.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StepIn {
    /// The threshold.
    pub below: f64,
    /// Tasks to remove.
    #[schemars(range(min = 1, max = 5000))]
    pub remove: u32,
}
