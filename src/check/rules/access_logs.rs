//! Load-balancer access logs that cannot work. Elastic Load Balancing writes under
//! `{prefix}/AWSLogs/{account}/…` and refuses a prefix that holds `AWSLogs` itself; a leading or
//! trailing `/` makes an empty path segment. A bucket must be in the load balancer's region, so
//! a per-region map of names must cover every region that serves routes. A StackSet deploys one
//! template to every region, while the bucket policy names each region's own log-delivery
//! account, so access logs are not available there.
//!
//! # FF0493
//!
//! `ingress.access-logs.prefix` must not contain `AWSLogs` and must not start or end with `/`.
//!
//! # FF0495
//!
//! `ingress.access-logs.bucket` as a map names a bucket for every region that serves routes;
//! an environment deployed by StackSets cannot have access logs.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::PerRegion;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(logs) = ctx.app.ingress.as_ref().and_then(|i| i.access_logs.as_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(prefix) = &logs.prefix {
        let fixed = prefix.replace("AWSLogs", "").trim_matches('/').replace("//", "/");
        if prefix.contains("AWSLogs") || prefix.starts_with('/') || prefix.ends_with('/') {
            let fixed = if fixed.is_empty() { "alb".to_owned() } else { fixed };
            out.push(
                Diagnostic::error(
                    Code::FF0493,
                    format!("access-log prefix `{prefix}` is refused by Elastic Load Balancing"),
                )
                .label(
                    ctx.app_span("/ingress/access-logs/prefix"),
                    "no `AWSLogs`, no leading or trailing `/`",
                )
                .help(format!("use `prefix: {fixed}` (ELB appends `/AWSLogs/ACCOUNT/…` itself)")),
            );
        }
    }
    let routed = ctx
        .app
        .services
        .values()
        .any(crate::model::Service::on_shared_load_balancer);
    if !routed {
        return out;
    }
    for (env, e) in &ctx.app.environments {
        if e.stackset.is_some() {
            out.push(
                Diagnostic::error(
                    Code::FF0495,
                    format!("environment `{env}` is deployed by StackSets, which cannot set up access logs"),
                )
                .label(ctx.app_key_span("/ingress/access-logs"), "one bucket policy per region")
                .help(format!("remove `stackset` from environment `{env}`, or remove `access-logs` from `ingress`")),
            );
        }
        if let Some(PerRegion::Map(map)) = &logs.bucket {
            for region in e.regions.iter().filter(|r| !map.contains_key(*r)) {
                out.push(
                    Diagnostic::error(
                        Code::FF0495,
                        format!("no access-log bucket for region `{region}` (environment `{env}`)"),
                    )
                    .label(ctx.app_key_span("/ingress/access-logs/bucket"), "missing this region")
                    .help(format!("add `{region}: BUCKET` naming a bucket in `{region}` (a load balancer logs to its own region)")),
                );
            }
        }
    }
    out
}
