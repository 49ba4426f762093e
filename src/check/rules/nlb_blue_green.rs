//! Listeners on a DNS blue/green service. A DNS blue/green service runs two
//! colours behind their own load balancers, and fleetform attaches Network Load Balancer
//! listeners to a plain service only; they would be silently dropped.
//!
//! # FF0437
//!
//! `listeners` need a service without DNS blue/green: remove one or the other.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.app
        .services
        .iter()
        .filter(|(_, s)| !s.listeners.is_empty() && s.dns_blue_green().is_some())
        .map(|(name, _)| {
            Diagnostic::error(
                Code::FF0437,
                format!("service `{name}` has listeners and DNS blue/green"),
            )
            .label(
                ctx.key_span(name, "/listeners"),
                "network load balancer listeners are not attached to blue/green colours",
            )
            .help(format!(
                "remove `listeners` from `{name}`, or deploy it without DNS blue/green"
            ))
        })
        .collect()
}
