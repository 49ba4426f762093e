//! Two services routed on the same host and path pattern. Only one listener rule can win, so the
//! other service would silently never receive traffic.
//!
//! # FF0304
//!
//! Two services may not route the same host and path pattern on one load balancer: the rule with
//! the lower priority would never match.
//!
//! ```yaml
//! cart:  { route: { path: /api/* } }
//! orders: { route: { path: /api/* } }
//! ```

use std::collections::BTreeSet;

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{App, Route};

/// The (host, path) pairs the route of service `name` matches; a missing host is the domain of
/// its load balancer (or any host).
fn pairs(app: &App, name: &str, route: &Route) -> BTreeSet<(String, String)> {
    let default_host = app
        .load_balancer_settings(app.load_balancer_of(name))
        .domain
        .cloned()
        .unwrap_or_default();
    let hosts = route
        .host
        .as_ref()
        .map_or_else(|| vec![default_host], crate::model::StringOrList::to_vec);
    let paths = route
        .path
        .as_ref()
        .map_or_else(|| vec!["/*".to_owned()], crate::model::StringOrList::to_vec);
    hosts
        .iter()
        .flat_map(|h| {
            paths
                .iter()
                .map(move |p| (h.to_ascii_lowercase(), p.clone()))
        })
        .collect()
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    // Rules of services on different load balancers never compete (`ingress.load-balancers`).
    type Routed<'a> = (&'a String, Option<&'a str>, BTreeSet<(String, String)>);
    let routed: Vec<Routed> = ctx
        .app
        .services
        .iter()
        .filter(|(_, s)| s.on_shared_load_balancer())
        .filter_map(|(n, s)| {
            let lb = ctx.app.load_balancer_of(n);
            s.route.as_ref().map(|r| (n, lb, pairs(&ctx.app, n, r)))
        })
        .collect();
    let mut out = Vec::new();
    for (i, (second, lb, b)) in routed.iter().enumerate() {
        for (first, _, a) in routed[..i].iter().filter(|(_, l, _)| l == lb) {
            if let Some((host, path)) = a.intersection(b).next() {
                let on = if host.is_empty() {
                    String::new()
                } else {
                    format!(" on host `{host}`")
                };
                out.push(
                    Diagnostic::error(
                        Code::FF0304,
                        format!("services `{first}` and `{second}` both route `{path}`{on}"),
                    )
                    .label(ctx.key_span(second, "/route"), "this route")
                    .label(
                        ctx.key_span(first, "/route"),
                        "same host and path as this one",
                    )
                    .help("give each service its own path or host"),
                );
            }
        }
    }
    out
}
