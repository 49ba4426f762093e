//! `AWS::Lambda::Permission`: lets an `EventBridge` rule invoke a function it targets.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Permission {
    pub action: &'static str,
    pub function_name: Value,
    pub principal: String,
    pub source_arn: Value,
}

impl Properties for Permission {
    const TYPE: &'static str = "AWS::Lambda::Permission";
}
