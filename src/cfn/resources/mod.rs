//! Typed property structs, one file per AWS service namespace. Each struct implements
//! [`super::Properties`] with its resource type name. Optional fields are `Option`s
//! skipped when `None`, so `null` can never be emitted; lists that may be empty are skipped
//! when empty. Anything that may hold an intrinsic is a [`super::Value`].

pub mod applicationautoscaling;
pub mod autoscaling;
pub mod buildspec;
pub mod certificatemanager;
pub mod cloudformation;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod codebuild;
pub mod codepipeline;
pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod efs;
pub mod elbv2;
pub mod events;
pub mod firehose;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod route53;
pub mod s3;
pub mod scheduler;
pub mod servicediscovery;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod stepfunctions;
pub mod wafv2;

use serde::Serialize;

use super::Value;

/// A resource tag (`{Key, Value}`), the shape most resource types share.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: Value,
}

impl Tag {
    pub fn new(key: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// A `{Key, Value}` pair of strings, used for load-balancer and target-group attributes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

impl KeyValue {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}
