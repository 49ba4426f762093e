//! A scheduled job's `retries` outside 0 to 185, or `max-age` outside what `EventBridge`
//! Scheduler's `RetryPolicy` takes (60-86400 seconds). `max-age` out of bounds would fail the
//! deploy on the schedule, after the rest of the job's stack was created; `retries` keeps the
//! bounds it had when Scheduler retried the job itself (now the state machine's `Retry` does,
//! which FF0367 bounds further against the one-year execution limit).
//!
//! # FF0375
//!
//! The job's state machine retries a failed run at most 185 times (`retries: 0` to `185`, default
//! 2); Scheduler keeps trying to start a run for at most a day (`max-age: 60` to `86400` seconds,
//! default 86400).
//!
//! ```yaml
//! retries: 200     # at most 185
//! max-age: 30      # at least 60 seconds
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// The bounds of `MaximumRetryAttempts`.
pub const RETRIES: (u32, u32) = (0, 185);
/// The bounds of `MaximumEventAgeInSeconds`.
pub const MAX_AGE: (u32, u32) = (60, 86_400);

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, job) in &ctx.app.jobs {
        for (key, value, (min, max), unit) in [
            ("retries", job.retries, RETRIES, " attempts"),
            ("max-age", job.max_age, MAX_AGE, " seconds"),
        ] {
            let Some(value) = value else { continue };
            if (min..=max).contains(&value) {
                continue;
            }
            out.push(
                Diagnostic::error(
                    Code::FF0375,
                    format!("`{key}: {value}` of job `{name}` is outside {min} to {max}"),
                )
                .label(
                    ctx.span(name, &format!("/{key}")),
                    format!("{min} to {max}{unit}"),
                )
                .help(format!(
                    "set `{key}: {}`: it takes {min} to {max}{unit}",
                    value.clamp(min, max)
                )),
            );
        }
    }
    out
}
