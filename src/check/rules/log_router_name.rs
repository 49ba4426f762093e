//! A container named `log-router` in a workload with `logs.driver: firelens`. fleetform adds the
//! `FireLens` router under that name, and ECS rejects a task definition with two containers of one
//! name.
//!
//! # FF0603
//!
//! With `logs: { driver: firelens }` the task gets a Fluent Bit container named `log-router`; no
//! container of the workload may use that name.
//!
//! ```yaml
//! logs: { driver: firelens }
//! containers:
//!   log-router: { image: fluent/fluent-bit }   # rename it, or drop `driver: firelens`
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::LogDriver;

const ROUTER: &str = "log-router";

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let s = w.service;
        if s.logs.driver != LogDriver::Firelens
            || !s
                .containers
                .as_ref()
                .is_some_and(|c| c.contains_key(ROUTER))
        {
            continue;
        }
        out.push(
            Diagnostic::error(
                Code::FF0603,
                format!(
                    "container `{ROUTER}` of {} `{}` clashes with the firelens log router",
                    w.kind.noun(),
                    w.name
                ),
            )
            .label(
                ctx.key_span(w.name, &format!("/containers/{ROUTER}")),
                "name taken by the log router",
            )
            .help("rename the container, or use `driver: awslogs`"),
        );
    }
    out
}
