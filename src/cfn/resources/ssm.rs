//! `AWS::SSM::*`.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    pub name: String,
    /// `String` or `StringList`.
    #[serde(rename = "Type")]
    pub parameter_type: &'static str,
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Properties for Parameter {
    const TYPE: &'static str = "AWS::SSM::Parameter";
}
