//! A permission that lets the service escalate its own privileges. Actions such as `iam:PassRole`,
//! `iam:PutRolePolicy` or `sts:AssumeRole` on a wildcard resource let a compromised task hand
//! itself any role or policy in the account, so the task role would be as good as administrator.
//! Patterns are matched the way IAM reads them (`iam:*Role*`, `iam:Put*`, any case), against a
//! known list. Patterns that match every action are
//! FF0306 already, so they are not reported twice.
//!
//! # FF0396
//!
//! An action that can raise the task's own privileges (`iam:PassRole`, `iam:AttachRolePolicy`,
//! `iam:PutRolePolicy`, `iam:CreatePolicyVersion`, `iam:CreateAccessKey`, `sts:AssumeRole`,
//! `lambda:UpdateFunctionCode`, …, also when reached through a wildcard such as `iam:*Role*` or
//! `iam:Put*`) on a resource with a wildcard (`*`, `role/*`) lets a compromised task take any role
//! or policy of the account. Name the exact resources, or leave the action out.
//!
//! ```yaml
//! permissions:
//!   - allow: [iam:PassRole]
//!     on: "*"   # write arn:{{partition}}:iam::{{account}}:role/NAME
//! ```

use crate::check::context::Context;
use crate::check::iam_action;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::StringOrList;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s, kind) = (w.name, w.service, w.kind.noun());
        for (i, p) in s.permissions.iter().enumerate() {
            let resources: Vec<&String> = match &p.on {
                StringOrList::One(r) => vec![r],
                StringOrList::Many(rs) => rs.iter().collect(),
            };
            let Some(wide) = resources.iter().find(|r| r.contains(['*', '?'])) else {
                continue;
            };
            for (j, action) in p.allow.iter().enumerate() {
                if iam_action::grants_everything(action) {
                    continue;
                }
                let found = iam_action::escalations(action);
                let Some(first) = found.first() else {
                    continue;
                };
                let what = if found.len() == 1 && first.eq_ignore_ascii_case(action) {
                    format!("`{first}`")
                } else {
                    let list: Vec<String> = found.iter().map(|a| format!("`{a}`")).collect();
                    format!("`{action}` (which matches {})", list.join(", "))
                };
                out.push(
                    Diagnostic::error(
                        Code::FF0396,
                        format!("{kind} `{service}` may escalate its privileges: it allows {what} on `{wide}`"),
                    )
                    .label(ctx.span(service, &format!("/permissions/{i}/allow/{j}")), "privilege escalation")
                    .help("name the exact resources in `on`, e.g. `arn:{{partition}}:iam::{{account}}:role/NAME`, or remove the action"),
                );
            }
        }
    }
    out
}
