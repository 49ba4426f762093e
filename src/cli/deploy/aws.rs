//! [`Cloud`] on the AWS SDK for Rust: the standard credential chain (or `--profile`), one
//! client per region (each stack's region comes from the manifest), and `AWS_ENDPOINT_URL`
//! honoured by `aws-config` itself. The SDK is async; each call blocks on a small runtime so the
//! orchestration stays plain threads.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::Mutex;
use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_cloudformation as cfn;
use aws_sdk_cloudformation::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::types::{
    Capability, ChangeSetStatus, ChangeSetType, Parameter, StackDriftDetectionStatus, Tag,
    TemplateStage,
};
use aws_sdk_s3 as s3;

use super::cloud::{Change, ChangeSetRequest, Cloud, Drift, Event, Prepared, StackState, Template};
use super::decide;

/// How long to wait between two polls: CloudFormation throttles callers that poll too often.
const POLL: Duration = Duration::from_secs(2);

pub struct Aws {
    runtime: tokio::runtime::Runtime,
    config: SdkConfig,
    /// `--bucket`, else one per region named after the account, created when missing.
    bucket: Option<String>,
    /// The bucket known to exist, by region.
    buckets: Mutex<BTreeMap<String, String>>,
}

impl Aws {
    pub fn new(profile: Option<&str>, bucket: Option<String>) -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the AWS client: {e}"))?;
        // rustls on ring rather than the SDK's default HTTPS client, which builds aws-lc.
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http);
        if let Some(profile) = profile {
            loader = loader.profile_name(profile);
        }
        let config = runtime.block_on(loader.load());
        Ok(Self {
            runtime,
            config,
            bucket,
            buckets: Mutex::new(BTreeMap::new()),
        })
    }

    fn cfn(&self, region: &str) -> cfn::Client {
        let config = cfn::config::Builder::from(&self.config)
            .region(Region::new(region.to_owned()))
            .build();
        cfn::Client::from_conf(config)
    }

    fn s3(&self, region: &str) -> s3::Client {
        let config = s3::config::Builder::from(&self.config)
            .region(Region::new(region.to_owned()))
            .build();
        s3::Client::from_conf(config)
    }

    /// The templates bucket of `region`, created when fleetform names it and it is missing.
    fn bucket(&self, region: &str) -> Result<String, String> {
        let mut known = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(name) = known.get(region) {
            return Ok(name.clone());
        }
        let name = match &self.bucket {
            Some(name) => name.clone(),
            None => self.default_bucket(region)?,
        };
        known.insert(region.to_owned(), name.clone());
        Ok(name)
    }

    /// `fleetform-templates-{account}-{region}`, created when missing.
    fn default_bucket(&self, region: &str) -> Result<String, String> {
        let sts = aws_sdk_sts::Client::from_conf(
            aws_sdk_sts::config::Builder::from(&self.config)
                .region(Region::new(region.to_owned()))
                .build(),
        );
        let me = self
            .runtime
            .block_on(sts.get_caller_identity().send())
            .map_err(message)?;
        let account = me.account().unwrap_or_default();
        let name = format!("fleetform-templates-{account}-{region}");
        let s3 = self.s3(region);
        if self
            .runtime
            .block_on(s3.head_bucket().bucket(&name).send())
            .is_err()
        {
            let mut create = s3.create_bucket().bucket(&name);
            // us-east-1 takes no location constraint.
            if region != "us-east-1" {
                create = create.create_bucket_configuration(
                    s3::types::CreateBucketConfiguration::builder()
                        .location_constraint(s3::types::BucketLocationConstraint::from(region))
                        .build(),
                );
            }
            self.runtime.block_on(create.send()).map_err(message)?;
        }
        Ok(name)
    }
}

