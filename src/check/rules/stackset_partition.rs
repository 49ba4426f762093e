//! `stackset` on an environment whose regions span partitions. A StackSet lives in one partition's
//! administrator account and deploys only to regions of that partition.
//!
//! # FF0427
//!
//! CloudFormation StackSets deploys from an administrator account to regions of its own partition;
//! `aws`, `aws-cn` and `aws-us-gov` need separate accounts and separate StackSets.
//!
//! ```yaml
//! prod:
//!   regions: [us-east-1, cn-north-1]
//!   stackset: {}
//! ```
//!
//! Split the environment per partition, or deploy without `stackset`.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::partition::partition_of;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        if e.stackset.is_none() {
            continue;
        }
        let mut partitions: Vec<&str> = e
            .regions
            .iter()
            .filter_map(|r| partition_of(r).map(crate::partition::Partition::name))
            .collect();
        partitions.sort_unstable();
        partitions.dedup();
        if partitions.len() < 2 {
            continue;
        }
        out.push(
            Diagnostic::error(
                Code::FF0427,
                format!(
                    "environment `{env}` deploys by StackSets to regions of partitions {}",
                    partitions
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .label(
                ctx.app_key_span(&format!("/environments/{}/stackset", escape_token(env))),
                "one StackSet reaches one partition",
            )
            .help("split the environment per partition, or remove `stackset` and deploy each region's stacks"),
        );
    }
    out
}
