//! A service with more target groups than ECS attaches. An ECS service takes at most five load
//! balancer target groups: one per Network Load Balancer listener, plus its `route`'s.
//!
//! # FF0436
//!
//! At most five `listeners` (four with a `route`) per service; split the ports across services.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// ECS's limit of target groups per service.
const MAX_TARGET_GROUPS: usize = 5;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.app
        .services
        .iter()
        .filter_map(|(name, service)| {
            let groups = service.listeners.len() + usize::from(service.route.is_some());
            (groups > MAX_TARGET_GROUPS).then(|| {
                let allowed = MAX_TARGET_GROUPS - usize::from(service.route.is_some());
                Diagnostic::error(
                    Code::FF0436,
                    format!("service `{name}` needs {groups} target groups, ECS attaches at most 5"),
                )
                .label(
                    ctx.key_span(name, "/listeners"),
                    format!("{} listeners", service.listeners.len()),
                )
                .help(format!(
                    "keep at most {allowed} listeners on `{name}` and move the others to another service"
                ))
            })
        })
        .collect()
}
