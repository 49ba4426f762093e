//! `ingress.access-logs`: the shared load balancer writes access logs to S3. A created bucket
//! is SSE-S3 (the only encryption ELB log delivery supports), public access blocked, and
//! expires logs after `expire-days`; its policy lets the region's Elastic Load Balancing
//! account (regions opened before August 2022) or the log-delivery service principal (the
//! others) put objects under `{prefix}/AWSLogs/{account}/`.

use super::{Target, bucket};
use crate::cfn::resources::elbv2::Attribute;
use crate::cfn::resources::iam::{Principal, Statement};
use crate::cfn::{LogicalId, Template, Value};
use crate::naming::id;
use crate::partition::{ELB_LOG_DELIVERY_PRINCIPAL, elb_log_account};

/// What the load balancer needs: its attributes, and the bucket policy to wait for (ELB checks
/// that it may write when the attribute is set).
pub struct Logs {
    pub attributes: Vec<Attribute>,
    pub depends_on: Option<LogicalId>,
}

/// Adds the bucket when created; `None` without `ingress.access-logs`.
pub fn add(t: &mut Template, target: &Target) -> Option<Logs> {
    let logs = target
        .app
        .ingress
        .as_ref()
        .and_then(|i| i.access_logs.as_ref())?;
    let prefix = logs.prefix.as_deref();
    let (bucket_name, depends_on) = if let Some(name) = &logs.bucket {
        // Check guarantees a name for every region that has a load balancer (FF0495).
        (target.render(name.get(target.region)?), None)
    } else {
        let id = id::load_balancer_log_bucket();
        let server_logs = bucket::add_access_log_bucket(t);
        bucket::add(
            t,
            &id,
            bucket::Spec {
                access_logs: Some((&server_logs, "load-balancer-logs/")),
                expire_days: Some(logs.expire_days),
                kms_key: None,
            },
        );
        bucket::add_tls_policy(t, &id, vec![delivery(target, &id, prefix)]);
        (Value::r#ref(&id), Some(bucket::policy_id(&id)))
    };
    let mut attributes = vec![
        Attribute::new("access_logs.s3.enabled", "true"),
        Attribute::new("access_logs.s3.bucket", bucket_name),
    ];
    if let Some(prefix) = prefix {
        attributes.push(Attribute::new("access_logs.s3.prefix", prefix));
    }
    Some(Logs {
        attributes,
        depends_on,
    })
}

/// The statement letting Elastic Load Balancing write the logs of this account.
fn delivery(target: &Target, bucket: &LogicalId, prefix: Option<&str>) -> Statement {
    let path = prefix.map_or(String::new(), |p| format!("{p}/"));
    let objects = Value::sub(format!(
        "${{{bucket}.Arn}}/{path}AWSLogs/${{AWS::AccountId}}/*"
    ));
    let action = vec!["s3:PutObject".to_owned()];
    if let Some(account) = elb_log_account(target.region) {
        let mut statement = Statement::allow(action, vec![objects]);
        statement.sid = Some("ElbAccessLogs".to_owned());
        statement.principal = Some(Principal {
            aws: vec![Value::arn(&format!("iam::{account}:root"))],
            service: Vec::new(),
        });
        statement
    } else {
        Statement::service("ElbAccessLogs", ELB_LOG_DELIVERY_PRINCIPAL, action, objects)
    }
}
