//! A job `timezone` that is not an IANA time zone name. `EventBridge` Scheduler rejects the
//! schedule at deploy time; the list is the IANA time zone database's names (shared with scheduled
//! scaling, `check::time_zones`), which is what Scheduler's `ScheduleExpressionTimezone` takes.
//!
//! # FF0373
//!
//! A job's `timezone` is an IANA time zone name such as `Europe/Berlin`, `America/New_York` or
//! `UTC`; names are case-sensitive. Scheduler evaluates `cron(…)` and `at(…)` in that zone,
//! daylight saving time included.
//!
//! ```yaml
//! timezone: Europe/Berlinn   # did you mean `Europe/Berlin`?
//! ```

use crate::check::context::Context;
use crate::check::{suggest, time_zones};
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, job) in &ctx.app.jobs {
        let Some(zone) = &job.timezone else { continue };
        if time_zones::is_known(zone) {
            continue;
        }
        let help = suggest::did_you_mean(zone, time_zones::names()).unwrap_or_else(|| {
            "write an IANA time zone name, e.g. `Europe/Berlin`, `America/New_York` or `UTC`"
                .to_owned()
        });
        out.push(
            Diagnostic::error(
                Code::FF0373,
                format!("time zone `{zone}` of job `{name}` is not an IANA time zone"),
            )
            .label(ctx.span(name, "/timezone"), "unknown time zone")
            .help(help),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::check::time_zones::is_known;

    #[test]
    fn zones() {
        assert!(is_known("Europe/Berlin"));
        assert!(is_known("UTC"));
        assert!(is_known("America/Argentina/Buenos_Aires"));
        assert!(!is_known("europe/berlin"));
        assert!(!is_known("CEST"));
        assert!(!is_known(""));
    }
}
