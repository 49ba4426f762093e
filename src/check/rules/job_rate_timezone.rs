//! A `timezone` on a `rate(…)` schedule. A rate counts from when the schedule was created, whatever
//! the zone, so the setting does nothing and suggests a wall-clock time the job does not keep.
//!
//! # FF0376
//!
//! A time zone changes when `cron(…)` and `at(…)` fire; `rate(…)` runs every N units from the
//! schedule's creation in any zone. Remove `timezone`, or use a `cron(…)` expression for a fixed
//! local time.
//!
//! ```yaml
//! schedule: rate(1 hour)
//! timezone: Europe/Berlin   # no effect
//! ```

use crate::check::context::Context;
use crate::check::schedule_expr::{self, Expression};
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, job) in &ctx.app.jobs {
        let (Some(schedule), Some(_)) = (&job.schedule, &job.timezone) else {
            continue;
        };
        if schedule_expr::parse(schedule) == Ok(Expression::Rate) {
            out.push(
                Diagnostic::warning(
                    Code::FF0376,
                    format!("`timezone` of job `{name}` has no effect on `{schedule}`"),
                )
                .label(ctx.key_span(name, "/timezone"), "ignored by a rate")
                .label(ctx.span(name, "/schedule"), "a rate schedule")
                .help("remove `timezone`, or write a `cron(…)` schedule for a local time of day"),
            );
        }
    }
    out
}
