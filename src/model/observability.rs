//! Observability of an environment: log encryption and analytics, `EventBridge` rules on the
//! cluster's ECS events, and a `CloudTrail` audit trail. Service-level log settings are
//! [`super::Logs`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// Log settings for every service and job of the environment.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct EnvironmentLogs {
    /// `create`: a KMS key per environment × region in the environment stack (rotation on, a key
    /// policy that lets this region's CloudWatch Logs use it for the environment's log groups
    /// only), or an existing key ARN. Services without their own `logs.kms-key` use it.
    #[schemars(length(min = 1, max = 2048))]
    pub kms_key: Option<String>,
    /// Log analytics: every service's log group gets a subscription filter into a Kinesis Data
    /// Firehose stream (per environment × region) that delivers to an S3 bucket partitioned by
    /// date.
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

/// Log analytics: a Firehose stream per environment × region to an encrypted S3 bucket
/// (`logs/yyyy/MM/dd/`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Analytics {
    /// Not supported (FF0645): Firehose cannot deliver CloudWatch Logs to an OpenSearch domain. To
    /// search the logs in OpenSearch, read the analytics bucket with an OpenSearch Ingestion
    /// pipeline.
    #[schemars(length(min = 1, max = 2048))]
    pub opensearch: Option<String>,
    /// Not supported (FF0645), like `opensearch`.
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
    /// Tasks stopped because an essential container exited with a non-zero code.
    TaskStopped,
    /// Failed service deployments (ECS Deployment State Change `SERVICE_DEPLOYMENT_FAILED`).
    DeploymentFailed,
    /// ECS Service Action events of type `WARN` or `ERROR` (e.g. tasks that cannot be placed).
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

/// Where a rule sends its events: existing resources by ARN (one of each kind at most), or `sqs:
/// create`. SNS topics and SQS queues given by ARN must allow `events.amazonaws.com` in their own
/// resource policy; a Lambda function gets a permission from the environment stack.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(extend("minProperties" = 1))]
pub struct EventTargets {
    /// An SNS topic ARN (`arn:…:sns:REGION:ACCOUNT:NAME`).
    #[schemars(length(min = 1, max = 1600))]
    pub sns: Option<String>,
    /// An SQS queue ARN (`arn:…:sqs:REGION:ACCOUNT:NAME`), or `create`: a queue per environment ×
    /// region in the environment stack (SSE-SQS, 14-day retention) whose policy admits exactly the
    /// rules that use it; its URL is published at `/fleetform/{app}/{env}/events-queue`.
    #[schemars(length(min = 1, max = 1600))]
    pub sqs: Option<String>,
    /// A Lambda function ARN (`arn:…:lambda:REGION:ACCOUNT:function:NAME`).
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

/// Audit settings of the environment.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Audit {
    /// `true`: a CloudTrail trail per environment × region (single-region, log-file validation on,
    /// KMS-encrypted) writing to its own versioned, TLS-only S3 bucket, itself access-logged to a
    /// second bucket.
    #[serde(default)]
    pub cloudtrail: bool,
}
