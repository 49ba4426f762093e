//! `AWS::SQS::*`: queues (a scheduled job's dead-letter queue, the environment's event queue)
//! and queue policies.

use serde::Serialize;

use super::iam::PolicyDocument;
use crate::cfn::{Properties, Value};

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

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueuePolicy {
    /// Queue URLs.
    pub queues: Vec<Value>,
    pub policy_document: PolicyDocument,
}

impl Properties for QueuePolicy {
    const TYPE: &'static str = "AWS::SQS::QueuePolicy";
}
