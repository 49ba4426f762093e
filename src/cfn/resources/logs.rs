//! `AWS::Logs::*`.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogGroup {
    pub log_group_name: String,
    pub retention_in_days: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<Value>,
}

impl Properties for LogGroup {
    const TYPE: &'static str = "AWS::Logs::LogGroup";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubscriptionFilter {
    pub filter_name: String,
    pub log_group_name: Value,
    /// Empty: every event.
    pub filter_pattern: String,
    pub destination_arn: Value,
    pub role_arn: Value,
}

impl Properties for SubscriptionFilter {
    const TYPE: &'static str = "AWS::Logs::SubscriptionFilter";
}
