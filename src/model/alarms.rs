//! Alarms, the alarm topic and custom metrics (`alarms:`, `metrics:`).

use schemars::JsonSchema;
use serde::Deserialize;

/// Per-service CloudWatch alarms, sent to one SNS topic `{app}-{env}-alarms` per environment ×
/// region (KMS-encrypted with a key of its own): these are the defaults of every service; a
/// service's `alarms` overrides them. Without `alarms` at app or service level no alarm or topic is
/// created.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Alarms {
    /// Subscriptions to the alarm topic: email addresses, or `https://` endpoints (interpolated, so
    /// `{{oncall}}` can differ per environment).
    #[serde(default)]
    #[schemars(inner(length(min = 1)))]
    #[schemars(extend("x-items" = "An email address or an `https://` URL."))]
    pub notify: Vec<String>,
    /// The service-health alarms (`tasks`, `errors`, `latency`, `unhealthy`) roll back an ECS
    /// deployment that sets them off (added to `deploy.alarms`).
    pub rollback: Option<bool>,
    /// Average CPU utilisation of the service (AWS/ECS `CPUUtilization`, default 80 % for 5
    /// minutes): `false` (off), `true` (defaults), a threshold in percent, or `{threshold,
    /// periods}`.
    pub cpu: Option<AlarmSetting>,
    /// Average memory utilisation of the service (AWS/ECS `MemoryUtilization`, default 80 % for 5
    /// minutes): `false` (off), `true` (defaults), a threshold in percent, or `{threshold,
    /// periods}`.
    pub memory: Option<AlarmSetting>,
    /// Running tasks below the desired count (Container Insights `DesiredTaskCount −
    /// RunningTaskCount`, default more than 0 for 5 minutes; needs `cluster.insights`): `false`
    /// (off), `true` (defaults), a threshold in tasks missing, or `{threshold, periods}`.
    pub tasks: Option<AlarmSetting>,
    /// Target 5xx responses as a percentage of the target group's requests (default 5 % for 3
    /// minutes; needs a `route`): `false` (off), `true` (defaults), a threshold in percent, or
    /// `{threshold, periods}`.
    pub errors: Option<AlarmSetting>,
    /// p99 target response time (`TargetResponseTime`, default 2 s for 5 minutes; needs a `route`):
    /// `false` (off), `true` (defaults), a threshold in seconds, or `{threshold, periods}`.
    pub latency: Option<AlarmSetting>,
    /// Unhealthy targets in the service's target group (default more than 0 for 3 minutes; needs a
    /// `route`): `false` (off), `true` (defaults), a threshold in targets, or `{threshold,
    /// periods}`.
    pub unhealthy: Option<AlarmSetting>,
}

/// This service's alarms: `false` for none, or overrides of the app's `alarms` (each key `false`,
/// `true`, a threshold or `{threshold, periods}`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum ServiceAlarms {
    /// `false`: no alarms for this service; `true`: the app's defaults.
    Switch(bool),
    /// Overrides of the app's alarms.
    #[schemars(schema_with = "super::schema::service_alarms")]
    Set(Alarms),
}

/// Average CPU utilisation of the service (AWS/ECS `CPUUtilization`, default 80 % for 5 minutes):
/// `false` (off), `true` (defaults), a threshold in percent, or `{threshold, periods}`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum AlarmSetting {
    /// `true`: the default threshold and periods; `false`: no such alarm.
    Switch(bool),
    /// The threshold: percent for `cpu`, `memory` and `errors`, seconds for `latency`, tasks
    /// missing for `tasks`, targets for `unhealthy`.
    #[schemars(extend("minimum" = 0))]
    Threshold(f64),
    Full(AlarmDetail),
}

/// Threshold and periods.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AlarmDetail {
    /// The threshold: percent for `cpu`, `memory` and `errors`, seconds for `latency`, tasks
    /// missing for `tasks`, targets for `unhealthy`.
    #[schemars(range(min = 0))]
    pub threshold: Option<f64>,
    /// Consecutive one-minute periods over the threshold before the alarm fires (1–1440).
    #[schemars(range(min = 1, max = 1440))]
    pub periods: Option<u32>,
}

