//! `AWS::CodeBuild::Project`: the build, test and deploy steps of a pipeline.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Project {
    pub name: String,
    pub description: String,
    pub service_role: Value,
    pub source: ProjectSource,
    pub artifacts: ProjectArtifacts,
    pub environment: ProjectEnvironment,
    pub timeout_in_minutes: u32,
    pub logs_config: LogsConfig,
    /// The KMS key for build output (`alias/aws/s3`, the account's managed key).
    pub encryption_key: Value,
}

impl Properties for Project {
    const TYPE: &'static str = "AWS::CodeBuild::Project";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProjectSource {
    #[serde(rename = "Type")]
    pub type_name: &'static str,
    /// The buildspec, as YAML text built from data (never from a text template).
    pub build_spec: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Value>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProjectArtifacts {
    #[serde(rename = "Type")]
    pub type_name: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProjectEnvironment {
    #[serde(rename = "Type")]
    pub type_name: &'static str,
    pub compute_type: &'static str,
    pub image: String,
    pub image_pull_credentials_type: &'static str,
    pub privileged_mode: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub environment_variables: Vec<EnvironmentVariable>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnvironmentVariable {
    pub name: String,
    #[serde(rename = "Type")]
    pub type_name: &'static str,
    pub value: Value,
}

impl EnvironmentVariable {
    pub fn plain(name: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            name: name.into(),
            type_name: "PLAINTEXT",
            value: value.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogsConfig {
    pub cloud_watch_logs: CloudWatchLogs,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CloudWatchLogs {
    pub status: &'static str,
    pub group_name: String,
}
