//! A scheduled job's `retries` or `max-age` outside what `EventBridge` Scheduler's `RetryPolicy`
//! takes (0-185 attempts, 60-86400 seconds). The deploy would fail on the schedule, after the rest
//! of the job's stack was created.
//!
//! # FF0375
//!
//! Scheduler retries a failed invocation at most 185 times (`retries: 0` to `185`, default 185) for
//! at most a day (`max-age: 60` to `86400` seconds, default 86400).
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
                    "EventBridge Scheduler takes `{key}` from {min} to {max}{unit}"
                )),
            );
        }
    }
    out
}
