//! Alarms, the alarm topic and custom metrics (`alarms:`, `metrics:`).

use schemars::JsonSchema;
use serde::Deserialize;

/// `alarms:` at app level (defaults for every service, the topic's subscriptions, rollback) or
/// on a service (overrides; `notify` is app-level only, the schema says so).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Alarms {
    /// Email addresses and `https://` endpoints subscribed to the environment's alarm topic.
    #[serde(default)]
    #[schemars(inner(length(min = 1)))]
    pub notify: Vec<String>,
    /// The generated health alarms (tasks, errors, latency, unhealthy) roll deployments back.
    pub rollback: Option<bool>,
    pub cpu: Option<AlarmSetting>,
    pub memory: Option<AlarmSetting>,
    /// Running tasks below the desired count (Container Insights).
    pub tasks: Option<AlarmSetting>,
    /// Target 5xx responses as a percentage of requests.
    pub errors: Option<AlarmSetting>,
    /// p99 target response time in seconds.
    pub latency: Option<AlarmSetting>,
    /// Unhealthy targets in the service's target group.
    pub unhealthy: Option<AlarmSetting>,
}

/// A service's `alarms`: `false` for none, or overrides of the app's.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum ServiceAlarms {
    Switch(bool),
    #[schemars(schema_with = "super::schema::service_alarms")]
    Set(Alarms),
}

/// One alarm: `false` (off), `true` (defaults), a threshold, or threshold and periods.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum AlarmSetting {
    Switch(bool),
    #[schemars(extend("minimum" = 0))]
    Threshold(f64),
    Full(AlarmDetail),
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AlarmDetail {
    #[schemars(range(min = 0))]
    pub threshold: Option<f64>,
    /// Consecutive one-minute periods over the threshold before the alarm fires.
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

/// `metrics:` on a service: the CloudWatch namespace its task role may publish to.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum Metrics {
    /// `true`: the namespace `{app}/{service}`.
    Default(bool),
    Namespace(MetricsNamespace),
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MetricsNamespace {
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
