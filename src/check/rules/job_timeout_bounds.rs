//! A scheduled job's `timeout` outside 60 seconds to 7 days. It becomes the `TimeoutSeconds` of
//! the state machine's task state: below a minute a task is stopped while Fargate is still
//! pulling its image, and a longer run belongs in a service, not in a job retried and reported
//! by Step Functions (whose execution itself ends after a year).
//!
//! # FF0366
//!
//! `timeout` is how many seconds one run of a scheduled job's task may take before Step Functions
//! stops the task and reports the run as failed: from `60` to `604800` (7 days).
//!
//! ```yaml
//! schedule: rate(1 day)
//! timeout: 10          # at least 60 seconds
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// The bounds of `timeout`, in seconds.
pub const TIMEOUT: (u32, u32) = (60, 604_800);

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let (min, max) = TIMEOUT;
    ctx.app
        .jobs
        .iter()
        .filter_map(|(name, job)| Some((name, job.timeout?)))
        .filter(|(_, timeout)| !(min..=max).contains(timeout))
        .map(|(name, timeout)| {
            let fitting = timeout.clamp(min, max);
            Diagnostic::error(
                Code::FF0366,
                format!("`timeout: {timeout}` of job `{name}` is outside {min} to {max} seconds"),
            )
            .label(
                ctx.span(name, "/timeout"),
                format!("{min} to {max} seconds (7 days)"),
            )
            .help(format!("set `timeout: {fitting}`, or remove it for no time limit"))
        })
        .collect()
}
