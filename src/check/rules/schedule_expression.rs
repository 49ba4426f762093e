//! A scheduled action's `when` that is not a valid `at(…)`, `cron(…)` or `rate(…)` expression.
//! Application Auto Scaling rejects it at deploy time, after the service stack has started
//! updating; the label points at the faulty part. The parser is the one job schedules use
//! (`check::schedule_expr`): Application Auto Scaling and Scheduler share the syntax.
//!
//! # FF0343
//!
//! `when` is `at(YYYY-MM-DDTHH:MM:SS)`, `rate(N minutes|hours|days)` (`rate(1 day)` in the
//! singular) or `cron(minutes hours day-of-month month day-of-week year)` with exactly one of
//! day-of-month and day-of-week set to `?`.
//!
//! ```yaml
//! schedule:
//!   nightly: { when: "cron(0 2 * * ? *)", min: 2 }
//! ```

use crate::check::context::Context;
use crate::check::schedule_expr::parse;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        for (action, entry) in &scaling.schedule {
            let Some(when) = &entry.when else { continue };
            if let Err(e) = parse(when) {
                let pointer = format!("/scaling/schedule/{}/when", escape_token(action));
                let span = ctx.service_inner_span(name, &pointer, e.start, e.end);
                let message = format!(
                    "`when` of scheduled action `{action}` in service `{name}` is not a valid schedule: {}",
                    e.message
                );
                out.push(e.diagnostic(Code::FF0343, message, span));
            }
        }
    }
    out
}
