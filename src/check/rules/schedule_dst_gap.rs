//! A scheduled local time that does not exist in its time zone because the clocks spring forward
//! over it (e.g. 02:30 on the second Sunday of March in `America/New_York`). `EventBridge`
//! Scheduler skips an invocation that falls on a non-existent local time, so the job may never run;
//! Application Auto Scaling does not document what it does there, so scaling windows and `at(…)`
//! actions get the same warning. The help gives the same wall time shifted by the gap, which
//! exists.
//!
//! # FF0476
//!
//! Local times are in the action's or job's `timezone`. When the clocks spring forward, an hour of
//! local time does not exist, and a schedule at such a time is skipped. Pick a time outside the
//! gap.
//!
//! ```yaml
//! timezone: America/New_York
//! schedule: at(2027-03-14T02:30:00)   # clocks go from 02:00 to 03:00
//! ```

use crate::check::context::Context;
use crate::check::schedule::{Local, locate};
use crate::check::schedule_times::gather;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for item in gather(ctx).into_iter().filter(|i| !i.utc_field) {
        let Some(zone) = item.zone.as_deref() else {
            continue;
        };
        let Some(Local::Gap { after }) = locate(item.time, Some(zone)) else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                Code::FF0476,
                format!(
                    "{} ({}) does not exist in `{zone}`: the clocks skip it for daylight saving time",
                    item.what,
                    item.time.iso()
                ),
            )
            .label(item.span, "no such local time")
            .help(format!("use `{}`, which exists", item.written(after))),
        );
    }
    out
}
