//! FF0421: more routed services than one load balancer takes. An Application Load Balancer has
//! at most 100 listener rules (besides the default) and 100 target groups, and each routed
//! service adds one of each to the shared load balancer, so the 101st service stack would fail
//! to deploy.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0421",
    title: "more routed services than a load balancer takes",
    explanation: "Each service with a `route` adds a listener rule and a target group to the \
environment's shared load balancer, which takes at most 100 of each. Route fewer services through \
it (internal services need no route), or split the app.",
};

const MAX_ROUTES: usize = 100;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let routed: Vec<&String> = ctx
        .app
        .services
        .iter()
        .filter(|(_, s)| s.on_shared_load_balancer())
        .map(|(n, _)| n)
        .collect();
    let Some(first_over) = routed.get(MAX_ROUTES) else {
        return Vec::new();
    };
    vec![
        Diagnostic::error(
            "FF0421",
            format!(
                "{} services have a `route`; one load balancer takes at most {MAX_ROUTES}",
                routed.len()
            ),
        )
        .label(
            ctx.span(first_over, "/route"),
            format!("route number {}", MAX_ROUTES + 1),
        )
        .help(
            "drop the `route` of services only other services call, or split the app into two apps",
        ),
    ]
}
