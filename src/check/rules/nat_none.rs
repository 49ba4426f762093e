//! `nat: none` while something runs in the private subnets. Without a NAT gateway (and fleetform
//! creates no VPC endpoints) private tasks cannot pull images or reach CloudWatch Logs, SSM or
//! Secrets Manager, and EC2 hosts cannot register with ECS: the stack deploys, then every
//! deployment fails and rolls back.
//!
//! # FF0419
//!
//! With `nat: none` the private subnets have no route out, so only services with `public-ip: true`
//! on Fargate can start. Use `nat: single` (or `per-az`), or give every service a public IP and no
//! EC2 capacity.
//!
//! ```yaml
//! network: { nat: none }
//! ```

use super::{is_fargate, providers};
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Nat;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let private = ctx
        .app
        .services
        .iter()
        .find(|(_, s)| !s.public_ip || providers(&ctx.app, s).iter().any(|p| !is_fargate(p)));
    let hosts = ctx.app.cluster.capacity.keys().find(|c| !is_fargate(c));
    let culprit = match (private, hosts) {
        (Some((name, _)), _) => format!("service `{name}` runs in the private subnets"),
        (None, Some(cap)) => format!("EC2 capacity `{cap}` runs in the private subnets"),
        (None, None) => return Vec::new(),
    };
    ctx.app
        .environments
        .iter()
        .filter(|(_, e)| e.network.import.is_none() && e.network.nat == Nat::None)
        .map(|(env, _)| {
            Diagnostic::error(
                Code::FF0419,
                format!("environment `{env}` has no NAT gateway, but {culprit}"),
            )
            .label(
                ctx.app_span(&format!("/environments/{}/network/nat", escape_token(env))),
                "private subnets without a route out",
            )
            .help("use `nat: single` (one gateway) or `nat: per-az`; private tasks need it to pull images and reach AWS APIs")
            .fix(
                ctx.app_span(&format!("/environments/{}/network/nat", escape_token(env))),
                "single",
            )
        })
        .collect()
}
