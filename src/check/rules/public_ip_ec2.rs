//! `public-ip: true` on a service that runs on EC2 capacity. ECS assigns public IPs only to Fargate
//! tasks ("Assign public IP is not supported for this launch type"), so the service would fail to
//! create.
//!
//! # FF0322
//!
//! Only Fargate tasks can get a public IP. A service on an EC2 capacity group runs in the private
//! subnets and reaches the internet through the NAT gateway.
//!
//! ```yaml
//! capacity: general
//! public-ip: true   # not possible on EC2
//! ```

use super::{is_fargate, providers};
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.workloads()
        .filter(|w| w.service.public_ip)
        .filter_map(|w| {
            let (name, kind) = (w.name, w.kind.noun());
            let ec2: Vec<String> = providers(&ctx.app, w.service)
                .into_iter()
                .filter(|p| !is_fargate(p))
                .collect();
            let first = ec2.first()?;
            Some(
                Diagnostic::error(
                    Code::FF0322,
                    format!("{kind} `{name}` asks for a public IP but runs on EC2 capacity `{first}`"),
                )
                .label(ctx.span(name, "/public-ip"), "only Fargate tasks get public IPs")
                .help("remove `public-ip` (EC2 tasks use the NAT gateway), or run the service on `fargate`"),
            )
        })
        .collect()
}
