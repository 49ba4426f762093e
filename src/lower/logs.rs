//! Log encryption and analytics. The environment stack creates the log key (`logs.kms-key:
//! create`) and the analytics pipeline (bucket, Firehose stream, roles) and publishes their
//! ARNs; each service and job stack encrypts its log group with the key and subscribes it to
//! the stream.

use std::collections::BTreeMap;

use super::Target;
use super::bucket;
use super::params::{self, Published};
use crate::cfn::resources::iam::{self, Policy, PolicyDocument, Principal, Statement};
use crate::cfn::resources::{ecs, firehose, kms, logs};
use crate::cfn::{LogicalId, Parameter, Pseudo, Resource, Template, Value};
use crate::model::{Analytics, LogDriver, Service};
use crate::naming;

const KMS_USE: &[&str] = &[
    "kms:Encrypt*",
    "kms:Decrypt*",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Describe*",
];

fn lid(name: &str) -> LogicalId {
    LogicalId::from_parts(&[name])
}

/// The statement that gives the account's IAM policies control of a key it owns.
pub(super) fn key_admin() -> Statement {
    let mut s = Statement::allow(vec!["kms:*".to_owned()], vec![Value::str("*")]);
    s.sid = Some("AccountAdministers".to_owned());
    s.principal = Some(Principal {
        aws: vec![Value::arn("iam::${AWS::AccountId}:root")],
        service: Vec::new(),
    });
    s
}

/// The ARN pattern of the environment's log groups (services and jobs).
fn log_groups_arn(target: &Target) -> Value {
    Value::arn(&format!(
        "logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{}/*",
        naming::log_group_prefix(target.app_name(), target.env_name)
    ))
}

/// The log key this stack creates (`logs.kms-key: create`), if any.
pub fn created_key(target: &Target) -> Option<LogicalId> {
    target.env.logs.creates_key().then(|| lid("LogKey"))
}

/// Environment stack: the log key when the environment asks for one.
pub fn add_environment(t: &mut Template, target: &Target) {
    if let Some(key) = created_key(target) {
        let logs_use = Statement::service(
            "CloudWatchLogsEncrypts",
            &target.partition.logs_principal(target.region),
            KMS_USE.iter().map(|a| (*a).to_owned()).collect(),
            Value::str("*"),
        )
        .when(
            "ArnLike",
            "kms:EncryptionContext:aws:logs:arn",
            log_groups_arn(target),
        );
        t.add(
            key.clone(),
            Resource::new(kms::Key {
                description: format!(
                    "fleetform: log groups of {}",
                    naming::environment_stack(target.app_name(), target.env_name)
                ),
                enable_key_rotation: true,
                key_policy: PolicyDocument::new(vec![key_admin(), logs_use]),
            })
            .retain(),
        );
        t.add(
            lid("LogKeyAlias"),
            Resource::new(kms::Alias {
                alias_name: format!(
                    "alias/fleetform/{}/{}/logs",
                    target.app_name(),
                    target.env_name
                ),
                target_key_id: Value::r#ref(&key),
            }),
        );
        params::publish(t, target, Published::LogKey, Value::get_att(&key, "Arn"));
    }
    if let Some(analytics) = &target.env.logs.analytics {
        add_analytics(t, target, analytics);
    }
}

/// The S3 destination's prefixes: objects by delivery date, failures by error type and date.
const PREFIX: &str = "logs/!{timestamp:yyyy/MM/dd}/";
const ERROR_PREFIX: &str = "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/";

fn processor(kind: &'static str, name: &'static str, value: &'static str) -> firehose::Processor {
    firehose::Processor {
        type_name: kind,
        parameters: vec![firehose::ProcessorParameter {
            parameter_name: name,
            parameter_value: value,
        }],
    }
}

