//! `AWS::ECR::Repository`: image repositories that the pipeline pushes to.

use serde::Serialize;

use crate::cfn::Properties;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Repository {
    pub repository_name: String,
    pub image_tag_mutability: &'static str,
    pub image_scanning_configuration: ScanningConfiguration,
    pub encryption_configuration: EncryptionConfiguration,
    pub lifecycle_policy: LifecyclePolicy,
    /// Who else may use the repository (accounts of cross-account environments pulling).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository_policy_text: Option<super::iam::PolicyDocument>,
}

impl Properties for Repository {
    const TYPE: &'static str = "AWS::ECR::Repository";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScanningConfiguration {
    pub scan_on_push: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptionConfiguration {
    pub encryption_type: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecyclePolicy {
    /// The policy document as a JSON string.
    pub lifecycle_policy_text: String,
}
