//! The environment's audit trail (`audit: { cloudtrail: true }`): a single-region `CloudTrail`
//! trail per environment × region, KMS-encrypted with its own key, log-file validation on,
//! writing to a versioned, TLS-only bucket that is itself access-logged. Global-service events
//! (IAM, STS) are recorded by the environment's first region of each partition: once, since
//! every commercial region's trail sees the same IAM, yet in China and `GovCloud` too, whose
//! IAM is their own (`partition::first_in_partition`).

use super::logs::key_admin;
use super::{Target, bucket};
use crate::cfn::resources::cloudtrail;
use crate::cfn::resources::iam::{PolicyDocument, Statement};
use crate::cfn::resources::kms;
use crate::cfn::{LogicalId, Resource, Template, Value};
use crate::naming;
use crate::partition;

fn lid(name: &str) -> LogicalId {
    LogicalId::from_parts(&[name])
}

pub fn add(t: &mut Template, target: &Target) {
    if !target.env.audit.cloudtrail {
        return;
    }
    let name = naming::trail_name(target.app_name(), target.env_name);
    let trail_arn = Value::arn(&format!(
        "cloudtrail:${{AWS::Region}}:${{AWS::AccountId}}:trail/{name}"
    ));

    let key = lid("AuditKey");
    let encrypt = Statement::service(
        "CloudTrailEncrypts",
        "cloudtrail.amazonaws.com",
        vec!["kms:GenerateDataKey*".to_owned()],
        Value::str("*"),
    )
    .when(
        "StringLike",
        "kms:EncryptionContext:aws:cloudtrail:arn",
        Value::arn("cloudtrail:*:${AWS::AccountId}:trail/*"),
    )
    .when("StringEquals", "aws:SourceArn", trail_arn.clone());
    let describe = Statement::service(
        "CloudTrailDescribesKey",
        "cloudtrail.amazonaws.com",
        vec!["kms:DescribeKey".to_owned()],
        Value::str("*"),
    );
    t.add(
        key.clone(),
        Resource::new(kms::Key {
            description: format!("fleetform: audit trail {name}"),
            enable_key_rotation: true,
            key_policy: PolicyDocument::new(vec![key_admin(), encrypt, describe]),
        })
        .retain(),
    );

    let access_logs = bucket::add_access_log_bucket(t);
    let trail_bucket = lid("AuditBucket");
    bucket::add(
        t,
        &trail_bucket,
        bucket::Spec {
            access_logs: Some((&access_logs, "audit/")),
            expire_days: None,
            kms_key: None,
        },
    );
    let acl_check = Statement::service(
        "CloudTrailAclCheck",
        "cloudtrail.amazonaws.com",
        vec!["s3:GetBucketAcl".to_owned()],
        Value::get_att(&trail_bucket, "Arn"),
    )
    .when("StringEquals", "aws:SourceArn", trail_arn.clone());
    let write = Statement::service(
        "CloudTrailWrite",
        "cloudtrail.amazonaws.com",
        vec!["s3:PutObject".to_owned()],
        Value::sub(format!(
            "${{{trail_bucket}.Arn}}/AWSLogs/${{AWS::AccountId}}/*"
        )),
    )
    .when(
        "StringEquals",
        "s3:x-amz-acl",
        Value::str("bucket-owner-full-control"),
    )
    .when("StringEquals", "aws:SourceArn", trail_arn);
    bucket::add_tls_policy(t, &trail_bucket, vec![acl_check, write]);

    let records_global = partition::first_in_partition(&target.env.regions, target.region);
    t.add(
        lid("AuditTrail"),
        Resource::new(cloudtrail::Trail {
            trail_name: name,
            s3_bucket_name: Value::r#ref(&trail_bucket),
            kms_key_id: Value::get_att(&key, "Arn"),
            is_logging: true,
            is_multi_region_trail: false,
            include_global_service_events: records_global,
            enable_log_file_validation: true,
        })
        // CloudTrail checks the bucket policy when the trail is created.
        .depends_on(&bucket::policy_id(&trail_bucket))
        .skip_check(
            "CKV_AWS_67",
            "one single-region trail per environment × region: each region's environment stack owns its own trail",
        ),
    );
}
