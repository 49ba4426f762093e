//! A routed service without `load-balancer` in an app whose `ingress.load-balancers` are all
//! `automatic: false`: there is nowhere to put its listener rule.
//!
//! # FF0484
//!
//! With `ingress.load-balancers`, a routed service without `load-balancer` goes to one of the
//! load balancers that allow `automatic` placement (the default). When every one says
//! `automatic: false`, name one with `load-balancer`, or allow automatic placement on one.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(named) = ctx.app.named_load_balancers() else {
        return Vec::new();
    };
    if named.values().any(|lb| lb.automatic) {
        return Vec::new();
    }
    let first = named.keys().next().map_or("NAME", String::as_str);
    ctx.app
        .services
        .iter()
        .filter(|(_, s)| s.load_balancer.is_none() && s.route.is_some())
        .map(|(name, _)| {
            Diagnostic::error(
                Code::FF0484,
                format!(
                    "service `{name}` has a route but no `load-balancer`, and no load balancer takes services automatically"
                ),
            )
            .label(ctx.key_span(name, "/route"), "routed here")
            .help(format!("add `load-balancer: {first}` to service `{name}`"))
        })
        .collect()
}
