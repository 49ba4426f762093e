//! The containers of a task reserve more cpu or memory than the task has. ECS rejects such a task
//! definition; catching it here names the numbers.
//!
//! # FF0313
//!
//! The `cpu` and `memory` of a service's containers must fit in the task's `cpu` and `memory`.
//!
//! ```yaml
//! cpu: 256
//! memory: 512
//! containers:
//!   app: { image: app:1, memory: 512 }
//!   log: { image: fluent-bit:3, memory: 128 }   # 640 > 512
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (name, s, kind) = (w.name, w.service, w.kind.noun());
        let Some(containers) = &s.containers else {
            continue;
        };
        let cpu: u64 = containers
            .values()
            .filter_map(|c| c.cpu)
            .map(u64::from)
            .sum();
        let memory: u64 = containers
            .values()
            .filter_map(|c| c.memory)
            .map(u64::from)
            .sum();
        for (what, sum, limit) in [("cpu", cpu, s.cpu), ("memory", memory, s.memory)] {
            if sum > u64::from(limit) {
                out.push(
                    Diagnostic::error(
                        Code::FF0313,
                        format!("the containers of {kind} `{name}` reserve {sum} {what}, more than the task's {limit}"),
                    )
                    .label(ctx.span(name, &format!("/{what}")), format!("task {what}"))
                    .label(ctx.key_span(name, "/containers"), format!("containers add up to {sum}"))
                    .help(format!("raise the task's `{what}` or lower the containers'")),
                );
            }
        }
    }
    out
}
