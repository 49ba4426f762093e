//! `AWS::KinesisFirehose::DeliveryStream`: the log-analytics stream.

use serde::Serialize;

use crate::cfn::{Properties, Value};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeliveryStream {
    pub delivery_stream_name: String,
    pub delivery_stream_type: &'static str,
    pub delivery_stream_encryption_configuration_input: EncryptionInput,
    /// The only destination: Firehose does not deliver `CloudWatch` Logs to `OpenSearch`
    /// (FF0645).
    pub extended_s3_destination_configuration: ExtendedS3Destination,
}

impl Properties for DeliveryStream {
    const TYPE: &'static str = "AWS::KinesisFirehose::DeliveryStream";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptionInput {
    /// `AWS_OWNED_CMK` or `CUSTOMER_MANAGED_CMK`.
    pub key_type: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExtendedS3Destination {
    #[serde(rename = "BucketARN")]
    pub bucket_arn: Value,
    #[serde(rename = "RoleARN")]
    pub role_arn: Value,
    pub prefix: String,
    pub error_output_prefix: String,
    pub buffering_hints: BufferingHints,
    pub compression_format: &'static str,
    pub processing_configuration: ProcessingConfiguration,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BufferingHints {
    pub interval_in_seconds: i64,
    #[serde(rename = "SizeInMBs")]
    pub size_in_mbs: i64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProcessingConfiguration {
    pub enabled: bool,
    pub processors: Vec<Processor>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Processor {
    #[serde(rename = "Type")]
    pub type_name: &'static str,
    pub parameters: Vec<ProcessorParameter>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProcessorParameter {
    pub parameter_name: &'static str,
    pub parameter_value: &'static str,
}
