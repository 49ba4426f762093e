//! `blue-green`, `canary` or `linear` on a service without a `route`. ECS shifts traffic between
//! two target groups of a load balancer; without one there is nothing to shift and the deployment
//! would be a plain replacement without a test phase.
//!
//! # FF0351
//!
//! `blue-green`, `canary` and `linear` move load-balancer traffic from the old revision's target
//! group to the new one's, so the service needs a `route`. Services without one deploy with
//! `rolling`.
//!
//! ```yaml
//! deploy:
//!   strategy: canary   # needs `route:`
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Scheduling;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.app
        .services
        .iter()
        .filter(|(_, s)| {
            s.deploy.strategy.shifts_traffic()
                && s.route.is_none()
                && s.scheduling == Scheduling::Replica
        })
        .map(|(name, s)| {
            let strategy = s.deploy.strategy.name();
            Diagnostic::error(
                Code::FF0351,
                format!("service `{name}` deploys with `{strategy}` but has no `route`"),
            )
            .label(
                ctx.span(name, "/deploy/strategy"),
                "shifts load-balancer traffic",
            )
            .help(format!(
                "add a `route` (with a `port`) so ECS has traffic to shift, or use `strategy: rolling`; `{strategy}` needs the load balancer"
            ))
        })
        .collect()
}
