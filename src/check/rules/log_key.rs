//! A log `kms-key` that is not a KMS key ARN. `CloudWatch` Logs takes only a key ARN (not a key ID
//! or an alias), and `create` is an environment setting; otherwise the log group fails to create
//! mid-deploy.
//!
//! # FF0601
//!
//! `logs.kms-key` is a KMS key ARN, `arn:…:kms:REGION:ACCOUNT:key/ID` (CloudWatch Logs rejects
//! aliases and bare key IDs). An environment's `logs.kms-key` may also be `create`: fleetform then
//! creates the key, with a key policy that lets CloudWatch Logs use it.
//!
//! ```yaml
//! logs: { kms-key: alias/logs }   # arn:{{partition}}:kms:{{region}}:{{account}}:key/…
//! ```

use crate::check::context::Context;
use crate::check::scoped::arns;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::model::CREATE_KEY;
use crate::source::escape_token;

/// What is wrong with `text` as a key ARN, if anything.
fn problem(text: &str, environment: bool) -> Option<String> {
    if text == CREATE_KEY {
        return (!environment).then(|| {
            "`create` is an environment setting (`environments.ENV.logs.kms-key`)".to_owned()
        });
    }
    let Some(arn) = arns(text).into_iter().next().filter(|a| a.start == 0) else {
        return Some(format!("`{text}` is not an arn"));
    };
    let resource = arn.text.splitn(6, ':').nth(5).unwrap_or_default();
    if arn.service != "kms" {
        return Some(format!(
            "arn `{}` is an `{}` arn, not `kms`",
            arn.text, arn.service
        ));
    }
    if resource.starts_with("alias/") {
        return Some(format!("`{}` is an alias arn", arn.text));
    }
    (!resource.starts_with("key/") || resource.len() <= 4)
        .then(|| format!("arn `{}` does not name a key", arn.text))
}

fn diagnostic(span: Span, problem: &str, environment: bool) -> Diagnostic {
    Diagnostic::error(Code::FF0601, format!("log kms-key: {problem}"))
        .label(span, "not a kms key arn")
        .help(if environment {
            "write a key arn `arn:{{partition}}:kms:{{region}}:{{account}}:key/ID`, or `create`"
        } else {
            "write a key arn `arn:{{partition}}:kms:{{region}}:{{account}}:key/ID`, or set `logs.kms-key: create` on the environment"
        })
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        if let Some(key) = &e.logs.kms_key
            && let Some(p) = problem(key, true)
        {
            let span = ctx.app_span(&format!("/environments/{}/logs/kms-key", escape_token(env)));
            out.push(diagnostic(span, &p, true));
        }
    }
    for w in ctx.workloads() {
        if let Some(key) = &w.service.logs.kms_key
            && let Some(p) = problem(key, false)
        {
            out.push(diagnostic(ctx.span(w.name, "/logs/kms-key"), &p, false));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn keys_aliases_and_create() {
        assert_eq!(
            problem("arn:aws:kms:us-east-1:111122223333:key/1234abcd", false),
            None
        );
        assert_eq!(problem("create", true), None);
        assert!(problem("create", false).is_some());
        assert!(problem("arn:aws:kms:us-east-1:111122223333:alias/logs", true).is_some());
        assert!(problem("arn:aws:sns:us-east-1:111122223333:key/x", true).is_some());
        assert!(problem("1234abcd", true).is_some());
    }
}
