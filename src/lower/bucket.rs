//! S3 buckets fleetform creates for logs (analytics, audit): encrypted, versioned, public access
//! blocked, owner-enforced, TLS-only, and access-logged to one access-log bucket per stack.

use crate::cfn::resources::iam::{PolicyDocument, Principal, Statement};
use crate::cfn::resources::s3;
use crate::cfn::{LogicalId, Resource, Template, Value};

/// How one bucket differs from the others.
pub struct Spec<'a> {
    /// The access-log bucket and the prefix of this bucket's access logs.
    pub access_logs: Option<(&'a LogicalId, &'a str)>,
    /// Days objects are kept.
    pub expire_days: Option<u32>,
    /// SSE-KMS with this key, else SSE-S3.
    pub kms_key: Option<Value>,
}

/// Noncurrent versions are kept this long, so an overwrite or delete can be undone.
const NONCURRENT_DAYS: i64 = 90;

/// Adds bucket `id`; it keeps its data when the stack deletes it.
pub fn add(t: &mut Template, id: &LogicalId, spec: Spec<'_>) {
    let (algorithm, key) = match spec.kms_key {
        Some(key) => ("aws:kms", Some(key)),
        None => ("AES256", None),
    };
    let bucket_key = key.is_some().then_some(true);
    let mut resource = Resource::new(s3::Bucket {
        bucket_name: None,
        notification_configuration: None,
        bucket_encryption: s3::BucketEncryption {
            server_side_encryption_configuration: vec![s3::EncryptionRule {
                server_side_encryption_by_default: s3::EncryptionByDefault {
                    sse_algorithm: algorithm,
                    kms_master_key_id: key,
                },
                bucket_key_enabled: bucket_key,
            }],
        },
        versioning_configuration: s3::VersioningConfiguration { status: "Enabled" },
        public_access_block_configuration: s3::PublicAccessBlockConfiguration::ALL,
        ownership_controls: s3::OwnershipControls {
            rules: vec![s3::OwnershipRule {
                object_ownership: "BucketOwnerEnforced",
            }],
        },
        logging_configuration: spec
            .access_logs
            .map(|(target, prefix)| s3::LoggingConfiguration {
                destination_bucket_name: Value::r#ref(target),
                log_file_prefix: prefix.to_owned(),
            }),
        lifecycle_configuration: Some(s3::LifecycleConfiguration {
            rules: vec![s3::LifecycleRule {
                id: "expire".to_owned(),
                status: "Enabled",
                expiration_in_days: spec.expire_days.map(i64::from),
                noncurrent_version_expiration: s3::NoncurrentVersionExpiration {
                    noncurrent_days: NONCURRENT_DAYS,
                },
                abort_incomplete_multipart_upload: s3::AbortIncompleteMultipartUpload {
                    days_after_initiation: 7,
                },
            }],
        }),
    })
    .retain();
    if let Some((target, _)) = spec.access_logs {
        // S3 log delivery may write to the target only once its policy allows it.
        resource = resource.depends_on(&policy_id(target));
    } else {
        resource = resource.skip_check(
            "CKV_AWS_18",
            "this is the access-log bucket itself; logging it into itself would loop",
        );
    }
    t.add(id.clone(), resource);
}

/// The logical ID of bucket `id`'s policy.
pub fn policy_id(id: &LogicalId) -> LogicalId {
    LogicalId::from_parts(&[id.as_str(), "Policy"])
}

/// Denies every request to bucket `id` that does not use TLS; `extra` are its other statements.
pub fn add_tls_policy(t: &mut Template, id: &LogicalId, extra: Vec<Statement>) {
    let bucket_arn = Value::get_att(id, "Arn");
    let objects = Value::sub(format!("${{{id}.Arn}}/*"));
    let mut deny = Statement::allow(vec!["s3:*".to_owned()], vec![bucket_arn, objects]);
    deny.effect = "Deny";
    deny.sid = Some("DenyInsecureTransport".to_owned());
    deny.principal = Some(Principal {
        aws: vec![Value::str("*")],
        service: Vec::new(),
    });
    deny = deny.when("Bool", "aws:SecureTransport", Value::str("false"));
    let mut statements = vec![deny];
    statements.extend(extra);
    t.add(
        policy_id(id),
        Resource::new(s3::BucketPolicy {
            bucket: Value::r#ref(id),
            policy_document: PolicyDocument::new(statements),
        }),
    );
}

/// The stack's access-log bucket (added once); S3 log delivery may write to it.
pub fn add_access_log_bucket(t: &mut Template) -> LogicalId {
    let id = LogicalId::from_parts(&["AccessLogBucket"]);
    if t.resources.contains_key(&id) {
        return id;
    }
    add(
        t,
        &id,
        Spec {
            access_logs: None,
            expire_days: Some(365),
            kms_key: None,
        },
    );
    let delivery = Statement::service(
        "S3ServerAccessLogs",
        "logging.s3.amazonaws.com",
        vec!["s3:PutObject".to_owned()],
        Value::sub(format!("${{{id}.Arn}}/*")),
    )
    .when(
        "StringEquals",
        "aws:SourceAccount",
        Value::sub("${AWS::AccountId}"),
    );
    add_tls_policy(t, &id, vec![delivery]);
    id
}
