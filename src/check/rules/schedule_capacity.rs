//! A scheduled action that changes no bound, or whose minimum exceeds its maximum (its own, or the
//! service's `scaling.max` when it sets none). Application Auto Scaling rejects the action, or
//! raises the minimum above what the service may ever run.
//!
//! # FF0341
//!
//! A scheduled action sets `min`, `max` or both, and its `min` must be at most its `max` (the
//! service's `scaling.max` when the action sets no `max`). To raise the minimum above the usual
//! maximum, raise `max` in the same action.
//!
//! ```yaml
//! scaling:
//!   min: 4
//!   max: 40
//!   schedule:
//!     sale: { from: 2026-11-10T23:00, until: 2026-11-12T02:00, min: 50, max: 120 }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        for (action, entry) in &scaling.schedule {
            let base = format!("/scaling/schedule/{}", escape_token(action));
            let Some(min) = entry.min else {
                if entry.max.is_none() {
                    out.push(
                        Diagnostic::error(
                            Code::FF0341,
                            format!("scheduled action `{action}` of service `{name}` changes neither `min` nor `max`"),
                        )
                        .label(ctx.key_span(name, &base), "no bounds")
                        .help("set `min`, `max` or both"),
                    );
                }
                continue;
            };
            let max = entry.max.unwrap_or(scaling.max);
            if min > max {
                let mut d = Diagnostic::error(
                    Code::FF0341,
                    format!(
                        "scheduled action `{action}` of service `{name}` sets `min` to {min}, above its maximum of {max}"
                    ),
                )
                .label(ctx.span(name, &format!("{base}/min")), "minimum");
                d = if entry.max.is_some() {
                    d.label(ctx.span(name, &format!("{base}/max")), "maximum")
                        .help("make the action's `min` at most its `max`")
                } else {
                    d.label(ctx.span(name, "/scaling/max"), "the service's maximum")
                        .help(format!(
                            "also raise `max` in this action (to at least {min})"
                        ))
                };
                out.push(d);
            }
        }
    }
    out
}
