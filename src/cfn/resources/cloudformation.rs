//! `AWS::CloudFormation::StackSet`: one template deployed to several regions by StackSets.

use serde::Serialize;

use super::Tag;
use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackSet {
    pub stack_set_name: String,
    pub description: String,
    /// `SELF_MANAGED`: the administration and execution roles exist in the accounts.
    pub permission_model: &'static str,
    pub capabilities: Vec<&'static str>,
    /// The template as a JSON string (up to 51,200 bytes) …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_body: Option<String>,
    /// … or the S3 URL of a larger one.
    #[serde(rename = "TemplateURL", skip_serializing_if = "Option::is_none")]
    pub template_url: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<StackSetParameter>,
    pub stack_instances_group: Vec<StackInstances>,
    pub operation_preferences: OperationPreferences,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackSetParameter {
    pub parameter_key: String,
    pub parameter_value: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StackInstances {
    pub deployment_targets: DeploymentTargets,
    pub regions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameter_overrides: Vec<StackSetParameter>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentTargets {
    pub accounts: Vec<Value>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OperationPreferences {
    /// `SEQUENTIAL` or `PARALLEL`.
    pub region_concurrency_type: &'static str,
    pub region_order: Vec<String>,
    pub max_concurrent_count: u32,
    pub failure_tolerance_count: u32,
}

impl Properties for StackSet {
    const TYPE: &'static str = "AWS::CloudFormation::StackSet";
}
