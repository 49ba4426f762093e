//! A task with more containers than ECS allows. ECS service quotas: containers per task definition,
//! 10, not adjustable; `logs.driver: firelens` adds a log-router container to the ones written.
//! `RegisterTaskDefinition` would refuse it mid-deploy ("Too many containers").
//!
//! # FF0447
//!
//! A task definition holds at most 10 containers, counting the log router that `logs.driver:
//! firelens` adds. Containers that need not share a task belong in a service of their own, reached
//! through `calls`.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::LogDriver;

/// The most containers a task definition may have.
const MAX_CONTAINERS: usize = 10;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let Some(containers) = &w.service.containers else {
            continue;
        };
        let router = usize::from(w.service.logs.driver == LogDriver::Firelens);
        let total = containers.len() + router;
        if total <= MAX_CONTAINERS {
            continue;
        }
        let (label, help) = if router == 1 {
            (
                format!(
                    "{} containers and the FireLens log router",
                    containers.len()
                ),
                format!(
                    "keep at most {} containers (the log router takes the tenth): move the others into a service of their own",
                    MAX_CONTAINERS - 1
                ),
            )
        } else {
            (
                format!("{} containers", containers.len()),
                format!(
                    "keep at most {MAX_CONTAINERS} containers: move the others into a service of their own"
                ),
            )
        };
        out.push(
            Diagnostic::error(
                Code::FF0447,
                format!(
                    "the task of {} would have {total} containers; ECS allows {MAX_CONTAINERS}",
                    w.describe()
                ),
            )
            .label(ctx.key_span(w.name, "/containers"), label)
            .help(help),
        );
    }
    out
}
