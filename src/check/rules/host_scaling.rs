//! EC2 host-scaling numbers Auto Scaling or ECS reject: a `desired` size outside `min`..`max`, or a
//! managed-scaling `min-step` above `max-step`.
//!
//! # FF0348
//!
//! An EC2 capacity's `desired` lies between its `min` and `max`, and `min-step` is at most
//! `max-step`.
//!
//! ```yaml
//! cluster:
//!   capacity:
//!     general: { instance: c6i.large, min: 2, desired: 1, max: 10, min-step: 5, max-step: 2 }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Capacity;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, cap) in &ctx.app.cluster.capacity {
        let Capacity::Ec2(c) = cap else { continue };
        let base = format!("/cluster/capacity/{}", escape_token(name));
        if let Some(desired) = c.desired
            && !(c.min..=c.max).contains(&desired)
        {
            out.push(
                Diagnostic::error(
                    Code::FF0348,
                    format!(
                        "capacity `{name}` wants `desired: {desired}` instances, outside `min: {}` to `max: {}`",
                        c.min, c.max
                    ),
                )
                .label(ctx.app_span(&format!("{base}/desired")), "desired size")
                .help(format!("make `desired` between {} and {}", c.min, c.max)),
            );
        }
        if let (Some(lo), Some(hi)) = (c.min_step, c.max_step)
            && lo > hi
        {
            out.push(
                Diagnostic::error(
                    Code::FF0348,
                    format!("capacity `{name}` has `min-step: {lo}` above `max-step: {hi}`"),
                )
                .label(ctx.app_span(&format!("{base}/min-step")), "smallest step")
                .label(ctx.app_span(&format!("{base}/max-step")), "largest step")
                .help("make `min-step` at most `max-step`"),
            );
        }
    }
    out
}
