//! A `grpc` route on a load balancer without a certificate. Application Load Balancers take gRPC
//! only on HTTPS listeners (gRPC needs HTTP/2, which they speak to clients only over TLS), so
//! such a target group would deploy and then never receive a call: say it at compile time.
//!
//! # FF0406
//!
//! `route.protocol: grpc` needs its load balancer to listen on HTTPS: give `ingress` (or the
//! service's entry of `ingress.load-balancers`) a `certificate`, or a `zone` and `domain` for
//! the single load balancer of `ingress` to request one.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::RouteProtocol;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let requested = ctx
        .app
        .ingress
        .as_ref()
        .is_some_and(|i| i.zone.is_some() && i.domain.is_some());
    ctx.app
        .services
        .iter()
        .filter(|(_, s)| {
            s.route
                .as_ref()
                .is_some_and(|r| r.protocol == RouteProtocol::Grpc)
        })
        .filter_map(|(name, _)| {
            let lb = ctx.app.load_balancer_of(name);
            let settings = ctx.app.load_balancer_settings(lb);
            let https = settings.certificate.is_some() || (lb.is_none() && requested);
            (!https).then(|| {
                let on = lb.map_or_else(
                    || "`ingress`".to_owned(),
                    |lb| format!("load balancer `{lb}`"),
                );
                Diagnostic::error(
                    Code::FF0406,
                    format!("service `{name}` routes gRPC to a load balancer without HTTPS"),
                )
                .label(
                    ctx.key_span(name, "/route/protocol"),
                    format!("{on} has no certificate, and gRPC needs an HTTPS listener"),
                )
                .help(format!(
                    "remove `protocol: grpc` from the route of `{name}`, or give {on} a `certificate` (an ACM certificate ARN of each region)"
                ))
            })
        })
        .collect()
}
