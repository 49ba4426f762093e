//! A scheduled job whose `timeout`, times its runs (`retries` + 1), plus the waits between them,
//! exceeds a year. A Step Functions standard execution lasts at most one year; the execution
//! would be ended with its last retries still due, and no failure would reach the dead-letter
//! queue (a `Catch` does not see the end of its own execution).
//!
//! # FF0367
//!
//! The worst case of one scheduled run is `(retries + 1) × timeout` plus the waits between
//! retries (60 seconds, doubling up to an hour each). It must fit in Step Functions' one-year
//! execution limit (31536000 seconds): lower `retries` or `timeout`.
//!
//! ```yaml
//! schedule: rate(7 days)
//! timeout: 604800      # 7 days
//! retries: 60          # 61 runs of up to 7 days: over a year
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::job::DEFAULT_RETRIES;

/// The longest a Step Functions standard workflow execution runs, in seconds.
pub const EXECUTION_LIMIT: u64 = 31_536_000;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, job) in &ctx.app.jobs {
        let (Some(_), Some(timeout)) = (&job.schedule, job.timeout) else {
            continue;
        };
        if timeout > super::job_timeout_bounds::TIMEOUT.1 {
            continue; // FF0366 says so first
        }
        let retries = job.retries.unwrap_or(DEFAULT_RETRIES);
        let worst = (u64::from(retries) + 1) * u64::from(timeout) + job.retry_waits();
        if worst <= EXECUTION_LIMIT {
            continue;
        }
        // The most retries that still fit, for the help.
        let fitting = (0..retries)
            .rev()
            .find(|&r| {
                let probe = crate::model::Job {
                    retries: Some(r),
                    ..crate::model::Job::default()
                };
                (u64::from(r) + 1) * u64::from(timeout) + probe.retry_waits() <= EXECUTION_LIMIT
            })
            .unwrap_or(0);
        let mut diagnostic = Diagnostic::error(
            Code::FF0367,
            format!(
                "job `{name}` may run {worst} seconds, longer than a Step Functions execution (one year)"
            ),
        )
        .label(
            ctx.span(name, "/timeout"),
            format!("each of {} runs may take this long", u64::from(retries) + 1),
        );
        if job.retries.is_some() {
            diagnostic = diagnostic.label(ctx.span(name, "/retries"), "retries of a failed run");
        }
        out.push(diagnostic.help(format!("set `retries: {fitting}`, or a lower `timeout`")));
    }
    out
}
