//! A service's `scaling.min` above its `scaling.max`. Application Auto Scaling rejects the scalable
//! target, so the stack would fail mid-deploy.
//!
//! # FF0340
//!
//! `scaling.min` must be at most `scaling.max`.
//!
//! ```yaml
//! scaling: { min: 10, max: 4, cpu: 60 }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        if scaling.min > scaling.max {
            out.push(
                Diagnostic::error(
                    Code::FF0340,
                    format!(
                        "service `{name}` scales between `min: {}` and a lower `max: {}`",
                        scaling.min, scaling.max
                    ),
                )
                .label(ctx.span(name, "/scaling/min"), "minimum")
                .label(ctx.span(name, "/scaling/max"), "maximum")
                .help("make `scaling.min` at most `scaling.max`"),
            );
        }
    }
    out
}
