//! `scaling.requests` on a service without a `route`. Request-count scaling tracks the requests per
//! target of the service's target group, which only a routed service has.
//!
//! # FF0346
//!
//! `scaling.requests` keeps the load balancer's requests per task at a target; the service needs a
//! `route` on the load balancer. Scale a worker on `cpu`, `memory` or a `steps` metric instead.
//!
//! ```yaml
//! worker:
//!   scaling: { min: 1, max: 10, requests: 500 }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        if scaling.requests.is_some() && s.route.is_none() {
            out.push(
                Diagnostic::error(
                    Code::FF0346,
                    format!("service `{name}` scales on load-balancer requests but has no `route`"),
                )
                .label(ctx.key_span(name, "/scaling/requests"), "requests per task")
                .help("add a `route`, or scale on `cpu`, `memory` or a `steps` metric"),
            );
        }
    }
    out
}
