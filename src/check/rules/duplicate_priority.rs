//! Two routes pinned to the same listener-rule priority. Priorities are unique per listener;
//! `CloudFormation` fails the second rule with "Priority already in use".
//!
//! # FF0409
//!
//! Listener-rule priorities must be unique on the shared load balancer.
//!
//! ```yaml
//! cart:   { route: { path: /cart/*, priority: 10 } }
//! orders: { route: { path: /orders/*, priority: 10 } }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let pinned: Vec<(&String, u32)> = ctx
        .app
        .services
        .iter()
        .filter_map(|(n, s)| s.route.as_ref().and_then(|r| r.priority).map(|p| (n, p)))
        .collect();
    let mut out = Vec::new();
    for (i, (second, p)) in pinned.iter().enumerate() {
        if let Some((first, _)) = pinned[..i].iter().find(|(_, q)| q == p) {
            out.push(
                Diagnostic::error(
                    Code::FF0409,
                    format!("services `{first}` and `{second}` both use route priority {p}"),
                )
                .label(ctx.span(second, "/route/priority"), "this priority")
                .label(ctx.span(first, "/route/priority"), "already used here")
                .help("give each route its own priority, or leave `priority` out to derive one"),
            );
        }
    }
    out
}
