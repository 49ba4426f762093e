//! A job without a `schedule` that sets `timezone`, `retries`, `timeout`, `max-age` or
//! `dead-letter`. Those configure `EventBridge` Scheduler and the Step Functions state machine it
//! starts, which only a scheduled job has; a job run by hand (`aws ecs run-task`) would silently
//! ignore them.
//!
//! # FF0374
//!
//! `timezone`, `retries`, `timeout`, `max-age` and `dead-letter` tell EventBridge Scheduler and
//! the job's Step Functions state machine how to run a scheduled job. A job without `schedule`
//! only runs when someone calls `aws ecs run-task`, so they would do nothing: add a `schedule` or
//! remove them.
//!
//! ```yaml
//! jobs:
//!   migrate:
//!     image: app:{{tag}}
//!     retries: 3        # no schedule: nothing retries
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, job) in &ctx.app.jobs {
        if job.schedule.is_some() {
            continue;
        }
        let set = [
            ("timezone", job.timezone.is_some()),
            ("retries", job.retries.is_some()),
            ("timeout", job.timeout.is_some()),
            ("max-age", job.max_age.is_some()),
            ("dead-letter", job.dead_letter.is_some()),
        ];
        for (key, _) in set.iter().filter(|(_, is_set)| *is_set) {
            out.push(
                Diagnostic::error(
                    Code::FF0374,
                    format!("job `{name}` has no `schedule`, so `{key}` has no effect"),
                )
                .label(
                    ctx.key_span(name, &format!("/{key}")),
                    "only for scheduled jobs",
                )
                .label(ctx.key_span(name, ""), "this job runs only on demand")
                .help(format!(
                    "add a `schedule` (e.g. `cron(0 2 * * ? *)`), or remove `{key}`"
                )),
            );
        }
    }
    out
}
