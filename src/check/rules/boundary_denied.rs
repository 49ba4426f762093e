//! A permission the app's permissions boundary will deny. Every role an app's pipeline deploys
//! carries the boundary `fleetform-{app}-boundary`, which allows every action except IAM, STS,
//! Organizations and Account (and, of those, only passing, reading and assuming the app's own
//! roles), so that nothing the pipeline creates can reach account administration. A task-role
//! permission in those services is therefore denied at run time when the pipeline deploys the
//! service, although the template deploys: the task finds out, not the author. A warning, since the
//! same blueprint deployed without the pipeline carries no boundary.
//!
//! # FF0399
//!
//! Roles that an app's pipeline deploys carry the app's permissions boundary, which denies every
//! IAM, STS, Organizations and Account action except passing, reading and assuming the app's own
//! roles (`role/fleetform/{app}/…`). A task role that lists such an action (say `sts:AssumeRole` on
//! a role of another account) deploys, but the action is denied when the task calls it. Call the
//! other account through a resource policy that trusts the task role (S3 bucket, SQS queue, KMS
//! key, …), or deploy the service outside the pipeline.
//!
//! ```yaml
//! pipeline: { … }
//! services:
//!   web:
//!     permissions:
//!       - allow: [sts:AssumeRole]   # denied by the boundary
//!         on: arn:aws:iam::444455556666:role/reader
//! ```

use crate::check::context::Context;
use crate::check::iam_action;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::StringOrList;

/// The services the boundary denies.
const DENIED: [&str; 4] = ["iam", "sts", "organizations", "account"];
/// What the boundary still allows, on the app's own roles only.
const OWN_ROLES_ONLY: [&str; 4] = [
    "iam:GetRole",
    "iam:PassRole",
    "sts:AssumeRole",
    "sts:TagSession",
];

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let app = &ctx.app;
    if app.pipeline.is_none() {
        return Vec::new();
    }
    let own = format!(":role/fleetform/{}/", app.name);
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s, kind) = (w.name, w.service, w.kind.noun());
        for (i, p) in s.permissions.iter().enumerate() {
            let on_own_roles = match &p.on {
                StringOrList::One(r) => r.contains(&own),
                StringOrList::Many(rs) => !rs.is_empty() && rs.iter().all(|r| r.contains(&own)),
            };
            for (j, action) in p.allow.iter().enumerate() {
                // A pattern that matches every action is FF0306 already.
                if iam_action::grants_everything(action) {
                    continue;
                }
                let prefix = action.split(':').next().unwrap_or_default();
                let Some(denied) = DENIED.iter().find(|d| iam_action::matches(prefix, d)) else {
                    continue;
                };
                if on_own_roles
                    && OWN_ROLES_ONLY
                        .iter()
                        .any(|a| iam_action::matches(action, a))
                {
                    continue;
                }
                out.push(
                    Diagnostic::warning(
                        Code::FF0399,
                        format!(
                            "{kind} `{service}` allows `{action}`, but the permissions boundary of `{}`'s pipeline denies every `{denied}` action",
                            app.name
                        ),
                    )
                    .label(
                        ctx.span(service, &format!("/permissions/{i}/allow/{j}")),
                        "denied at run time when the pipeline deploys this",
                    )
                    .help(format!(
                        "remove `{action}`: grant access to the other account's resource through its resource policy instead (see `fleetform explain FF0399`)"
                    )),
                );
            }
        }
    }
    out
}
