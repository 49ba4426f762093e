//! How a service is deployed (`deploy:`) and scheduled (`scheduling:`).

use schemars::JsonSchema;
use serde::Deserialize;

/// `replica` (default: run `count` tasks) or `daemon` (one task on every EC2 container instance of
/// the service's capacities; no `count`, not on Fargate).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scheduling {
    #[default]
    Replica,
    Daemon,
}

/// Deployment settings of a service.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Deploy {
    /// `rolling` (default: replace tasks in place), or ECS-managed traffic shifting through the
    /// load balancer (needs a `route`): `blue-green` (all at once after a test phase), `canary` (a
    /// slice first, then the rest), `linear` (equal steps).
    #[serde(default)]
    pub strategy: DeployStrategy,
    /// Rolling only: `least-space` (50/100: replace tasks within the current footprint),
    /// `same-size` (100/200: start a full new set before stopping the old, the default), or the raw
    /// percentages.
    pub rolling: Option<Rolling>,
    /// Stop a deployment whose tasks keep failing and roll back to the last good one (default
    /// true).
    #[serde(default = "default_true")]
    pub circuit_breaker: bool,
    /// CloudWatch alarm names; a deployment rolls back when one goes into `ALARM`. Names may use
    /// `{{…}}`.
    #[serde(default)]
    #[schemars(length(min = 1, max = 10), extend("uniqueItems" = true), inner(length(min = 1, max = 255)))]
    #[schemars(extend("x-items" = "An alarm name."))]
    pub alarms: Vec<String>,
    /// Blue-green, canary, linear: minutes both revisions keep running after production traffic has
    /// moved (0..1440, default 10).
    #[schemars(range(max = 1440))]
    pub bake: Option<u32>,
    /// Canary only: the slice of traffic moved first and how long it bakes.
    pub canary: Option<Canary>,
    /// Linear only: the step of traffic moved each time and the wait between steps.
    pub linear: Option<Linear>,
    /// Blue-green, canary, linear: Lambda functions ECS invokes at lifecycle stages; one returning
    /// `FAILED` rolls the deployment back.
    #[serde(default)]
    #[schemars(length(max = 10))]
    #[schemars(extend("x-items" = "One lifecycle hook."))]
    pub hooks: Vec<Hook>,
    /// Blue/green by Route 53 weighted records: two ECS services (`blue`, `green`), each behind its
    /// own load balancer, and two alias records of `name` whose `weights` split traffic. Switching
    /// is a one-line change of `weights`; the old colour keeps running for an instant rollback.
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

/// `rolling` (default: replace tasks in place), or ECS-managed traffic shifting through the load
/// balancer (needs a `route`): `blue-green` (all at once after a test phase), `canary` (a slice
/// first, then the rest), `linear` (equal steps).
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

/// Rolling only: `least-space` (50/100: replace tasks within the current footprint), `same-size`
/// (100/200: start a full new set before stopping the old, the default), or the raw percentages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum Rolling {
    Preset(RollingPreset),
    Percent(RollingPercent),
}

/// A preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RollingPreset {
    /// 50/100: replace half the tasks at a time within the current footprint.
    LeastSpace,
    /// 100/200: start a full new set before stopping the old one (no capacity lost).
    SameSize,
}

/// Raw percentages of `count` (ECS rounds the minimum up and the maximum down).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RollingPercent {
    /// Tasks that must stay running during a deployment, as a percent of `count` (0..100).
    #[schemars(range(max = 100))]
    pub minimum_healthy_percent: u32,
    /// Tasks that may run during a deployment, as a percent of `count` (at least 100).
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

/// Canary only: the slice of traffic moved first and how long it bakes.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Canary {
    /// Percent of production traffic moved first (0.1..100, multiples of 0.1; ECS default 5).
    #[schemars(range(min = 0.1, max = 100))]
    pub percent: Option<f64>,
    /// Minutes before the remaining traffic moves (0..1440; ECS default 10).
    #[schemars(range(max = 1440))]
    pub bake: Option<u32>,
}

/// Linear only: the step of traffic moved each time and the wait between steps.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Linear {
    /// Percent of production traffic moved per step (3..100, multiples of 0.1; ECS default 10).
    #[schemars(range(min = 3, max = 100))]
    pub step: Option<f64>,
    /// Minutes between steps (0..1440; ECS default 6).
    #[schemars(range(max = 1440))]
    pub bake: Option<u32>,
}

/// One lifecycle hook.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Hook {
    /// The Lambda function ARN (`arn:{{partition}}:lambda:{{region}}:{{account}}:function:NAME`).
    #[schemars(length(min = 1))]
    pub function: String,
    /// The stages at which ECS invokes the function.
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    #[schemars(extend("x-items" = "A lifecycle stage."))]
    pub stages: Vec<HookStage>,
}

/// A lifecycle stage.
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
