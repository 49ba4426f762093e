//! A task-role permission that names a KMS alias ARN for a key operation. IAM matches `Resource`
//! against the key's ARN; an alias ARN there matches only the alias itself, so `kms:Decrypt` on
//! `…:alias/x` grants nothing and the service fails with `AccessDenied` at run time (AWS KMS
//! Developer Guide, "Specifying KMS keys in IAM policy statements" and "Use aliases to control
//! access to KMS keys": alias-based access takes the `kms:ResourceAliases` condition, which
//! `permissions` do not express). Alias ARNs are right for the alias operations (`kms:CreateAlias`,
//! `kms:UpdateAlias`, `kms:DeleteAlias`), so those pass.
//!
//! # FF0470
//!
//! IAM policies identify a KMS key only by its key ARN; a `Resource` that is an alias ARN applies
//! to the alias, not to the key behind it, so key operations on it are never allowed. Name the key
//! ARN (a multi-region key keeps one ID, `mrk-…`, in every region).
//!
//! ```yaml
//! permissions:
//!   - allow: [kms:Decrypt]
//!     on: "arn:{{partition}}:kms:{{region}}:{{account}}:alias/payments"   # grants nothing
//!     # on: "arn:{{partition}}:kms:{{region}}:{{account}}:key/mrk-…"
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::StringOrList;

/// KMS actions whose resource is the alias (the alias ARN is right for them).
const ALIAS_ACTIONS: &[&str] = &["kms:createalias", "kms:updatealias", "kms:deletealias"];

/// Whether `arn` names a KMS alias: `arn:PARTITION:kms:REGION:ACCOUNT:alias/…`, placeholders
/// (`{{region}}`) included.
fn is_alias_arn(arn: &str) -> bool {
    let mut parts = arn.splitn(6, ':');
    parts.next() == Some("arn")
        && parts.next().is_some()
        && parts.next() == Some("kms")
        && parts.nth(2).is_some_and(|rest| rest.starts_with("alias/"))
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (name, kind) = (w.name, w.kind.noun());
        for (i, p) in w.service.permissions.iter().enumerate() {
            let Some(action) = p.allow.iter().find(|a| {
                let a = a.to_ascii_lowercase();
                a.starts_with("kms:") && !ALIAS_ACTIONS.contains(&a.as_str())
            }) else {
                continue;
            };
            let arns: Vec<(String, &str)> = match &p.on {
                StringOrList::One(arn) => vec![(format!("/permissions/{i}/on"), arn.as_str())],
                StringOrList::Many(arns) => arns
                    .iter()
                    .enumerate()
                    .map(|(k, arn)| (format!("/permissions/{i}/on/{k}"), arn.as_str()))
                    .collect(),
            };
            for (pointer, arn) in arns {
                if !is_alias_arn(arn) {
                    continue;
                }
                let key = arn.split_once(":alias/").map_or(arn, |(head, _)| head);
                out.push(
                    Diagnostic::error(
                        Code::FF0470,
                        format!("{kind} `{name}` allows `{action}` on the KMS alias `{arn}`, which grants nothing"),
                    )
                    .label(ctx.span(name, &pointer), "an alias ARN: IAM matches the key's ARN")
                    .help(format!(
                        "name the key by its ARN: `{key}:key/KEY-ID` (the key ID or `mrk-…` ID the alias points to)"
                    )),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_alias_arn;

    #[test]
    fn alias_arns_are_told_from_key_arns() {
        assert!(is_alias_arn(
            "arn:{{partition}}:kms:{{region}}:{{account}}:alias/grocery-prod"
        ));
        assert!(is_alias_arn("arn:aws:kms:us-east-1:123456789012:alias/x"));
        assert!(!is_alias_arn("arn:aws:kms:us-east-1:123456789012:key/1234"));
        assert!(!is_alias_arn("arn:aws:s3:::alias/x"));
        assert!(!is_alias_arn("*"));
    }
}
