//! A job on a `rate(…)` schedule whose `timeout` is longer than the rate's period. Scheduler
//! starts a run every period whether or not the last one ended, so two tasks of the job may run
//! at once (and, with `retries`, more): a job that takes a lock or writes the same output
//! usually must not.
//!
//! # FF0368
//!
//! A `timeout` longer than a `rate(…)` schedule's period lets a run still be going when the next
//! one starts. Set `timeout` to the period or less, or keep it and make the job safe to run twice
//! at once.
//!
//! ```yaml
//! schedule: rate(1 hour)
//! timeout: 7200         # a run may still be going at the next hour
//! ```

use crate::check::context::Context;
use crate::check::schedule_expr;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, job) in &ctx.app.jobs {
        let (Some(schedule), Some(timeout)) = (&job.schedule, job.timeout) else {
            continue;
        };
        let Some(period) = schedule_expr::rate_seconds(schedule) else {
            continue;
        };
        if u64::from(timeout) <= period {
            continue;
        }
        out.push(
            Diagnostic::warning(
                Code::FF0368,
                format!(
                    "runs of job `{name}` may overlap: `timeout: {timeout}` is longer than `{schedule}`"
                ),
            )
            .label(ctx.span(name, "/timeout"), "a run may take this long")
            .label(
                ctx.span(name, "/schedule"),
                format!("a new run every {period} seconds"),
            )
            .help(format!(
                "set `timeout: {period}` or less, or make the job safe to run twice at once"
            )),
        );
    }
    out
}
