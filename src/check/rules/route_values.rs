//! A route with more than five host and path values, or more than three of either. An ALB listener
//! rule allows three values per condition and five per rule, so `CloudFormation` would reject the
//! rule mid-deploy.
//!
//! # FF0321
//!
//! A load-balancer rule matches at most three hosts, at most three paths, and five values in all,
//! `host` and `path` together (the default host from `ingress.domain` counts too). Split the
//! service's paths under a common prefix such as `/api/*`.
//!
//! ```yaml
//! route: { path: [/a/*, /b/*, /c/*, /d/*, /e/*, /f/*] }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::StringOrList;

const MAX_VALUES: usize = 5;
const MAX_PER_CONDITION: usize = 3;

fn count(v: Option<&StringOrList>) -> usize {
    v.map_or(0, |v| v.to_vec().len())
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(route) = &s.route else { continue };
        // The domain of the service's load balancer (`ingress.domain`, or its own).
        let lb = ctx.app.load_balancer_of(name);
        let default_host = usize::from(ctx.app.load_balancer_settings(lb).domain.is_some());
        let hosts = if route.host.is_some() {
            count(route.host.as_ref())
        } else {
            default_host
        };
        for (key, n) in [
            ("host", count(route.host.as_ref())),
            ("path", count(route.path.as_ref())),
        ] {
            if n > MAX_PER_CONDITION {
                out.push(
                    Diagnostic::error(
                        Code::FF0321,
                        format!("the route of service `{name}` has {n} `{key}` values, more than {MAX_PER_CONDITION}"),
                    )
                    .label(ctx.span(name, &format!("/route/{key}")), "too many values in one condition")
                    .help("a load-balancer condition matches at most 3 values: use wildcards (`/api/*`) to cover several"),
                );
            }
        }
        let total = hosts + count(route.path.as_ref());
        if total > MAX_VALUES {
            out.push(
                Diagnostic::error(Code::FF0321, format!("the route of service `{name}` has {total} host and path values, more than {MAX_VALUES}"))
                    .label(ctx.key_span(name, "/route"), "too many values")
                    .help("a load-balancer rule matches at most 5 values: use wildcards (`/api/*`) to cover several paths"),
            );
        }
    }
    out
}
