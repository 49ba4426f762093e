//! A scheduled action whose times are malformed or out of order: not exactly one of a window
//! (`from` and `until`) or `when`, a date-time that is not `YYYY-MM-DDTHH:MM[:SS]` or not on the
//! calendar, a window that ends before it starts, `start`/`end` on a window, or an `end` before its
//! `start`. Application Auto Scaling would reject the action or never run it.
//!
//! # FF0342
//!
//! A scheduled action is either a window (`from` and `until`, local times in the action's time
//! zone, `until` after `from`) or one action at `when`, optionally limited by `start` and `end`
//! (UTC, `end` after `start`). Times are `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`.
//!
//! ```yaml
//! schedule:
//!   singles-day: { from: 2026-11-10T23:00, until: 2026-11-12T02:00, min: 50 }
//! ```

use crate::check::context::Context;
use crate::check::schedule::{DateTime, parse_datetime};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::ScheduledScaling;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        for (action, entry) in &scaling.schedule {
            let at = Place {
                ctx,
                service: name,
                action,
            };
            if let Some(d) = form(&at, entry) {
                out.push(d);
                continue;
            }
            times(&at, entry, &mut out);
        }
    }
    out
}

/// Where an entry sits, for labels.
struct Place<'a, 'c> {
    ctx: &'a Context<'c>,
    service: &'a str,
    action: &'a str,
}

impl Place<'_, '_> {
    fn pointer(&self, key: &str) -> String {
        let base = format!("/scaling/schedule/{}", escape_token(self.action));
        if key.is_empty() {
            base
        } else {
            format!("{base}/{key}")
        }
    }
    fn value(&self, key: &str) -> crate::diagnostic::Span {
        self.ctx.span(self.service, &self.pointer(key))
    }
    fn key(&self, key: &str) -> crate::diagnostic::Span {
        self.ctx.key_span(self.service, &self.pointer(key))
    }
}

/// Exactly one of a window (both ends) and `when`.
fn form(at: &Place<'_, '_>, entry: &ScheduledScaling) -> Option<Diagnostic> {
    let windowed = entry.from.is_some() || entry.until.is_some();
    let (span, label, help) = match (windowed, entry.when.is_some()) {
        (true, true) => (
            at.key("when"),
            "`when` next to a window",
            "use either `from`/`until` or `when`",
        ),
        (false, false) => (
            at.key(""),
            "no time",
            "add `from` and `until` (a window) or `when` (one action)",
        ),
        (true, false) if entry.from.is_none() || entry.until.is_none() => (
            at.key(if entry.from.is_none() {
                "until"
            } else {
                "from"
            }),
            "half a window",
            "a window needs both `from` and `until`",
        ),
        _ => return None,
    };
    Some(
        Diagnostic::error(
            Code::FF0342,
            format!(
                "scheduled action `{}` of service `{}` is neither a window nor a `when` action",
                at.action, at.service
            ),
        )
        .label(span, label)
        .help(help),
    )
}

/// Each time parses, ends come after starts, and a window has no `start`/`end`.
fn times(at: &Place<'_, '_>, entry: &ScheduledScaling, out: &mut Vec<Diagnostic>) {
    let (action, name) = (at.action, at.service);
    let mut parsed = |key: &str, value: Option<&String>| -> Option<DateTime> {
        match parse_datetime(value?) {
            Ok(dt) => Some(dt),
            Err(e) => {
                out.push(
                    Diagnostic::error(
                        Code::FF0342,
                        format!("`{key}` of scheduled action `{action}` in service `{name}` is not a date and time: {e}"),
                    )
                    .label(at.value(key), "here")
                    .help("write it as `YYYY-MM-DDTHH:MM`, e.g. `2026-11-10T23:00`"),
                );
                None
            }
        }
    };
    let from = parsed("from", entry.from.as_ref());
    let until = parsed("until", entry.until.as_ref());
    let start = parsed("start", entry.start.as_ref());
    let end = parsed("end", entry.end.as_ref());
    for (first, a, second, b) in [("from", from, "until", until), ("start", start, "end", end)] {
        if let (Some(a), Some(b)) = (a, b)
            && b <= a
        {
            out.push(
                Diagnostic::error(
                    Code::FF0342,
                    format!(
                        "scheduled action `{action}` of service `{name}` has `{second}` ({}) not after `{first}` ({})",
                        b.iso(),
                        a.iso()
                    ),
                )
                .label(at.value(second), second.to_owned())
                .label(at.value(first), first.to_owned())
                .help(format!("make `{second}` later than `{first}`")),
            );
        }
    }
    if entry.from.is_some() {
        for (key, set) in [
            ("start", entry.start.is_some()),
            ("end", entry.end.is_some()),
        ] {
            if set {
                out.push(
                    Diagnostic::error(
                        Code::FF0342,
                        format!("scheduled action `{action}` of service `{name}` is a window, which takes no `{key}`"),
                    )
                    .label(at.key(key), "only with `when`")
                    .help("a window runs once from `from` to `until`; remove `start` and `end`"),
                );
            }
        }
    }
}
