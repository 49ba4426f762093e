//! An event target whose ARN names another service than its key (`sns:` given a queue, `lambda:`
//! given something that is not a function). `EventBridge` accepts the rule, but the target is
//! invoked with the wrong API and events are silently dropped.
//!
//! # FF0600
//!
//! Each key of an event rule takes an ARN of its own service: `sns:
//! arn:…:sns:REGION:ACCOUNT:TOPIC`, `sqs: arn:…:sqs:REGION:ACCOUNT:QUEUE`, `lambda:
//! arn:…:lambda:REGION:ACCOUNT:function:NAME`; `sqs: create` makes fleetform create the queue.
//!
//! ```yaml
//! events:
//!   task-stopped:
//!     sns: arn:aws:sqs:us-east-1:111122223333:failures   # sqs: …
//! ```

use crate::check::context::Context;
use crate::check::scoped::arns;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

/// The ARN service of a target kind and what its resource part starts with.
fn expected(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "sns" => ("sns", ""),
        "sqs" => ("sqs", ""),
        _ => ("lambda", "function:"),
    }
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        for (event, targets) in &e.events {
            for (kind, text) in targets.iter() {
                if kind == "sqs" && text == crate::model::CREATE_KEY {
                    continue;
                }
                let pointer = format!(
                    "/environments/{}/events/{}/{kind}",
                    escape_token(env),
                    event.key()
                );
                let (service, resource_prefix) = expected(kind);
                let found = arns(text).into_iter().next();
                let problem = match &found {
                    None => Some(format!("`{text}` is not an arn")),
                    Some(arn) if arn.service != service => Some(format!(
                        "arn `{}` is an `{}` arn, not `{service}`",
                        arn.text, arn.service
                    )),
                    Some(arn) => {
                        let resource = arn.text.splitn(6, ':').nth(5).unwrap_or_default();
                        (!resource.starts_with(resource_prefix)
                            || resource.len() <= resource_prefix.len())
                        .then(|| format!("arn `{}` does not name a {service} function", arn.text))
                    }
                };
                if let Some(problem) = problem {
                    out.push(
                        Diagnostic::error(
                            Code::FF0600,
                            format!(
                                "`{kind}` target of event `{}` in environment `{env}`: {problem}",
                                event.key()
                            ),
                        )
                        .label(ctx.app_span(&pointer), format!("expected a `{service}` arn"))
                        .help(format!(
                            "write `{kind}: arn:{{{{partition}}}}:{service}:{{{{region}}}}:{{{{account}}}}:{resource_prefix}NAME`, or move the arn under its own key"
                        )),
                    );
                }
            }
        }
    }
    out
}
