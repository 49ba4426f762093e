//! A listener whose container port is not a port of the service (or a service with no port at
//! all). ECS registers the task at the container's port; a port no container declares leaves
//! the target group empty and the service failing its deployment.
//!
//! # FF0435
//!
//! `listeners[].container-port` must be the `port` of one of the service's containers; without
//! it the listener forwards to the service's first container port, so the service needs one.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        let ports = service.ports();
        for (i, l) in service.listeners.iter().enumerate() {
            let ok = match l.container_port {
                Some(p) => ports.contains(&p),
                None => !ports.is_empty(),
            };
            if ok {
                continue;
            }
            let (rel, what) = match l.container_port {
                Some(p) => (
                    format!("/listeners/{i}/container-port"),
                    format!("no container of `{name}` has port {p}"),
                ),
                None => (
                    format!("/listeners/{i}"),
                    format!("`{name}` has no container port to forward to"),
                ),
            };
            let help = if ports.is_empty() {
                format!("give `{name}` a `port` (the container port the listener forwards to)")
            } else {
                let list: Vec<String> = ports.iter().map(u16::to_string).collect();
                format!("set `container-port` to one of {}", list.join(", "))
            };
            out.push(
                Diagnostic::error(
                    Code::FF0435,
                    format!("listener on port {} forwards to no container port", l.port),
                )
                .label(ctx.key_span(name, &rel), what)
                .help(help),
            );
        }
    }
    out
}
