//! A service's `stop-timeout` above 120 seconds where its tasks may run on Fargate. ECS rejects
//! the task definition: on Fargate a container's `stopTimeout` is at most 120 seconds (the
//! Fargate Spot interruption warning is two minutes, so a longer window could never be used
//! there either).
//!
//! # FF0462
//!
//! On Fargate (`fargate`, `spot`, or no EC2 capacity), `stop-timeout` is 1..120 seconds. Only
//! services on EC2 capacity may wait longer (the ECS agent honours any value there).
//!
//! ```yaml
//! services:
//!   worker:
//!     capacity: spot
//!     stop-timeout: 300   # at most 120 on Fargate
//! ```

use super::{is_fargate, providers};
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// The largest `stopTimeout` Fargate accepts, in seconds.
pub const FARGATE_MAX: u32 = 120;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(timeout) = s.stop_timeout else {
            continue;
        };
        if timeout <= FARGATE_MAX {
            continue;
        }
        let all = providers(&ctx.app, s);
        let Some(which) = all
            .iter()
            .find(|p| is_fargate(p))
            .map(String::as_str)
            .or_else(|| all.is_empty().then_some("fargate"))
        else {
            continue;
        };
        out.push(
            Diagnostic::error(
                Code::FF0462,
                format!(
                    "service `{name}` may run on `{which}`, where `stop-timeout` is at most {FARGATE_MAX} seconds"
                ),
            )
            .label(ctx.span(name, "/stop-timeout"), format!("{timeout} seconds"))
            .help(format!(
                "set `stop-timeout: {FARGATE_MAX}` (a Fargate Spot task gets a two-minute warning), or run the service on EC2 capacity"
            )),
        );
    }
    out
}
