//! `count` on a daemon service. A daemon runs exactly one task per container instance; ECS rejects
//! a desired count on one, and the number would silently mean nothing.
//!
//! # FF0354
//!
//! A daemon service runs one task on every instance of its capacities; the number of tasks follows
//! the number of instances. Size the capacity (`min`/`max`) instead.
//!
//! ```yaml
//! agent:
//!   scheduling: daemon
//!   count: 3   # remove
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Scheduling;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.app
        .services
        .iter()
        .filter(|(name, s)| s.scheduling == Scheduling::Daemon && ctx.service_has(name, "/count"))
        .map(|(name, _)| {
            Diagnostic::error(
                Code::FF0354,
                format!("daemon service `{name}` sets `count`"),
            )
            .label(ctx.key_span(name, "/count"), "a daemon runs one task per instance")
            .help("remove `count`: the daemon's task count follows its capacity's instances (size them with `min`/`max`)")
        })
        .collect()
}
