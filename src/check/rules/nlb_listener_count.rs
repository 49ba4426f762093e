//! More listeners than a Network Load Balancer takes. Elastic Load Balancing allows 50 listeners
//! per Network Load Balancer, a quota that cannot be raised; the environment has one Network
//! Load Balancer for all of the app's `listeners`, so the 51st would fail its service's stack.
//!
//! # FF0438
//!
//! At most 50 `listeners` across the app's services; serve more ports from another app.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// Elastic Load Balancing's listeners per Network Load Balancer (not adjustable).
const MAX_LISTENERS: usize = 50;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut seen = 0;
    for (name, service) in &ctx.app.services {
        for i in 0..service.listeners.len() {
            seen += 1;
            if seen == MAX_LISTENERS + 1 {
                let total: usize = ctx.app.services.values().map(|s| s.listeners.len()).sum();
                return vec![
                    Diagnostic::error(
                        Code::FF0438,
                        format!("{total} listeners on the network load balancer, which takes 50"),
                    )
                    .label(
                        ctx.key_span(name, &format!("/listeners/{i}")),
                        "the 51st listener",
                    )
                    .help(format!(
                        "remove {} listeners (a network load balancer takes at most 50, a quota AWS does not raise)",
                        total - MAX_LISTENERS
                    )),
                ];
            }
        }
    }
    Vec::new()
}
