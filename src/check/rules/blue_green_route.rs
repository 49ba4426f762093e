//! A DNS blue/green service whose route does not fit. Each colour's load balancer forwards to the
//! service's routed container and health-checks `route.health`, so the service needs a `route`; its
//! `path`, `host` and `priority` place a rule on the environment's shared load balancer, which a
//! blue/green service does not use, so they would be silently ignored.
//!
//! # FF0362
//!
//! A service with `deploy.dns-blue-green` needs a `route` (its `health` path and `container` say
//! what each colour's load balancer checks and forwards to), and that route may not set `path`,
//! `host` or `priority`: each colour has a load balancer of its own that takes every request for
//! the record name, and the shared load balancer does not see the service.
//!
//! ```yaml
//! api:
//!   port: 8080
//!   route: { health: /healthz }
//!   deploy:
//!     dns-blue-green: { … }
//! ```

use super::blue_green;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, _) in blue_green::services(ctx) {
        let service = &ctx.app.services[name];
        let Some(route) = &service.route else {
            out.push(
                Diagnostic::error(
                    Code::FF0362,
                    format!("service `{name}` deploys blue/green by DNS but has no `route`"),
                )
                .label(
                    ctx.key_span(name, blue_green::POINTER),
                    "each colour needs a load balancer target",
                )
                .help("add `route: { health: /healthz }` (with your health-check path); the colours' load balancers forward to the routed container"),
            );
            continue;
        };
        for (key, set) in [
            ("path", route.path.is_some()),
            ("host", route.host.is_some()),
            ("priority", route.priority.is_some()),
        ] {
            if set {
                out.push(
                    Diagnostic::error(
                        Code::FF0362,
                        format!("`route.{key}` does not apply to blue/green service `{name}`"),
                    )
                    .label(
                        ctx.key_span(name, &format!("/route/{key}")),
                        "a rule on the shared load balancer, which this service does not use",
                    )
                    .help(format!(
                        "remove `{key}`: each colour's own load balancer takes every request for the record name"
                    )),
                );
            }
        }
    }
    out
}
