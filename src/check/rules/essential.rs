//! A task whose containers are all `essential: false`. ECS requires at least one essential
//! container; the task definition would be rejected at deploy time.
//!
//! # FF0315
//!
//! At least one container of a task must be essential (the default); ECS rejects a task definition
//! without one.
//!
//! ```yaml
//! containers:
//!   app: { image: app:1, essential: false }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.workloads()
        .filter(|w| {
            w.service
                .containers
                .as_ref()
                .is_some_and(|c| !c.is_empty() && c.values().all(|c| !c.essential))
        })
        .map(|w| {
            Diagnostic::error(
                Code::FF0315,
                format!("{} has no essential container", w.describe()),
            )
            .label(
                ctx.key_span(w.name, "/containers"),
                "every container is `essential: false`",
            )
            .help("mark the main container `essential: true` (or drop `essential: false`)")
        })
        .collect()
}
