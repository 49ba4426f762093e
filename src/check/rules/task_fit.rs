//! A service on EC2 capacity whose most tasks (`scaling.max`, else `count`) cannot fit on its
//! capacities' most instances. Each instance holds as many tasks as its vCPUs, memory and network
//! interfaces allow (every awsvpc task takes an ENI); beyond that, tasks stay PROVISIONING. Skipped
//! when an instance type is not in fleetform's table.
//!
//! # FF0349
//!
//! fleetform estimates the tasks per instance of a capacity from its instance type (vCPUs × 1024 ÷
//! task `cpu`, memory ÷ task `memory`, and ENIs − 1, since each awsvpc task takes a network
//! interface) and multiplies by the capacity's `max`. When a service's most tasks exceed that,
//! scaling out stalls. Raise the capacity's `max`, pick a larger instance type, or lower
//! `scaling.max`. Other services on the same capacity need room too.
//!
//! ```yaml
//! cluster: { capacity: { general: { instance: c6i.large, max: 2 } } }
//! services:
//!   web: { capacity: general, cpu: 512, memory: 1024, scaling: { min: 1, max: 20 } }
//! ```

use super::providers;
use crate::check::context::Context;
use crate::check::instance_types;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Capacity;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let mut slots = 0u64;
        let mut parts = Vec::new();
        let mut first = None;
        let mut known = true;
        for provider in providers(&ctx.app, s) {
            let Some(Capacity::Ec2(c)) = ctx.app.cluster.capacity.get(&provider) else {
                continue;
            };
            let Some(kind) = instance_types::lookup(&c.instance) else {
                known = false;
                break;
            };
            let per = kind.tasks(s.cpu, s.memory);
            slots += u64::from(per) * u64::from(c.max);
            parts.push(format!(
                "{per} per `{}` × {} instances of `{provider}`",
                c.instance, c.max
            ));
            first.get_or_insert(provider);
        }
        let Some(capacity) = first.filter(|_| known) else {
            continue;
        };
        let (most, place) = match &s.scaling {
            Some(x) => (x.max, "/scaling/max"),
            None => (s.count, "/count"),
        };
        if u64::from(most) > slots {
            out.push(
                Diagnostic::warning(
                    Code::FF0349,
                    format!(
                        "service `{name}` may run {most} tasks, but its EC2 capacity holds about {slots} ({})",
                        parts.join(" + ")
                    ),
                )
                .label(ctx.span(name, place), format!("{most} tasks"))
                .label(
                    ctx.app_span(&format!("/cluster/capacity/{}/max", escape_token(&capacity))),
                    "most instances",
                )
                .help("raise the capacity's `max`, use a larger instance type, or lower the service's maximum"),
            );
        }
    }
    out
}
