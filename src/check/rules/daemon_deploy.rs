//! Deployment settings a daemon cannot have: a maximum above 100% (`same-size` or raw numbers; ECS
//! requires exactly 100% for a daemon, which never runs two tasks on one instance) or a
//! traffic-shifting strategy (`blue-green`, `canary`, `linear` need replica services).
//!
//! # FF0355
//!
//! A daemon replaces its one task per instance in place: its maximum is 100% (ECS rejects more) and
//! it deploys with `rolling` only. `least-space` (50/100) replaces half the instances' tasks at a
//! time; the default (0/100, as ECS) replaces them all at once.
//!
//! ```yaml
//! agent:
//!   scheduling: daemon
//!   deploy:
//!     rolling: same-size   # 200% maximum: use least-space
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Scheduling;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        if s.scheduling != Scheduling::Daemon {
            continue;
        }
        if s.deploy.strategy.shifts_traffic() {
            out.push(
                Diagnostic::error(
                    Code::FF0355,
                    format!(
                        "daemon service `{name}` deploys with `{}`",
                        s.deploy.strategy.name()
                    ),
                )
                .label(
                    ctx.span(name, "/deploy/strategy"),
                    "daemons deploy with `rolling` only",
                )
                .help("remove `strategy` (a daemon replaces its task on each instance in place), or make the service a replica service"),
            );
            continue;
        }
        let (_, max) = s.deploy.percents(s.scheduling);
        if max > 100 {
            out.push(
                Diagnostic::error(
                    Code::FF0355,
                    format!("daemon service `{name}` allows {max}% of its tasks during a deployment"),
                )
                .label(ctx.span(name, "/deploy/rolling"), format!("{max}% maximum"))
                .help("a daemon never runs two tasks on one instance, so its maximum is 100%: use `rolling: least-space` (50/100) or `maximum-percent: 100`")
                .fix(ctx.span(name, "/deploy/rolling"), "least-space"),
            );
        }
    }
    out
}
