//! Every local date-time a blueprint schedules something at, gathered once for the rules that
//! look at when it would fire (FF0475 in the past, FF0476 in a daylight-saving gap).

use crate::check::context::Context;
use crate::check::schedule::{DateTime, at_time, parse_datetime};
use crate::diagnostic::Span;
use crate::source::escape_token;

/// One scheduled date-time and where it is written.
pub struct Scheduled {
    /// What it is, for messages, e.g. "`until` of scheduled action `sale` of service `web`".
    pub what: String,
    pub span: Span,
    pub time: DateTime,
    /// The IANA zone it is local to; `None` is UTC.
    pub zone: Option<String>,
    /// Written as `at(…)` rather than a bare date-time (the help keeps the form).
    pub at_form: bool,
    /// Nothing of this entry fires after it (`until`, `end`, a one-time `at(…)`).
    pub last: bool,
    /// `start`/`end` of a recurring action are UTC, never in a daylight-saving gap.
    pub utc_field: bool,
}

impl Scheduled {
    /// `time` written the way the blueprint writes it here.
    pub fn written(&self, time: DateTime) -> String {
        if self.at_form {
            format!("at({})", time.iso())
        } else {
            time.iso()
        }
    }
}

/// The scheduled times of every service's `scaling.schedule` and every job's `at(…)`, in name
/// order. Values that do not parse are left out (FF0342 and FF0372 report them).
pub fn gather(ctx: &Context<'_>) -> Vec<Scheduled> {
    let mut out = Vec::new();
    for (service, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        for (action, entry) in &scaling.schedule {
            let zone = entry.timezone.clone().or_else(|| scaling.timezone.clone());
            let window = entry.from.is_some() || entry.until.is_some();
            let keys = [
                ("from", entry.from.as_ref(), false, false),
                ("until", entry.until.as_ref(), true, false),
                ("when", entry.when.as_ref(), !window, false),
                ("end", entry.end.as_ref(), true, true),
            ];
            for (key, value, last, utc_field) in keys {
                let Some(value) = value else { continue };
                let at_form = key == "when";
                let time = if at_form {
                    at_time(value)
                } else {
                    parse_datetime(value).ok()
                };
                let Some(time) = time else { continue };
                let pointer = format!("/scaling/schedule/{}/{key}", escape_token(action));
                out.push(Scheduled {
                    what: format!("`{key}` of scheduled action `{action}` of service `{service}`"),
                    span: ctx.span(service, &pointer),
                    time,
                    zone: if utc_field { None } else { zone.clone() },
                    at_form,
                    last,
                    utc_field,
                });
            }
        }
    }
    for (name, job) in &ctx.app.jobs {
        let Some(time) = job.schedule.as_deref().and_then(at_time) else {
            continue;
        };
        out.push(Scheduled {
            what: format!("the schedule of job `{name}`"),
            span: ctx.span(name, "/schedule"),
            time,
            zone: job.timezone.clone(),
            at_form: true,
            last: true,
            utc_field: false,
        });
    }
    out
}
