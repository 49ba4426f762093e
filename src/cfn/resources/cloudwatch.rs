//! `AWS::CloudWatch::*`.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alarm {
    pub alarm_description: String,
    pub namespace: String,
    pub metric_name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    pub statistic: String,
    pub period: i64,
    pub evaluation_periods: i64,
    pub threshold: f64,
    pub comparison_operator: String,
    pub alarm_actions: Vec<Value>,
}

impl Properties for Alarm {
    const TYPE: &'static str = "AWS::CloudWatch::Alarm";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    pub name: String,
    pub value: Value,
}
