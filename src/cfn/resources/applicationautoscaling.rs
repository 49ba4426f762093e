//! `AWS::ApplicationAutoScaling::*`: a scalable target (with its scheduled actions) and
//! scaling policies.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTarget {
    pub max_capacity: i64,
    pub min_capacity: i64,
    pub resource_id: Value,
    #[serde(rename = "RoleARN")]
    pub role_arn: Value,
    pub scalable_dimension: String,
    pub service_namespace: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scheduled_actions: Vec<ScheduledAction>,
}

impl Properties for ScalableTarget {
    const TYPE: &'static str = "AWS::ApplicationAutoScaling::ScalableTarget";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduledAction {
    pub scheduled_action_name: String,
    pub schedule: String,
    pub scalable_target_action: ScalableTargetAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTargetAction {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_capacity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_capacity: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingPolicy {
    pub policy_name: String,
    pub policy_type: String,
    pub scaling_target_id: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_tracking_scaling_policy_configuration: Option<TargetTracking>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_scaling_policy_configuration: Option<StepScaling>,
}

impl Properties for ScalingPolicy {
    const TYPE: &'static str = "AWS::ApplicationAutoScaling::ScalingPolicy";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTracking {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetric>,
    /// A metric of one's own, here metric math over several metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customized_metric_specification: Option<CustomizedMetric>,
    pub target_value: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_in_cooldown: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_out_cooldown: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PredefinedMetric {
    pub predefined_metric_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<Value>,
}

/// A customized metric given as metric data queries (`Metrics`): exactly one returns data.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomizedMetric {
    pub metrics: Vec<MetricDataQuery>,
}

/// One `TargetTrackingMetricDataQuery`: a metric (`MetricStat`) or an expression over others.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDataQuery {
    /// Letters, digits and underscores, starting with a lowercase letter.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_stat: Option<MetricStat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    pub return_data: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricStat {
    pub metric: Metric,
    pub stat: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Metric {
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<MetricDimension>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDimension {
    pub name: String,
    pub value: Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StepScaling {
    pub adjustment_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i64>,
    pub metric_aggregation_type: String,
    pub step_adjustments: Vec<StepAdjustment>,
}

/// One step: bounds are relative to the alarm threshold; `None` is unbounded.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StepAdjustment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    pub scaling_adjustment: i64,
}
