//! `AWS::SNS::*`.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Topic {
    pub topic_name: String,
    pub display_name: String,
    /// A customer-managed key: CloudWatch alarms cannot publish to a topic encrypted with the
    /// AWS-managed `alias/aws/sns` key, whose policy cannot admit them.
    pub kms_master_key_id: Value,
}

impl Properties for Topic {
    const TYPE: &'static str = "AWS::SNS::Topic";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subscription {
    pub topic_arn: Value,
    /// `email` or `https`.
    pub protocol: &'static str,
    pub endpoint: Value,
}

impl Properties for Subscription {
    const TYPE: &'static str = "AWS::SNS::Subscription";
}
