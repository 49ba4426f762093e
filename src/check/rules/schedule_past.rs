//! A scheduled action or one-time job schedule whose last time is already past: a window whose
//! `until` has gone by, a `when: at(…)`, the `end` of a recurring action or a job's `at(…)`.
//! Application Auto Scaling and `EventBridge` Scheduler accept it and never run it, so the capacity
//! or job the blueprint promises silently never happens. Runs only when the compile is given the
//! time (`Options::now`; the CLI's clock or `FLEETFORM_NOW`).
//!
//! # FF0475
//!
//! A window whose `until` has passed, a `when: at(…)` or recurring action `end` in the past, or a
//! job `schedule: at(…)` in the past never runs: the services accept it and do nothing. Checked
//! against the time of the build (the clock, or `FLEETFORM_NOW` in RFC 3339).
//!
//! ```yaml
//! schedule:
//!   black-friday: { from: 2020-11-27T00:00, until: 2020-11-28T00:00, min: 40 }   # over
//! ```

use crate::check::context::Context;
use crate::check::schedule::{Local, locate};
use crate::check::schedule_times::gather;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(now) = ctx.now else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in gather(ctx).into_iter().filter(|i| i.last) {
        let Some(Local::At(when)) = locate(item.time, item.zone.as_deref()) else {
            continue;
        };
        if when >= now {
            continue;
        }
        // A time that exists: the same wall time of day, a year after now's date.
        let zone = item.zone.as_deref().unwrap_or("UTC");
        let Some(future) = next_year(item.time, now, zone) else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                Code::FF0475,
                format!(
                    "{} ({} {zone}) is in the past, so it never runs",
                    item.what,
                    item.time.iso()
                ),
            )
            .label(item.span, "already past")
            .help(format!(
                "move it into the future, e.g. `{}`, or remove it",
                item.written(future)
            )),
        );
    }
    out
}

/// `time`'s wall clock on the date one year after `now` in `zone`, if that exists there.
fn next_year(
    time: crate::check::schedule::DateTime,
    now: jiff::Timestamp,
    zone: &str,
) -> Option<crate::check::schedule::DateTime> {
    let tz = crate::check::time_zones::zone(zone)?;
    let date = now.to_zoned(tz).date();
    let candidate = crate::check::schedule::DateTime {
        year: u32::try_from(date.year()).ok()? + 1,
        month: u32::try_from(date.month()).ok()?,
        // 1 keeps Feb 29 out.
        day: 1,
        ..time
    };
    match locate(candidate, Some(zone))? {
        Local::At(_) => Some(candidate),
        Local::Gap { after } => Some(after),
    }
}
