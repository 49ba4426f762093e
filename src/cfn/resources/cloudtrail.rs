//! `AWS::CloudTrail::Trail`: the environment's audit trail.

use serde::Serialize;

use crate::cfn::{Properties, Value};

/// The flags are the resource schema's own booleans.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Trail {
    pub trail_name: String,
    pub s3_bucket_name: Value,
    #[serde(rename = "KMSKeyId")]
    pub kms_key_id: Value,
    pub is_logging: bool,
    pub is_multi_region_trail: bool,
    pub include_global_service_events: bool,
    pub enable_log_file_validation: bool,
}

impl Properties for Trail {
    const TYPE: &'static str = "AWS::CloudTrail::Trail";
}
