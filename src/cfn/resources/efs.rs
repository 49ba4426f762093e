//! `AWS::EFS::*`: file systems, their mount targets and access points.

use serde::Serialize;

use super::iam::PolicyDocument;
use crate::cfn::{Properties, Value};

/// `AWS::EFS::FileSystem`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FileSystem {
    pub encrypted: bool,
    /// `elastic`: throughput follows the workload, nothing to provision or run out of.
    pub throughput_mode: &'static str,
    pub backup_policy: BackupPolicy,
    /// One transition per entry (EFS refuses an entry with two).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lifecycle_policies: Vec<LifecyclePolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_system_policy: Option<PolicyDocument>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub file_system_tags: Vec<super::Tag>,
}

impl Properties for FileSystem {
    const TYPE: &'static str = "AWS::EFS::FileSystem";
}

/// `BackupPolicy`: `ENABLED` puts the file system in AWS Backup's default daily plan.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BackupPolicy {
    pub status: &'static str,
}

/// One `LifecyclePolicy` entry: exactly one of its fields is set.
#[derive(Debug, Clone, Serialize)]
pub struct LifecyclePolicy {
    #[serde(rename = "TransitionToIA", skip_serializing_if = "Option::is_none")]
    pub transition_to_ia: Option<&'static str>,
    #[serde(
        rename = "TransitionToPrimaryStorageClass",
        skip_serializing_if = "Option::is_none"
    )]
    pub transition_to_primary_storage_class: Option<&'static str>,
}

/// `AWS::EFS::MountTarget`: one per availability zone (one subnet each).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MountTarget {
    pub file_system_id: Value,
    pub subnet_id: Value,
    pub security_groups: Vec<Value>,
}

impl Properties for MountTarget {
    const TYPE: &'static str = "AWS::EFS::MountTarget";
}

/// `AWS::EFS::AccessPoint`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessPoint {
    pub file_system_id: Value,
    pub posix_user: PosixUser,
    pub root_directory: RootDirectory,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_point_tags: Vec<super::Tag>,
}

impl Properties for AccessPoint {
    const TYPE: &'static str = "AWS::EFS::AccessPoint";
}

/// The POSIX identity of every operation through an access point (IDs as strings, as the
/// resource takes them).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PosixUser {
    pub uid: String,
    pub gid: String,
}

/// An access point's root directory, created with `CreationInfo` when missing.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RootDirectory {
    pub path: String,
    pub creation_info: CreationInfo,
}

/// Owner and mode of a root directory EFS creates.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreationInfo {
    pub owner_uid: String,
    pub owner_gid: String,
    pub permissions: String,
}
