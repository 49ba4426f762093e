//! A `tasks` alarm with Container Insights off. Running and desired task counts are Container
//! Insights metrics; without them the alarm would never leave `INSUFFICIENT_DATA`.
//!
//! # FF0631
//!
//! `alarms.tasks` compares Container Insights' `RunningTaskCount` with `DesiredTaskCount`. With
//! `cluster.insights: disabled` those metrics do not exist; turn insights on (`enabled`, the
//! default) or drop the alarm.
//!
//! ```yaml
//! cluster: { insights: disabled }
//! alarms: { tasks: true }   # never fires
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AlarmSetting, Insights, ServiceAlarms};

fn on(setting: Option<AlarmSetting>) -> bool {
    setting.is_some_and(|s| s != AlarmSetting::Switch(false))
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    if ctx.app.cluster.insights != Insights::Disabled {
        return Vec::new();
    }
    let diag = |span| {
        Diagnostic::error(
            Code::FF0631,
            "a `tasks` alarm needs Container Insights, which `cluster.insights` turns off",
        )
        .label(
            span,
            "running and desired task counts come from Container Insights",
        )
        .help("set `cluster.insights: enabled`, or `tasks: false`")
    };
    let mut out = Vec::new();
    if on(ctx.app.alarms.as_ref().and_then(|a| a.tasks)) {
        out.push(diag(ctx.app_key_span("/alarms/tasks")));
    }
    for (name, s) in &ctx.app.services {
        if let Some(ServiceAlarms::Set(a)) = &s.alarms
            && on(a.tasks)
        {
            out.push(diag(ctx.key_span(name, "/alarms/tasks")));
        }
    }
    out
}
