//! A routed service whose receiving container has no `port`. The target group needs a container
//! port to register; ECS would reject the service's load balancer configuration.
//!
//! # FF0303
//!
//! A service with a `route` must say which port receives the traffic: `port` in the short form, or
//! `port` on the routed container.
//!
//! ```yaml
//! cart:
//!   image: cart:{{tag}}
//!   route: { path: /cart/* }   # needs `port: 8080`
//! ```

use super::routed_container;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        if service.route.is_none() {
            continue;
        }
        let Ok(Some(c)) = routed_container(service) else {
            continue;
        };
        if c.container.port.is_some() {
            continue;
        }
        let several = service.containers.as_ref().is_some_and(|m| m.len() > 1);
        let chosen = service
            .route
            .as_ref()
            .is_some_and(|r| r.container.is_some());
        let (message, help) = if several && !chosen {
            (
                format!("service `{name}` has a route but none of its containers has a port"),
                "add `port:` to the container that receives traffic".to_owned(),
            )
        } else if c.base.is_empty() {
            (
                format!("service `{name}` has a route but no port"),
                "add `port:` with the port the container listens on".to_owned(),
            )
        } else {
            (
                format!(
                    "service `{name}` has a route but container `{}` has no port",
                    c.name
                ),
                format!("add `port:` to container `{}`", c.name),
            )
        };
        out.push(
            Diagnostic::error(Code::FF0303, message)
                .label(ctx.key_span(name, "/route"), "routed here")
                .help(help),
        );
    }
    out
}
