//! `AWS::Events::Rule`: rules on the cluster's ECS events, and the China deployer's trigger.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    pub description: String,
    /// A JSON event pattern (intrinsics inside are resolved).
    pub event_pattern: Value,
    pub state: &'static str,
    pub targets: Vec<Target>,
}

impl Properties for Rule {
    const TYPE: &'static str = "AWS::Events::Rule";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Target {
    pub arn: Value,
    pub id: String,
    /// The role EventBridge assumes (targets such as CodeBuild need one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<Value>,
}