/// The analytics bucket, the Firehose stream into it, the stream's role and the role
/// `CloudWatch` Logs assumes to feed the stream.
fn add_analytics(t: &mut Template, target: &Target, analytics: &Analytics) {
    let access_logs = bucket::add_access_log_bucket(t);
    let bucket_id = lid("LogAnalyticsBucket");
    bucket::add(
        t,
        &bucket_id,
        bucket::Spec {
            access_logs: Some((&access_logs, "log-analytics/")),
            expire_days: analytics.expire,
            kms_key: None,
        },
    );
    bucket::add_tls_policy(t, &bucket_id, Vec::new());

    let stream_name = naming::log_stream_name(target.app_name(), target.env_name);
    let stream_arn = Value::arn(&format!(
        "firehose:${{AWS::Region}}:${{AWS::AccountId}}:deliverystream/{stream_name}"
    ));
    let bucket_arn = Value::get_att(&bucket_id, "Arn");
    let role = lid("LogStreamRole");
    let statements = vec![Statement::allow(
        [
            "s3:AbortMultipartUpload",
            "s3:GetBucketLocation",
            "s3:GetObject",
            "s3:ListBucket",
            "s3:ListBucketMultipartUploads",
            "s3:PutObject",
        ]
        .iter()
        .map(|a| (*a).to_owned())
        .collect(),
        vec![
            bucket_arn.clone(),
            Value::sub(format!("${{{bucket_id}.Arn}}/*")),
        ],
    )];
    t.add(
        role.clone(),
        Resource::new(iam::Role {
            role_name: None,
            scope: super::role_scope::of(target),
            assume_role_policy_document: PolicyDocument::new(vec![
                Statement::assume_role("firehose.amazonaws.com").when(
                    "StringEquals",
                    "sts:ExternalId",
                    Value::sub("${AWS::AccountId}"),
                ),
            ]),
            managed_policy_arns: Vec::new(),
            policies: vec![Policy {
                policy_name: "deliver".to_owned(),
                policy_document: PolicyDocument::new(statements),
            }],
        }),
    );

    // Records arrive gzipped in CloudWatch Logs' envelope: store one message a line. The
    // Firehose guide documents decompression and message extraction for CloudWatch Logs
    // subscriptions ("Decompression of CloudWatch Logs", "Message extraction"); it rules out an
    // OpenSearch destination, which FF0645 rejects.
    let s3 = firehose::ExtendedS3Destination {
        bucket_arn: bucket_arn.clone(),
        role_arn: Value::get_att(&role, "Arn"),
        prefix: PREFIX.to_owned(),
        error_output_prefix: ERROR_PREFIX.to_owned(),
        buffering_hints: firehose::BufferingHints {
            interval_in_seconds: 300,
            size_in_mbs: 5,
        },
        compression_format: "GZIP",
        processing_configuration: firehose::ProcessingConfiguration {
            enabled: true,
            processors: vec![
                processor("Decompression", "CompressionFormat", "GZIP"),
                processor("CloudWatchLogProcessing", "DataMessageExtraction", "true"),
                processor("AppendDelimiterToRecord", "Delimiter", "\\n"),
            ],
        },
    };
    let stream = lid("LogStream");
    t.add(
        stream.clone(),
        Resource::new(firehose::DeliveryStream {
            delivery_stream_name: stream_name,
            delivery_stream_type: "DirectPut",
            delivery_stream_encryption_configuration_input: firehose::EncryptionInput {
                key_type: "AWS_OWNED_CMK",
            },
            extended_s3_destination_configuration: s3,
        }),
    );

    let subscription_role = lid("LogSubscriptionRole");
    t.add(
        subscription_role.clone(),
        Resource::new(iam::Role {
            role_name: None,
            scope: super::role_scope::of(target),
            assume_role_policy_document: PolicyDocument::new(vec![
                Statement::assume_role(&target.partition.logs_global_principal()).when(
                    "StringLike",
                    "aws:SourceArn",
                    Value::arn("logs:${AWS::Region}:${AWS::AccountId}:*"),
                ),
            ]),
            managed_policy_arns: Vec::new(),
            policies: vec![Policy {
                policy_name: "put-records".to_owned(),
                policy_document: PolicyDocument::new(vec![Statement::allow(
                    vec![
                        "firehose:PutRecord".to_owned(),
                        "firehose:PutRecordBatch".to_owned(),
                    ],
                    vec![stream_arn],
                )]),
            }],
        }),
    );
    params::publish(
        t,
        target,
        Published::LogStream,
        Value::get_att(&stream, "Arn"),
    );
    params::publish(
        t,
        target,
        Published::LogSubscriptionRole,
        Value::get_att(&subscription_role, "Arn"),
    );
}

