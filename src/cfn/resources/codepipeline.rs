//! `AWS::CodePipeline::Pipeline` (V2).

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Pipeline {
    pub name: String,
    pub pipeline_type: &'static str,
    pub execution_mode: &'static str,
    pub role_arn: Value,
    pub restart_execution_on_update: bool,
    pub artifact_stores: Vec<ArtifactStoreMap>,
    pub stages: Vec<Stage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
}

impl Properties for Pipeline {
    const TYPE: &'static str = "AWS::CodePipeline::Pipeline";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ArtifactStoreMap {
    pub region: String,
    pub artifact_store: ArtifactStore,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ArtifactStore {
    #[serde(rename = "Type")]
    pub type_name: &'static str,
    pub location: Value,
    /// A customer managed key for the artifacts (cross-account actions need one); without it
    /// CodePipeline uses the AWS managed S3 key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<EncryptionKey>,
}

/// `ArtifactStore.EncryptionKey`: a KMS key, by key ARN (another account's roles cannot
/// resolve an alias of this one).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptionKey {
    pub id: Value,
    #[serde(rename = "Type")]
    pub type_name: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stage {
    pub name: String,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Action {
    pub name: String,
    pub action_type_id: ActionTypeId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub run_order: u32,
    /// The role the action runs as, in another account for a cross-account action (the
    /// pipeline's role assumes it); without it, the pipeline's role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<Value>,
    /// Provider-specific settings: a string map (`Value` for intrinsics).
    pub configuration: std::collections::BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub input_artifacts: Vec<Artifact>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub output_artifacts: Vec<Artifact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActionTypeId {
    pub category: &'static str,
    pub owner: &'static str,
    pub provider: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Artifact {
    pub name: String,
}

impl Artifact {
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Trigger {
    pub provider_type: &'static str,
    pub git_configuration: GitConfiguration,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GitConfiguration {
    pub source_action_name: String,
    pub push: Vec<GitPushFilter>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GitPushFilter {
    pub branches: Filter,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_paths: Option<Filter>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    pub includes: Vec<String>,
}

/// One entry of a CodeBuild action's `EnvironmentVariables` configuration, which CodePipeline
/// takes as the JSON text of a list of these.
#[derive(Debug, Clone, Serialize)]
pub struct ActionVariable {
    pub name: &'static str,
    pub value: String,
    #[serde(rename = "type")]
    pub variable_type: &'static str,
}

impl ActionVariable {
    /// The configuration text for one plain-text variable.
    pub fn plaintext(name: &'static str, value: String) -> String {
        let list = [Self {
            name,
            value,
            variable_type: "PLAINTEXT",
        }];
        serde_json::to_string(&list).expect("action variables serialize")
    }
}