/// The alarms fleetform generates, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AlarmKind {
    Cpu,
    Memory,
    Tasks,
    Errors,
    Latency,
    Unhealthy,
}

impl AlarmKind {
    pub const ALL: [Self; 6] = [
        Self::Cpu,
        Self::Memory,
        Self::Tasks,
        Self::Errors,
        Self::Latency,
        Self::Unhealthy,
    ];

    /// The blueprint key and alarm-name suffix.
    pub const fn key(self) -> &'static str {
        match self {
            Self::Cpu => "cpu",
            Self::Memory => "memory",
            Self::Tasks => "tasks",
            Self::Errors => "errors",
            Self::Latency => "latency",
            Self::Unhealthy => "unhealthy",
        }
    }

    /// Whether the alarm watches the service's target group (needs a `route`).
    pub const fn needs_route(self) -> bool {
        matches!(self, Self::Errors | Self::Latency | Self::Unhealthy)
    }

    /// Whether the alarm's threshold is a percentage.
    pub const fn percent(self) -> bool {
        matches!(self, Self::Cpu | Self::Memory | Self::Errors)
    }

    /// Whether the alarm reports on the new revision's health (and so may roll it back); CPU
    /// and memory measure load instead.
    pub const fn health(self) -> bool {
        !matches!(self, Self::Cpu | Self::Memory)
    }

    /// (threshold, periods) when the blueprint gives none.
    pub const fn defaults(self) -> (f64, u32) {
        match self {
            Self::Cpu | Self::Memory => (80.0, 5),
            Self::Tasks => (0.0, 5),
            Self::Errors => (5.0, 3),
            Self::Latency => (2.0, 5),
            Self::Unhealthy => (0.0, 3),
        }
    }
}

impl Alarms {
    /// The setting of one alarm.
    pub const fn get(&self, kind: AlarmKind) -> Option<AlarmSetting> {
        match kind {
            AlarmKind::Cpu => self.cpu,
            AlarmKind::Memory => self.memory,
            AlarmKind::Tasks => self.tasks,
            AlarmKind::Errors => self.errors,
            AlarmKind::Latency => self.latency,
            AlarmKind::Unhealthy => self.unhealthy,
        }
    }
}

impl AlarmSetting {
    /// (threshold, periods), or `None` when switched off.
    pub fn resolve(self, kind: AlarmKind) -> Option<(f64, u32)> {
        let (threshold, periods) = kind.defaults();
        match self {
            Self::Switch(false) => None,
            Self::Switch(true) => Some((threshold, periods)),
            Self::Threshold(t) => Some((t, periods)),
            Self::Full(d) => Some((
                d.threshold.unwrap_or(threshold),
                d.periods.unwrap_or(periods),
            )),
        }
    }
}

/// Custom metrics: the task role may `cloudwatch:PutMetricData` only into this namespace (condition
/// `cloudwatch:namespace`). `true` is `{app}/{service}`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum Metrics {
    /// `true`: the namespace `{app}/{service}`.
    Default(bool),
    Namespace(MetricsNamespace),
}

/// An explicit namespace.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MetricsNamespace {
    /// The CloudWatch namespace (not starting with `AWS/`), e.g. `Shop/Cart`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_./#:-]{1,255}$"))]
    pub namespace: String,
}

impl Alarms {
    /// The alarms of a service: the app's defaults overridden key by key by the service's;
    /// `None` when neither sets `alarms` or the service switches them off.
    pub fn merged(app: Option<&Self>, service: Option<&ServiceAlarms>) -> Option<Self> {
        match service {
            Some(ServiceAlarms::Switch(false)) => None,
            Some(ServiceAlarms::Switch(true)) => Some(app.cloned().unwrap_or_default()),
            None => app.cloned(),
            Some(ServiceAlarms::Set(own)) => {
                let base = app.cloned().unwrap_or_default();
                Some(Self {
                    notify: base.notify,
                    rollback: own.rollback.or(base.rollback),
                    cpu: own.cpu.or(base.cpu),
                    memory: own.memory.or(base.memory),
                    tasks: own.tasks.or(base.tasks),
                    errors: own.errors.or(base.errors),
                    latency: own.latency.or(base.latency),
                    unhealthy: own.unhealthy.or(base.unhealthy),
                })
            }
        }
    }
}
