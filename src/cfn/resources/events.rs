//! `AWS::Events::Rule`: starts the China deploy project when a new source zip arrives.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    pub description: String,
    pub event_pattern: serde_json::Value,
    pub state: &'static str,
    pub targets: Vec<Target>,
}

impl Properties for Rule {
    const TYPE: &'static str = "AWS::Events::Rule";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Target {
    pub id: String,
    pub arn: Value,
    pub role_arn: Value,
}
