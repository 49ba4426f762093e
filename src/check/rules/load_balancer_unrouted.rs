//! A service that names a `load-balancer` but has no `route`: nothing of it goes on that load
//! balancer, so the setting does nothing, and the author probably forgot the route (the service
//! would be unreachable from outside).
//!
//! # FF0485
//!
//! `load-balancer` says which of `ingress.load-balancers` takes the service's `route` (for a DNS
//! blue/green service, whose settings its colours' load balancers copy). Without a `route` it has
//! no effect: add the route, or remove `load-balancer`.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.app
        .services
        .iter()
        .filter(|(_, s)| s.load_balancer.is_some() && s.route.is_none())
        .map(|(name, _)| {
            Diagnostic::warning(
                Code::FF0485,
                format!("service `{name}` names a `load-balancer` but has no `route`"),
            )
            .label(ctx.key_span(name, "/load-balancer"), "nothing goes on it")
            .help(format!(
                "remove `load-balancer` from service `{name}`, or give it a `route`"
            ))
        })
        .collect()
}
