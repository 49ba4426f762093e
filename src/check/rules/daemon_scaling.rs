//! `scaling` on a daemon service. A daemon runs one task per container instance; its task count
//! follows the instances, and ECS does not let Application Auto Scaling change it.
//!
//! # FF0380
//!
//! A daemon service runs one task on every instance of its capacities, so its task count is not
//! scalable. Scale the capacity instead (EC2 capacity `min`/`max` and managed scaling `target`).
//!
//! ```yaml
//! agent:
//!   scheduling: daemon
//!   scaling: { min: 1, max: 4 }   # remove
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Scheduling;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.app
        .services
        .iter()
        .filter(|(_, s)| s.scheduling == Scheduling::Daemon && s.scaling.is_some())
        .map(|(name, _)| {
            Diagnostic::error(Code::FF0380, format!("daemon service `{name}` sets `scaling`"))
                .label(ctx.key_span(name, "/scaling"), "a daemon's task count follows its instances")
                .help("remove `scaling`; scale the daemon's EC2 capacity (`min`/`max`, managed scaling `target`) instead")
        })
        .collect()
}
