//! `ephemeral-storage` that Fargate cannot give: a size outside 21..200 GiB, or a service that
//! does not run on Fargate only. ECS refuses the task definition at deploy time
//! (`EphemeralStorage.SizeInGiB` takes 21 to 200), and task storage is a Fargate setting: EC2
//! tasks use the instance's disk.
//!
//! # FF0390
//!
//! Fargate gives every task 20 GiB of ephemeral storage; `ephemeral-storage` raises it to a total
//! of 21 to 200 GiB. For less than 21 leave the key out; for more than 200 mount an EFS volume
//! (`volumes`, docs/storage.md).
//!
//! ```yaml
//! ephemeral-storage: 500   # Fargate allows 21..200 GiB
//! ```
//!
//! # FF0391
//!
//! `ephemeral-storage` sizes a Fargate task's storage. A service with EC2 capacity (alone or in
//! its strategy) stores on its instances' volumes, whose size is set on the instances; ECS does
//! not take the setting there.
//!
//! ```yaml
//! capacity: general        # an EC2 capacity
//! ephemeral-storage: 50    # only for Fargate
//! ```

use super::{is_fargate, providers};
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// The sizes Fargate accepts, in GiB.
pub const SIZES: std::ops::RangeInclusive<u32> = 21..=200;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        let Some(size) = service.ephemeral_storage else {
            continue;
        };
        let span = ctx.span(name, "/ephemeral-storage");
        if !SIZES.contains(&size) {
            out.push(
                Diagnostic::error(
                    Code::FF0390,
                    format!("`ephemeral-storage: {size}` of service `{name}` is outside Fargate's 21..200 GiB"),
                )
                .label(span, "not 21..200 GiB")
                .help(if size < *SIZES.start() {
                    "remove `ephemeral-storage` (Fargate gives 20 GiB by default), or set it to at least 21"
                } else {
                    "set `ephemeral-storage` to at most 200, and keep larger data on an EFS volume (`volumes`)"
                }),
            );
        }
        let all = providers(&ctx.app, service);
        if let Some(ec2) = all.iter().find(|p| !is_fargate(p)) {
            let mut diagnostic = Diagnostic::error(
                Code::FF0391,
                format!("service `{name}` sets `ephemeral-storage` but runs on EC2 capacity `{ec2}`"),
            )
            .label(span, "a Fargate-only setting");
            if ctx.service_has(name, "/capacity") {
                diagnostic = diagnostic.label(ctx.span(name, "/capacity"), "EC2 capacity chosen here");
            }
            out.push(diagnostic.help(
                "remove `ephemeral-storage` (EC2 tasks use the instance's disk), or set `capacity: fargate`",
            ));
        }
    }
    out
}