/// Service or job stack: the KMS key of its log group, if any (its own `kms-key`, else the
/// environment's).
pub fn key_for(t: &mut Template, target: &Target, service: &Service) -> Option<Value> {
    if let Some(key) = &service.logs.kms_key {
        return Some(target.render(key));
    }
    match target.env.logs.kms_key.as_deref() {
        None => None,
        Some(crate::model::CREATE_KEY) => Some(params::import(t, target, Published::LogKey)),
        Some(arn) => Some(target.render(arn)),
    }
}

/// Service or job stack: the subscription of its log group to the environment's analytics
/// stream.
pub fn add_subscription(
    t: &mut Template,
    target: &Target,
    service: &Service,
    log_group: &LogicalId,
) {
    if target.env.logs.analytics.is_none() || !service.logs.analytics {
        return;
    }
    let stream = params::import(t, target, Published::LogStream);
    let role = params::import(t, target, Published::LogSubscriptionRole);
    t.add(
        lid("LogSubscription"),
        Resource::new(logs::SubscriptionFilter {
            filter_name: "fleetform-analytics".to_owned(),
            log_group_name: Value::r#ref(log_group),
            filter_pattern: String::new(),
            destination_arn: stream,
            role_arn: role,
        }),
    );
}

/// The log router's container name.
pub const ROUTER: &str = "log-router";

/// The stack parameter holding the regional AWS for Fluent Bit image.
fn router_image() -> LogicalId {
    lid("FluentBitImage")
}

/// Service or job stack: with `driver: firelens`, the parameter that resolves the region's AWS
/// for Fluent Bit image from its public SSM parameter (present in every partition, so China and
/// `GovCloud` get their own registries).
pub fn add_router_image(t: &mut Template, service: &Service) {
    if service.logs.driver != LogDriver::Firelens {
        return;
    }
    t.add_parameter(
        router_image(),
        Parameter {
            type_name: "AWS::SSM::Parameter::Value<String>".to_owned(),
            default: Some("/aws/service/aws-for-fluent-bit/stable".to_owned()),
            description: Some(
                "the AWS for Fluent Bit image of this region (FireLens log router)".to_owned(),
            ),
            allowed_pattern: None,
        },
    );
}

/// The `awsfirelens` driver of a container: Fluent Bit's `cloudwatch_logs` output into the
/// workload's log group.
pub fn firelens_output(container: &str, log_group: &LogicalId) -> ecs::LogConfiguration {
    ecs::LogConfiguration {
        log_driver: "awsfirelens".to_owned(),
        options: [
            ("Name", Value::str("cloudwatch_logs")),
            ("region", Value::pseudo(Pseudo::Region)),
            ("log_group_name", Value::r#ref(log_group)),
            ("log_stream_prefix", Value::str(format!("{container}/"))),
            ("auto_create_group", Value::str("false")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
    }
}

/// The `FireLens` router container; its own logs go to the log group through `awslogs`.
pub fn log_router(log_group: &LogicalId) -> ecs::ContainerDefinition {
    ecs::ContainerDefinition {
        name: ROUTER.to_owned(),
        image: Value::r#ref(&router_image()),
        essential: true,
        cpu: None,
        memory: None,
        command: None,
        port_mappings: Vec::new(),
        environment: Vec::new(),
        secrets: Vec::new(),
        health_check: None,
        log_configuration: awslogs(log_group, "firelens"),
        readonly_root_filesystem: false,
        user: None,
        linux_parameters: None,
        mount_points: Vec::new(),
        firelens_configuration: Some(ecs::FirelensConfiguration {
            type_name: "fluentbit",
            options: [("enable-ecs-log-metadata".to_owned(), Value::str("true"))]
                .into_iter()
                .collect(),
        }),
        memory_reservation: Some(50),
        stop_timeout: None,
    }
}

/// The `awslogs` driver into `log_group`, streams prefixed `prefix`.
pub fn awslogs(log_group: &LogicalId, prefix: &str) -> ecs::LogConfiguration {
    ecs::LogConfiguration {
        log_driver: "awslogs".to_owned(),
        options: BTreeMap::from([
            ("awslogs-group".to_owned(), Value::r#ref(log_group)),
            ("awslogs-region".to_owned(), Value::pseudo(Pseudo::Region)),
            ("awslogs-stream-prefix".to_owned(), Value::str(prefix)),
        ]),
    }
}
