//! `AWS::Logs::*`.

use serde::Serialize;

use crate::cfn::Properties;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogGroup {
    pub log_group_name: String,
    pub retention_in_days: i64,
}

impl Properties for LogGroup {
    const TYPE: &'static str = "AWS::Logs::LogGroup";
}
