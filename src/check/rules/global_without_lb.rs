//! A global name in an app with no load balancer. The records alias each region's shared load
//! balancer, which exists only when some service has a `route`; without one the name would point
//! nowhere and fleetform would emit no records.
//!
//! # FF0416
//!
//! An environment's `global` name is a Route 53 alias of each region's load balancer, which
//! fleetform creates only when a service has a `route`. Add a route, or remove `global`.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    if ctx
        .app
        .services
        .values()
        .any(crate::model::Service::on_shared_load_balancer)
    {
        return Vec::new();
    }
    ctx.app
        .environments
        .iter()
        .filter(|(_, e)| e.global.is_some())
        .map(|(env, _)| {
            Diagnostic::error(
                Code::FF0416,
                format!("environment `{env}` has a global name but no service has a `route`"),
            )
            .label(
                ctx.app_key_span(&format!("/environments/{}/global", escape_token(env))),
                "nothing for this name to point at",
            )
            .help("give a service a `route` (the name aliases the shared load balancer), or remove `global`")
        })
        .collect()
}
