//! `AWS::AutoScaling::*`.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AutoScalingGroup {
    pub min_size: String,
    pub max_size: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<String>,
    #[serde(rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: Vec<Value>,
    pub launch_template: LaunchTemplateSpecification,
    pub new_instances_protected_from_scale_in: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TagProperty>,
}

impl Properties for AutoScalingGroup {
    const TYPE: &'static str = "AWS::AutoScaling::AutoScalingGroup";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateSpecification {
    pub launch_template_id: Value,
    pub version: Value,
}

/// An Auto Scaling group tag, which says whether instances inherit it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagProperty {
    pub key: String,
    pub value: String,
    pub propagate_at_launch: bool,
}
