//! Log analytics into `OpenSearch` (`logs.analytics.opensearch`, `index`). The stream is fed by
//! `CloudWatch` Logs subscription filters, and the Firehose developer guide ("Writing to Amazon
//! Data Firehose using `CloudWatch` Logs") states that Firehose does not deliver `CloudWatch` Logs
//! to an `OpenSearch` Service destination: one Firehose record carries many log events and
//! `OpenSearch` takes one event per record. Its decompression and message extraction processors are
//! documented for the other destinations, not for `OpenSearch`, so fleetform has no supported way
//! to emit this and rejects the keys rather than build a stream whose documents fail.
//!
//! # FF0645
//!
//! Firehose cannot deliver CloudWatch Logs to an OpenSearch Service domain: CloudWatch Logs puts
//! many log events in one Firehose record, and OpenSearch accepts one event per record (Amazon Data
//! Firehose developer guide, "Writing to Amazon Data Firehose using CloudWatch Logs").
//! `logs.analytics` delivers to its S3 bucket only; remove `opensearch` and `index`. To search the
//! logs in OpenSearch, point an OpenSearch Ingestion pipeline (S3 source) at the analytics bucket,
//! or subscribe the log groups to OpenSearch from CloudWatch Logs, outside fleetform.
//!
//! ```yaml
//! logs:
//!   analytics:
//!     opensearch: arn:{{partition}}:es:{{region}}:{{account}}:domain/logs   # remove
//!     index: logs                                                         # remove
//!     expire: 30
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        let Some(analytics) = &e.logs.analytics else {
            continue;
        };
        let pointer =
            |key: &str| format!("/environments/{}/logs/analytics/{key}", escape_token(env));
        let keys: Vec<&str> = [
            ("opensearch", analytics.opensearch.is_some()),
            ("index", analytics.index.is_some()),
        ]
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(key, _)| key)
        .collect();
        let Some(first) = keys.first() else {
            continue;
        };
        let mut d = Diagnostic::error(
            Code::FF0645,
            format!(
                "log analytics of environment `{env}`: firehose cannot deliver cloudwatch logs to opensearch"
            ),
        )
        .label(
            ctx.app_span(&pointer(first)),
            "cloudwatch logs batch many events into one record",
        );
        for key in &keys[1..] {
            d = d.label(ctx.app_span(&pointer(key)), "an opensearch setting");
        }
        let remove = keys
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        out.push(d.help(format!(
            "remove {remove} from `logs.analytics` (`analytics: {{}}` if no key is left): the logs go to its s3 bucket, which an opensearch ingestion pipeline can read"
        )));
    }
    out
}
