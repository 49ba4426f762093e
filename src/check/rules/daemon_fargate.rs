//! `scheduling: daemon` on a service whose capacity is Fargate. A daemon runs one task on every EC2
//! container instance; Fargate has no instances, and ECS rejects the service.
//!
//! # FF0353
//!
//! A daemon service runs one task per EC2 container instance (log shippers, monitoring agents).
//! Fargate has no instances, so a daemon must run on EC2 capacities only.
//!
//! ```yaml
//! cluster:
//!   capacity:
//!     hosts: { instance: m7g.large, min: 2, max: 6 }
//! services:
//!   agent:
//!     scheduling: daemon
//!     capacity: hosts   # not fargate or spot
//! ```

use super::{is_fargate, providers};
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Scheduling;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        if s.scheduling != Scheduling::Daemon {
            continue;
        }
        let all = providers(&ctx.app, s);
        let fargate: Vec<&String> = all.iter().filter(|p| is_fargate(p)).collect();
        if !fargate.is_empty() || all.is_empty() {
            let which = fargate.first().map_or("fargate", |f| f.as_str());
            let span = if ctx.service_has(name, "/capacity") {
                ctx.span(name, "/capacity")
            } else {
                ctx.span(name, "/scheduling")
            };
            out.push(
                Diagnostic::error(
                    Code::FF0353,
                    format!("daemon service `{name}` would run on `{which}`, but Fargate cannot run daemons"),
                )
                .label(span, "a daemon needs EC2 container instances")
                .help("set `capacity` to an EC2 capacity of `cluster.capacity` (a daemon runs one task on each of its instances), or use `scheduling: replica`"),
            );
        }
    }
    out
}
