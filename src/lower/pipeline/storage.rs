//! Artifact buckets and image repositories.

use super::Plan;
use crate::cfn::resources::ecr::{
    EncryptionConfiguration, LifecyclePolicy, Repository, ScanningConfiguration,
};
use crate::cfn::resources::iam::{PolicyDocument, Principal, Statement};
use crate::cfn::resources::s3::{
    AbortIncompleteMultipartUpload, Bucket, BucketEncryption, BucketPolicy, EncryptionByDefault,
    EncryptionRule, EventBridgeConfiguration, LifecycleConfiguration, LifecycleRule,
    NoncurrentVersionExpiration, NotificationConfiguration, OwnershipControls, OwnershipRule,
    PublicAccessBlockConfiguration, VersioningConfiguration,
};
use crate::cfn::{Resource, Template, Value};
use crate::naming::{self, id};

/// Untagged images expire after a day; of tagged ones the newest 100 stay, far more than any
/// rollback needs, while immutable tags keep every deployed image's tag pointing at one digest.
const LIFECYCLE: &str = r#"{"rules":[{"rulePriority":1,"description":"expire untagged images after 1 day","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":1},"action":{"type":"expire"}},{"rulePriority":2,"description":"keep the newest 100 images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":100},"action":{"type":"expire"}}]}"#;

/// Adds an artifact (or source) bucket with a TLS-only policy. `name` is a `Fn::Sub` string,
/// or `None` to let CloudFormation name it.
pub(super) fn add_bucket(t: &mut Template, name: Option<&str>, event_bridge: bool) {
    add_shared_bucket(t, name, event_bridge, None, None);
}

/// [`add_bucket`], encrypted with customer managed key `key` (an ARN) when given, and with
/// `read` (a grant to other accounts) in its policy.
pub(super) fn add_shared_bucket(
    t: &mut Template,
    name: Option<&str>,
    event_bridge: bool,
    key: Option<Value>,
    read: Option<Statement>,
) {
    let bucket = Bucket {
        bucket_name: name.map(Value::sub),
        bucket_encryption: BucketEncryption {
            server_side_encryption_configuration: vec![EncryptionRule {
                server_side_encryption_by_default: EncryptionByDefault {
                    sse_algorithm: if key.is_some() { "aws:kms" } else { "AES256" },
                    kms_master_key_id: key,
                },
                bucket_key_enabled: None,
            }],
        },
        versioning_configuration: VersioningConfiguration { status: "Enabled" },
        public_access_block_configuration: PublicAccessBlockConfiguration::ALL,
        ownership_controls: OwnershipControls {
            rules: vec![OwnershipRule {
                object_ownership: "BucketOwnerEnforced",
            }],
        },
        logging_configuration: None,
        lifecycle_configuration: Some(LifecycleConfiguration {
            rules: vec![LifecycleRule {
                id: "expire-old-artifacts".to_owned(),
                status: "Enabled",
                expiration_in_days: None,
                noncurrent_version_expiration: NoncurrentVersionExpiration {
                    noncurrent_days: 30,
                },
                abort_incomplete_multipart_upload: AbortIncompleteMultipartUpload {
                    days_after_initiation: 7,
                },
            }],
        }),
        notification_configuration: event_bridge.then_some(NotificationConfiguration {
            event_bridge_configuration: EventBridgeConfiguration {
                event_bridge_enabled: true,
            },
        }),
    };
    let bucket_id = id::artifact_bucket();
    t.add(
        bucket_id.clone(),
        Resource::new(bucket)
            .retain()
            .skip_check(
                "CKV_AWS_18",
                "pipeline artifacts are short-lived build outputs; access is logged by CloudTrail data events if the account enables them",
            )

    );
    let mut statements = vec![Statement {
        effect: "Deny",
        sid: None,
        principal: Some(Principal::any()),
        action: vec!["s3:*".to_owned()],
        not_action: Vec::new(),
        resource: Some(vec![
            Value::get_att(&bucket_id, "Arn"),
            Value::sub(format!("${{{bucket_id}.Arn}}/*")),
        ]),
        condition: [(
            "Bool".to_owned(),
            [("aws:SecureTransport".to_owned(), Value::str("false"))].into(),
        )]
        .into(),
    }];
    statements.extend(read);
    let policy = BucketPolicy {
        bucket: Value::r#ref(&bucket_id),
        policy_document: PolicyDocument::new(statements),
    };
    t.add(id::artifact_bucket_policy(), Resource::new(policy));
}

/// Adds an image repository for every repository in `plan`: scan on push, immutable tags,
/// a lifecycle policy; kept when the stack goes (the images are the deploy history).
pub(super) fn add_repositories<'a>(
    t: &mut Template,
    repositories: impl Iterator<Item = (&'a String, &'a String)>,
    policy: Option<&PolicyDocument>,
) {
    for (repository, owner) in repositories {
        t.add(
            id::repository(owner),
            Resource::new(Repository {
                repository_name: repository.clone(),
                image_tag_mutability: "IMMUTABLE",
                image_scanning_configuration: ScanningConfiguration { scan_on_push: true },
                encryption_configuration: EncryptionConfiguration {
                    encryption_type: "AES256",
                },
                lifecycle_policy: LifecyclePolicy {
                    lifecycle_policy_text: LIFECYCLE.to_owned(),
                },
                repository_policy_text: policy.cloned(),
            })
            .retain()
            .skip_check(
                "CKV_AWS_136",
                "images are encrypted at rest with ECR's AES-256 service keys; customer KMS keys are not configurable in blueprints yet",
            ),
        );
    }
}

/// `{app}-pipeline-artifacts` in one remote region: the artifact bucket cross-region deploy
/// actions use, and the image repositories there.
pub(super) fn regional_template(plan: &Plan, region: &str) -> Template {
    let mut t = Template::new(format!(
        "fleetform: {} pipeline artifacts in {region} (deployed once at bootstrap, then kept up to date by the pipeline)",
        plan.app.name
    ));
    add_bucket(
        &mut t,
        Some(&naming::regional_artifact_bucket(&plan.app.name, region)),
        false,
    );
    add_repositories(&mut t, plan.repositories.iter(), None);
    t
}
