//! A job `schedule` `EventBridge` Scheduler would reject. Scheduler takes `cron(…)` with six fields
//! (minutes, hours, day-of-month, month, day-of-week, year) where exactly one of the two day fields
//! is `?`, `rate(N unit)` with a singular unit for 1 and a plural one otherwise, and
//! `at(yyyy-mm-ddThh:mm:ss)`. CloudFormation only finds out at deploy time, after the environment
//! stack is up; the label points at the offending part inside the string.
//!
//! # FF0372
//!
//! A job's `schedule` is an EventBridge Scheduler expression:
//!
//! - `cron(minutes hours day-of-month month day-of-week year)`: six fields; minutes 0-59, hours 0-23, day-of-month 1-31 (`L`, `W`), month 1-12 or `JAN`-`DEC`, day-of-week 1-7 or `SUN`-`SAT` (`L`, `#`), year 1970-2199; `*`, `,`, `-` and `/` anywhere; exactly one of day-of-month and day-of-week is `?`;
//! - `rate(value unit)`: a positive whole number and `minute`/`hour`/`day` for 1, `minutes`/`hours`/`days` otherwise;
//! - `at(yyyy-mm-ddThh:mm:ss)`: one run, at that local time of `timezone`.
//!
//! ```yaml
//! schedule: cron(0 2 * * * *)      # day-of-month or day-of-week must be `?`
//! schedule: cron(0 2 * * ? *)      # 02:00 every day
//! schedule: rate(1 hours)          # `rate(1 hour)`
//! ```

use crate::check::context::Context;
use crate::check::schedule_expr::parse;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, job) in &ctx.app.jobs {
        let Some(schedule) = &job.schedule else {
            continue;
        };
        if let Err(e) = parse(schedule) {
            let (doc, pointer) = ctx.locate(name, "/schedule");
            let span = ctx.inner_span(doc, &pointer, e.start, e.end);
            let message = format!("invalid schedule of job `{name}`: {}", e.message);
            out.push(e.diagnostic(Code::FF0372, message, span));
        }
    }
    out
}
