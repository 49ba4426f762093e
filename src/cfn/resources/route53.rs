//! `AWS::Route53::*`.

use serde::Serialize;

use crate::cfn::{Properties, Value};

/// An alias record set. Alias records carry no `TTL` (Route 53 uses the target's).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordSet {
    pub hosted_zone_id: String,
    pub name: String,
    #[serde(rename = "Type")]
    pub record_type: &'static str,
    pub alias_target: AliasTarget,
    pub set_identifier: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failover: Option<&'static str>,
}

impl Properties for RecordSet {
    const TYPE: &'static str = "AWS::Route53::RecordSet";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AliasTarget {
    #[serde(rename = "DNSName")]
    pub dns_name: Value,
    pub hosted_zone_id: Value,
    pub evaluate_target_health: bool,
}

/// A simple alias record (no routing policy, so no `SetIdentifier`): one name, one target.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AliasRecord {
    pub hosted_zone_id: Value,
    pub name: Value,
    #[serde(rename = "Type")]
    pub record_type: &'static str,
    pub alias_target: AliasTarget,
}

impl Properties for AliasRecord {
    const TYPE: &'static str = "AWS::Route53::RecordSet";
}
