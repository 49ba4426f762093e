//! `count` beside `scaling`. A scaling service's ECS service has no `DesiredCount` (a stack update
//! would otherwise reset what Application Auto Scaling has reached), so `count` is never used: the
//! task count starts at one and stays within `scaling`'s `min`..`max`. A `count` there reads as if
//! it set the starting size, which it does not.
//!
//! # FF0471
//!
//! With `scaling`, Application Auto Scaling owns the task count: the service keeps it within
//! `min`..`max` and fleetform emits no `DesiredCount`, so `count` is ignored. Set the lowest count
//! with `scaling.min`.
//!
//! ```yaml
//! cart:
//!   count: 3          # ignored: remove
//!   scaling: { min: 3, max: 12, cpu: 60 }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Scheduling;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.app
        .services
        .iter()
        // A daemon with either is an error already (FF0380, FF0354).
        .filter(|(_, s)| s.scaling.is_some() && s.scheduling != Scheduling::Daemon)
        .filter(|(name, _)| ctx.service_has(name, "/count"))
        .map(|(name, s)| {
            let min = s.scaling.as_ref().map_or(1, |sc| sc.min);
            Diagnostic::warning(
                Code::FF0471,
                format!(
                    "service `{name}` sets `count: {}` beside `scaling`, which ignores it",
                    s.count
                ),
            )
            .label(
                ctx.span(name, "/count"),
                format!(
                    "ignored: `scaling` keeps the count within {min}..{}",
                    s.scaling.as_ref().map_or(min, |sc| sc.max)
                ),
            )
            .help("remove `count`; `scaling.min` sets the lowest task count")
        })
        .collect()
}
