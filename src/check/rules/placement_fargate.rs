//! A `placement` on tasks that run on Fargate. Placement constraints and strategies choose among
//! EC2 container instances; ECS rejects them for Fargate tasks, and a strategy mixing Fargate and
//! EC2 providers would place part of the tasks on Fargate.
//!
//! # FF0330
//!
//! Placement constraints and strategies only apply to EC2 capacity: on Fargate, AWS picks the host
//! and ECS rejects a placement. Give the service EC2 capacity, or remove `placement`.
//!
//! ```yaml
//! services:
//!   api:
//!     capacity: fargate
//!     placement: balanced   # error: fargate has no instances to place on
//! ```

use super::is_fargate;
use crate::check::context::Context;
use super::placement::owners;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in owners(ctx) {
        let fargate: Vec<String> = if o.providers.is_empty() {
            vec!["`fargate`".to_owned()]
        } else {
            o.providers
                .iter()
                .filter(|p| is_fargate(p))
                .map(|p| format!("`{p}`"))
                .collect()
        };
        if fargate.is_empty() {
            continue;
        }
        let how = if fargate.len() == o.providers.len() || o.providers.is_empty() {
            "runs on fargate"
        } else {
            "runs partly on fargate"
        };
        out.push(
            Diagnostic::error(
                Code::FF0330,
                format!("{} has a placement but {how} ({})", o.name, fargate.join(", ")),
            )
            .label(ctx.key_span_in(o.doc, &o.base), "placement needs ec2 capacity")
            .help(
                "placement applies only to EC2 capacity: give it an EC2 capacity (`capacity: NAME`) or remove `placement`",
            ),
        );
    }
    out
}
