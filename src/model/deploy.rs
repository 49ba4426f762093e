//! How a service is deployed (`deploy:`) and scheduled (`scheduling:`).

use schemars::JsonSchema;
use serde::Deserialize;

/// `replica` (the default: `count` tasks) or `daemon` (one task on every EC2 container instance).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scheduling {
    #[default]
    Replica,
    Daemon,
}

/// A service's deployment settings.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Deploy {
    #[serde(default)]
    pub strategy: DeployStrategy,
    /// Rolling only: how many tasks may stop and start at once.
    pub rolling: Option<Rolling>,
    /// Stop a failing deployment and roll back (ECS deployment circuit breaker).
    #[serde(default = "default_true")]
    pub circuit_breaker: bool,
    /// CloudWatch alarms whose `ALARM` state rolls the deployment back.
    #[serde(default)]
    #[schemars(length(min = 1, max = 10), extend("uniqueItems" = true), inner(length(min = 1, max = 255)))]
    pub alarms: Vec<String>,
    /// Blue/green, canary, linear: minutes both revisions keep running after the shift.
    #[schemars(range(max = 1440))]
    pub bake: Option<u32>,
    pub canary: Option<Canary>,
    pub linear: Option<Linear>,
    /// Lambda functions run at lifecycle stages (blue/green, canary, linear).
    #[serde(default)]
    #[schemars(length(max = 10))]
    pub hooks: Vec<Hook>,
    /// Blue/green by Route 53 weighted records: two ECS services, two load balancers.
    pub dns_blue_green: Option<super::DnsBlueGreen>,
}

impl Default for Deploy {
    fn default() -> Self {
        Self {
            strategy: DeployStrategy::default(),
            rolling: None,
            circuit_breaker: true,
            alarms: Vec::new(),
            bake: None,
            canary: None,
            linear: None,
            hooks: Vec::new(),
            dns_blue_green: None,
        }
    }
}

impl Deploy {
    /// (minimum healthy percent, maximum percent) of a rolling deployment: the `rolling`
    /// setting, else 0/100 for a daemon (the ECS default; a daemon cannot exceed 100) and
    /// 100/200 (`same-size`) for replicas.
    pub const fn percents(&self, scheduling: Scheduling) -> (u32, u32) {
        match (self.rolling, scheduling) {
            (Some(r), _) => r.percents(),
            (None, Scheduling::Daemon) => (0, 100),
            (None, Scheduling::Replica) => (100, 200),
        }
    }
}

const fn default_true() -> bool {
    true
}

/// The ECS deployment strategy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DeployStrategy {
    #[default]
    Rolling,
    BlueGreen,
    Canary,
    Linear,
}

impl DeployStrategy {
    /// Whether ECS shifts load-balancer traffic between two target groups.
    pub const fn shifts_traffic(self) -> bool {
        self.ecs_strategy().is_some()
    }

    /// The ECS `DeploymentConfiguration.Strategy` of a traffic-shifting strategy (`None` for
    /// rolling, which ECS does by default).
    pub const fn ecs_strategy(self) -> Option<&'static str> {
        match self {
            Self::Rolling => None,
            Self::BlueGreen => Some("BLUE_GREEN"),
            Self::Canary => Some("CANARY"),
            Self::Linear => Some("LINEAR"),
        }
    }

    /// The name as written in a blueprint.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Rolling => "rolling",
            Self::BlueGreen => "blue-green",
            Self::Canary => "canary",
            Self::Linear => "linear",
        }
    }
}

/// A rolling preset or the raw percentages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum Rolling {
    Preset(RollingPreset),
    Percent(RollingPercent),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RollingPreset {
    /// 50/100: replace half the tasks at a time within the current footprint.
    LeastSpace,
    /// 100/200: start a full new set before stopping the old one (no capacity lost).
    SameSize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RollingPercent {
    #[schemars(range(max = 100))]
    pub minimum_healthy_percent: u32,
    #[schemars(range(min = 100))]
    pub maximum_percent: u32,
}

impl Rolling {
    /// (minimum healthy percent, maximum percent).
    pub const fn percents(self) -> (u32, u32) {
        match self {
            Self::Preset(RollingPreset::LeastSpace) => (50, 100),
            Self::Preset(RollingPreset::SameSize) => (100, 200),
            Self::Percent(p) => (p.minimum_healthy_percent, p.maximum_percent),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Canary {
    /// Percent of production traffic shifted first (0.1..=100, multiples of 0.1; ECS default 5).
    #[schemars(range(min = 0.1, max = 100))]
    pub percent: Option<f64>,
    /// Minutes before the rest is shifted (0..=1440; ECS default 10).
    #[schemars(range(max = 1440))]
    pub bake: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Linear {
    /// Percent of production traffic shifted per step (3..=100, multiples of 0.1; ECS default 10).
    #[schemars(range(min = 3, max = 100))]
    pub step: Option<f64>,
    /// Minutes between steps (0..=1440; ECS default 6).
    #[schemars(range(max = 1440))]
    pub bake: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Hook {
    /// The Lambda function's ARN.
    #[schemars(length(min = 1))]
    pub function: String,
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub stages: Vec<HookStage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HookStage {
    ReconcileService,
    PreScaleUp,
    PostScaleUp,
    TestTrafficShift,
    PostTestTrafficShift,
    ProductionTrafficShift,
    PostProductionTrafficShift,
}

impl HookStage {
    /// The ECS `LifecycleStages` value.
    pub const fn ecs(self) -> &'static str {
        match self {
            Self::ReconcileService => "RECONCILE_SERVICE",
            Self::PreScaleUp => "PRE_SCALE_UP",
            Self::PostScaleUp => "POST_SCALE_UP",
            Self::TestTrafficShift => "TEST_TRAFFIC_SHIFT",
            Self::PostTestTrafficShift => "POST_TEST_TRAFFIC_SHIFT",
            Self::ProductionTrafficShift => "PRODUCTION_TRAFFIC_SHIFT",
            Self::PostProductionTrafficShift => "POST_PRODUCTION_TRAFFIC_SHIFT",
        }
    }
}
