//! FF0602: a log-analytics `opensearch` value that is not an `OpenSearch` Service domain ARN.
//! Firehose takes the domain ARN (`arn:…:es:REGION:ACCOUNT:domain/NAME`); an endpoint URL or
//! a collection ARN fails the stream's creation.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::check::scoped::arns;
use crate::diagnostic::Diagnostic;
use crate::source::escape_token;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0602",
    title: "opensearch destination not a domain arn",
    explanation: "`logs.analytics.opensearch` is an OpenSearch Service domain ARN, \
`arn:…:es:REGION:ACCOUNT:domain/NAME` (not its endpoint URL, not a serverless collection).\n\n\
```yaml\nanalytics:\n  opensearch: https://search-logs-abc.us-east-1.es.amazonaws.com   # arn:{{partition}}:es:{{region}}:{{account}}:domain/logs\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        let Some(domain) = e
            .logs
            .analytics
            .as_ref()
            .and_then(|a| a.opensearch.as_ref())
        else {
            continue;
        };
        let ok = arns(domain).into_iter().next().is_some_and(|arn| {
            let resource = arn.text.splitn(6, ':').nth(5).unwrap_or_default();
            arn.start == 0
                && arn.service == "es"
                && resource.starts_with("domain/")
                && resource.len() > "domain/".len()
        });
        if !ok {
            out.push(
                Diagnostic::error(
                    "FF0602",
                    format!("log analytics of environment `{env}`: `{domain}` is not an opensearch domain arn"),
                )
                .label(
                    ctx.app_span(&format!(
                        "/environments/{}/logs/analytics/opensearch",
                        escape_token(env)
                    )),
                    "not a domain arn",
                )
                .help("write `arn:{{partition}}:es:{{region}}:{{account}}:domain/NAME`"),
            );
        }
    }
    out
}
