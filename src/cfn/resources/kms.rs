//! `AWS::KMS::*`.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Key {
    pub description: String,
    pub enable_key_rotation: bool,
    /// The key policy document (principals of several kinds, so a plain value).
    pub key_policy: Value,
}

impl Properties for Key {
    const TYPE: &'static str = "AWS::KMS::Key";
}