/// The service's code and message, or the SDK's whole error chain (no credentials, no network).
#[allow(clippy::needless_pass_by_value)] // called as `map_err(message)`, which hands the error over
fn message<E, R>(e: SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: Debug,
{
    match e.as_service_error() {
        Some(s) => format!(
            "{}: {}",
            s.code().unwrap_or("error"),
            s.message().unwrap_or_default()
        ),
        None => DisplayErrorContext(&e).to_string(),
    }
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}

impl Cloud for Aws {
    fn stack(&self, region: &str, name: &str) -> Result<Option<StackState>, String> {
        let call = self.cfn(region).describe_stacks().stack_name(name).send();
        let out = match self.runtime.block_on(call) {
            Ok(out) => out,
            Err(e) => {
                let e = message(e);
                // CloudFormation's answer for a stack that does not exist.
                return if e.contains("does not exist") {
                    Ok(None)
                } else {
                    Err(e)
                };
            }
        };
        Ok(out.stacks().first().map(|s| StackState {
            status: s
                .stack_status()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            reason: s.stack_status_reason().map(str::to_owned),
            parameters: s
                .parameters()
                .iter()
                .map(|p| (text(p.parameter_key()), text(p.parameter_value())))
                .collect(),
        }))
    }

    fn prepare_change_set(&self, r: &ChangeSetRequest<'_>) -> Result<Prepared, String> {
        let client = self.cfn(r.region);
        let mut call = client
            .create_change_set()
            .stack_name(r.stack)
            .change_set_name(r.name)
            .change_set_type(if r.create {
                ChangeSetType::Create
            } else {
                ChangeSetType::Update
            })
            .set_parameters(Some(
                r.parameters
                    .iter()
                    .map(|(k, v)| {
                        Parameter::builder()
                            .parameter_key(k)
                            .parameter_value(v)
                            .build()
                    })
                    .collect(),
            ))
            .set_tags(Some(
                r.tags
                    .iter()
                    .map(|(k, v)| Tag::builder().key(k).value(v).build())
                    .collect(),
            ))
            .set_capabilities(Some(
                r.capabilities
                    .iter()
                    .map(|c| Capability::from(c.as_str()))
                    .collect(),
            ));
        call = match &r.template {
            Template::Body(body) => call.template_body(body),
            Template::Url(url) => call.template_url(url),
        };
        let created = self.runtime.block_on(call.send()).map_err(message)?;
        let id = created.id().unwrap_or(r.name).to_owned();
        let mut changes = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let call = client
                .describe_change_set()
                .change_set_name(&id)
                .stack_name(r.stack)
                .set_next_token(token.clone())
                .send();
            let out = self.runtime.block_on(call).map_err(message)?;
            match out.status() {
                Some(ChangeSetStatus::CreateComplete) => {}
                Some(ChangeSetStatus::Failed) => {
                    let reason = text(out.status_reason());
                    return Ok(if decide::no_changes(&reason) {
                        Prepared::Empty { id }
                    } else {
                        Prepared::Failed { id, reason }
                    });
                }
                _ => {
                    self.pause();
                    continue;
                }
            }
            changes.extend(
                out.changes()
                    .iter()
                    .filter_map(|c| c.resource_change())
                    .map(|c| Change {
                        action: c
                            .action()
                            .map(|a| a.as_str().to_owned())
                            .unwrap_or_default(),
                        logical_id: text(c.logical_resource_id()),
                        resource_type: text(c.resource_type()),
                        replacement: c.replacement().map(|r| r.as_str().to_owned()),
                    }),
            );
            token = out.next_token().map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
        Ok(if changes.is_empty() {
            Prepared::Empty { id }
        } else {
            Prepared::Ready { id, changes }
        })
    }

    fn execute_change_set(&self, region: &str, id: &str) -> Result<(), String> {
        let call = self
            .cfn(region)
            .execute_change_set()
            .change_set_name(id)
            .send();
        self.runtime.block_on(call).map(|_| ()).map_err(message)
    }

    fn delete_change_set(&self, region: &str, id: &str) -> Result<(), String> {
        let call = self
            .cfn(region)
            .delete_change_set()
            .change_set_name(id)
            .send();
        self.runtime.block_on(call).map(|_| ()).map_err(message)
    }

    fn delete_stack(&self, region: &str, name: &str) -> Result<(), String> {
        let call = self.cfn(region).delete_stack().stack_name(name).send();
        self.runtime.block_on(call).map(|_| ()).map_err(message)
    }

    fn events(&self, region: &str, name: &str) -> Result<Vec<Event>, String> {
        let call = self
            .cfn(region)
            .describe_stack_events()
            .stack_name(name)
            .send();
        let out = self.runtime.block_on(call).map_err(message)?;
        Ok(out
            .stack_events()
            .iter()
            .map(|e| Event {
                id: text(e.event_id()),
                logical_id: text(e.logical_resource_id()),
                resource_type: text(e.resource_type()),
                status: e
                    .resource_status()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                reason: e.resource_status_reason().map(str::to_owned),
            })
            .collect())
    }

    fn template(&self, region: &str, name: &str) -> Result<String, String> {
        let call = self
            .cfn(region)
            .get_template()
            .stack_name(name)
            .template_stage(TemplateStage::Original)
            .send();
        let out = self.runtime.block_on(call).map_err(message)?;
        Ok(text(out.template_body()))
    }

    fn drift(&self, region: &str, name: &str) -> Result<Vec<Drift>, String> {
        let client = self.cfn(region);
        let call = client.detect_stack_drift().stack_name(name).send();
        let started = self.runtime.block_on(call).map_err(message)?;
        let id = text(started.stack_drift_detection_id());
        loop {
            let call = client
                .describe_stack_drift_detection_status()
                .stack_drift_detection_id(&id)
                .send();
            let out = self.runtime.block_on(call).map_err(message)?;
            match out.detection_status() {
                Some(StackDriftDetectionStatus::DetectionInProgress) => self.pause(),
                Some(StackDriftDetectionStatus::DetectionFailed) => {
                    return Err(text(out.detection_status_reason()));
                }
                _ => break,
            }
        }
        let call = client
            .describe_stack_resource_drifts()
            .stack_name(name)
            .send();
        let out = self.runtime.block_on(call).map_err(message)?;
        Ok(out
            .stack_resource_drifts()
            .iter()
            .map(|d| Drift {
                logical_id: text(d.logical_resource_id()),
                resource_type: text(d.resource_type()),
                status: d
                    .stack_resource_drift_status()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
            })
            .collect())
    }

    fn upload(&self, region: &str, key: &str, body: &str) -> Result<String, String> {
        let bucket = self.bucket(region)?;
        let call = self
            .s3(region)
            .put_object()
            .bucket(&bucket)
            .key(key)
            .content_type("application/json")
            .body(s3::primitives::ByteStream::from(body.as_bytes().to_vec()))
            .send();
        self.runtime.block_on(call).map_err(message)?;
        let suffix = if region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        Ok(format!("https://{bucket}.s3.{region}.{suffix}/{key}"))
    }

    fn pause(&self) {
        std::thread::sleep(POLL);
    }
}
