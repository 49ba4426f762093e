//! FF0346: `scaling.requests` on a service without a `route`. Request-count scaling tracks the
//! requests per target of the service's target group, which only a routed service has.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0346",
    title: "request-count scaling without a route",
    explanation: "`scaling.requests` keeps the load balancer's requests per task at a target; the \
service needs a `route` on the load balancer. Scale a worker on `cpu`, `memory` or a `steps` \
metric instead.\n\n```yaml\nworker:\n  scaling: { min: 1, max: 10, requests: 500 }\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        if scaling.requests.is_some() && s.route.is_none() {
            out.push(
                Diagnostic::error(
                    "FF0346",
                    format!("service `{name}` scales on load-balancer requests but has no `route`"),
                )
                .label(ctx.key_span(name, "/scaling/requests"), "requests per task")
                .help("add a `route`, or scale on `cpu`, `memory` or a `steps` metric"),
            );
        }
    }
    out
}
