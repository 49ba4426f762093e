//! `AWS::WAFv2::*`: the regional web ACL in front of the shared load balancer and its
//! association.

use serde::Serialize;

use crate::cfn::{Properties, Value};

/// A regional web ACL of AWS managed rule groups. `Name` is left to `CloudFormation` (it is
/// create-only and unique per region).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebAcl {
    /// `REGIONAL`: the scope of a load balancer's web ACL (`CLOUDFRONT` is for distributions).
    pub scope: &'static str,
    pub default_action: DefaultAction,
    pub description: String,
    pub rules: Vec<Rule>,
    pub visibility_config: VisibilityConfig,
}

impl Properties for WebAcl {
    const TYPE: &'static str = "AWS::WAFv2::WebACL";
}

/// `{Allow: {}}`: requests no rule blocks pass.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DefaultAction {
    pub allow: Empty,
}

/// An empty JSON object, the form WAF takes for actions without settings.
#[derive(Debug, Clone, Serialize)]
pub struct Empty {}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    pub name: String,
    pub priority: i64,
    /// `{None: {}}`: the rule group's own actions apply (a rule group takes an override
    /// action, never an `Action`).
    pub override_action: OverrideAction,
    pub statement: Statement,
    pub visibility_config: VisibilityConfig,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OverrideAction {
    pub none: Empty,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    pub managed_rule_group_statement: ManagedRuleGroupStatement,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedRuleGroupStatement {
    pub vendor_name: &'static str,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VisibilityConfig {
    pub sampled_requests_enabled: bool,
    #[serde(rename = "CloudWatchMetricsEnabled")]
    pub cloudwatch_metrics_enabled: bool,
    pub metric_name: String,
}

/// Associates a regional web ACL with a resource (here the load balancer).
#[derive(Debug, Clone, Serialize)]
pub struct WebAclAssociation {
    #[serde(rename = "ResourceArn")]
    pub resource_arn: Value,
    #[serde(rename = "WebACLArn")]
    pub web_acl_arn: Value,
}

impl Properties for WebAclAssociation {
    const TYPE: &'static str = "AWS::WAFv2::WebACLAssociation";
}
