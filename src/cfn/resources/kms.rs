//! `AWS::KMS::*`: the environment's log key and its alias.

use serde::Serialize;

use super::iam::PolicyDocument;
use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Key {
    pub description: String,
    pub enable_key_rotation: bool,
    pub key_policy: PolicyDocument,
}

impl Properties for Key {
    const TYPE: &'static str = "AWS::KMS::Key";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alias {
    /// `alias/…`.
    pub alias_name: String,
    pub target_key_id: Value,
}

impl Properties for Alias {
    const TYPE: &'static str = "AWS::KMS::Alias";
}
