//! Wildcards in task-role permissions. An action pattern that matches every action of a service
//! (`*`, `s3:*`, `iam:**`, `*:Get*`: IAM reads `*` and `?` anywhere) grants far more than a service needs (and future actions too), so
//! it is an error; `on: "*"` is sometimes unavoidable (actions without resource-level permissions),
//! so it is a warning.
//!
//! # FF0306
//!
//! Permissions list the actions a service needs; `*`, `service:*` and any other pattern of only
//! wildcards (`iam:**`, `*:Get*`) grant every action, including ones added later.
//!
//! ```yaml
//! permissions:
//!   - allow: ["s3:*"]   # list e.g. s3:GetObject, s3:PutObject
//!     on: arn:…
//! ```
//!
//! # FF0320
//!
//! `on: "*"` (a warning) applies the actions to every resource of the account; name the ARNs when
//! the actions support resource-level permissions.
//!
//! ```yaml
//! - allow: [sqs:SendMessage]
//!   on: "*"
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
            for (j, action) in p.allow.iter().enumerate() {
                if iam_action::grants_everything(action) {
                    out.push(
                        Diagnostic::error(Code::FF0306, format!("{kind} `{service}` allows the wildcard action `{action}`"))
                            .label(ctx.span(service, &format!("/permissions/{i}/allow/{j}")), "wildcard action")
                            .help("list the actions the service needs, e.g. `s3:GetObject`, `s3:PutObject`"),
                    );
                }
            }
            let (on_star, pointer) = match &p.on {
                StringOrList::One(r) => (r == "*", format!("/permissions/{i}/on")),
                StringOrList::Many(rs) => match rs.iter().position(|r| r == "*") {
                    Some(k) => (true, format!("/permissions/{i}/on/{k}")),
                    None => (false, String::new()),
                },
            };
            if on_star {
                out.push(
                    Diagnostic::warning(Code::FF0320, format!("a permission of {kind} `{service}` applies to every resource"))
                        .label(ctx.span(service, &pointer), "every resource")
                        .help("name the resource ARNs, e.g. `arn:{{partition}}:sqs:{{region}}:{{account}}:orders`"),
                );
            }
        }
    }
    out
}
