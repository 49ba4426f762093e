//! A percentage alarm (`cpu`, `memory`, `errors`) with a threshold above 100. The metric never
//! exceeds 100 %, so the alarm could never fire.
//!
//! # FF0633
//!
//! `cpu` and `memory` are average utilisation in percent and `errors` the share of 5xx responses in
//! percent: a threshold above 100 never fires.
//!
//! ```yaml
//! alarms: { cpu: 180 }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::model::{AlarmKind, AlarmSetting, Alarms, ServiceAlarms};

fn over(alarms: &Alarms, mut span: impl FnMut(&str) -> Span, out: &mut Vec<Diagnostic>) {
    for kind in AlarmKind::ALL.into_iter().filter(|k| k.percent()) {
        let threshold = match alarms.get(kind) {
            Some(AlarmSetting::Threshold(t)) => (t, ""),
            Some(AlarmSetting::Full(d)) => match d.threshold {
                Some(t) => (t, "/threshold"),
                None => continue,
            },
            _ => continue,
        };
        if threshold.0 <= 100.0 {
            continue;
        }
        out.push(
            Diagnostic::error(
                Code::FF0633,
                format!(
                    "the `{}` alarm's threshold {} is above 100 %",
                    kind.key(),
                    threshold.0
                ),
            )
            .label(
                span(&format!("/alarms/{}{}", kind.key(), threshold.1)),
                "a percentage",
            )
            .help("give a percentage from 0 to 100"),
        );
    }
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(a) = &ctx.app.alarms {
        over(a, |p| ctx.app_span(p), &mut out);
    }
    for (name, s) in &ctx.app.services {
        if let Some(ServiceAlarms::Set(a)) = &s.alarms {
            over(a, |p| ctx.span(name, p), &mut out);
        }
    }
    out
}
