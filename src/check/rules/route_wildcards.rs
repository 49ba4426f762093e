//! A route whose host and path values hold more than five wildcards (`*`, `?`) in all. An ALB
//! listener rule allows five condition wildcards ("Quotas for your Application Load Balancers":
//! condition wildcards per rule, not adjustable; some older accounts keep the earlier default of 6,
//! awsdocs/elb-application-load-balancers-user-guide#32, so five is the number every account
//! accepts), so `CloudFormation` would reject the rule mid-deploy. The default host
//! `ingress.domain` counts for a route without `host`.
//!
//! # FF0443
//!
//! A load-balancer rule allows five wildcards (`*` and `?`) across its host and path values. One
//! wider pattern usually covers several: `/api/*` instead of `/api/a/*` and `/api/b/*`.
//!
//! ```yaml
//! route: { host: "*.*.example.com", path: [/a/*/*, /b/*/*] }
//! ```

use super::Place;
use super::route_text::routes;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

const MAX_WILDCARDS: usize = 5;

fn wildcards(text: &str) -> usize {
    text.chars().filter(|c| matches!(c, '*' | '?')).count()
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (service, values) in routes(ctx) {
        // The most any target renders each value to; a value unknown until deploy counts as
        // written.
        let total: usize = values
            .iter()
            .map(|v| {
                v.rendered
                    .iter()
                    .map(|r| wildcards(r))
                    .max()
                    .unwrap_or_else(|| wildcards(&v.written))
            })
            .sum();
        if total > MAX_WILDCARDS {
            out.push(
                Diagnostic::error(
                    Code::FF0443,
                    format!(
                        "the route of service `{service}` has {total} wildcards, more than the {MAX_WILDCARDS} a load-balancer rule allows"
                    ),
                )
                .label(
                    Place::ServiceKey(service.to_owned(), "/route".to_owned()).span(ctx),
                    "too many `*` and `?`",
                )
                .help("use fewer wildcards: one `/api/*` covers `/api/a/*` and `/api/b/*`"),
            );
        }
    }
    out
}
