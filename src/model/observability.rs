//! Observability of an environment: log encryption and analytics, `EventBridge` rules on the
//! cluster's ECS events, and a `CloudTrail` audit trail. Service-level log settings are
//! [`super::Logs`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// Environment-wide log settings: the default key of every service's log group and the
/// log-analytics pipeline.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct EnvironmentLogs {
    /// `create` (a KMS key per environment × region in the environment stack) or a KMS key
    /// ARN; services without their own `kms-key` use it.
    #[schemars(length(min = 1, max = 2048))]
    pub kms_key: Option<String>,
    /// Log analytics: a subscription filter on every service's log group into a Firehose
    /// stream that delivers to an S3 bucket (and optionally an `OpenSearch` domain).
    pub analytics: Option<Analytics>,
}

impl EnvironmentLogs {
    /// Whether the environment stack creates the log key.
    pub fn creates_key(&self) -> bool {
        self.kms_key.as_deref() == Some(CREATE)
    }
}

/// The `kms-key` value that asks for a key created by fleetform.
pub const CREATE: &str = "create";

/// Where the log-analytics stream delivers.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Analytics {
    /// Read only to be rejected (FF0645): Firehose does not deliver `CloudWatch` Logs to an
    /// `OpenSearch` domain, so the keys stay known to say so rather than "unknown key".
    #[schemars(length(min = 1, max = 2048))]
    pub opensearch: Option<String>,
    /// Read only to be rejected with `opensearch` (FF0645).
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_.-]{0,79}$"))]
    pub index: Option<String>,
    /// Days the S3 objects are kept (default: forever).
    #[schemars(range(min = 1, max = 36_500))]
    pub expire: Option<u32>,
}

/// An ECS event of the environment's cluster that a rule forwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A task stopped because an essential container exited with a non-zero code.
    TaskStopped,
    /// A service deployment failed (`SERVICE_DEPLOYMENT_FAILED`).
    DeploymentFailed,
    /// An ECS service action event of type `WARN` or `ERROR`.
    ServiceAction,
}

impl EventKind {
    pub const fn key(self) -> &'static str {
        match self {
            Self::TaskStopped => "task-stopped",
            Self::DeploymentFailed => "deployment-failed",
            Self::ServiceAction => "service-action",
        }
    }
}

/// Where a rule sends its events: existing resources by ARN.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct EventTargets {
    #[schemars(length(min = 1, max = 1600))]
    pub sns: Option<String>,
    #[schemars(length(min = 1, max = 1600))]
    pub sqs: Option<String>,
    #[schemars(length(min = 1, max = 1600))]
    pub lambda: Option<String>,
}

impl EventTargets {
    /// `(kind, service in the ARN, arn)` of each target given, in a fixed order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("sns", self.sns.as_deref()),
            ("sqs", self.sqs.as_deref()),
            ("lambda", self.lambda.as_deref()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
    }
}

/// The environment's ECS event rules.
pub type Events = BTreeMap<EventKind, EventTargets>;

/// Audit settings.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Audit {
    /// A `CloudTrail` trail per environment × region with its own encrypted, access-logged
    /// bucket.
    #[serde(default)]
    pub cloudtrail: bool,
}
