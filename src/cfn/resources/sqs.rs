//! `AWS::SQS::*`: queues (a scheduled job's dead-letter queue).

use serde::Serialize;

use crate::cfn::Properties;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Queue {
    /// Encryption at rest with SQS-owned keys (SSE-SQS).
    pub sqs_managed_sse_enabled: bool,
    /// Seconds a message is kept (60 to 1209600).
    pub message_retention_period: i64,
}

impl Properties for Queue {
    const TYPE: &'static str = "AWS::SQS::Queue";
}
