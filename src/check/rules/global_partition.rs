//! A global name over regions of more than one partition. A Route 53 hosted zone belongs to one
//! partition (an account of `aws`, `aws-cn` or `aws-us-gov`), and Route 53 in the China Regions
//! cannot alias resources outside China (docs.amazonaws.cn, Route 53 feature differences), so one
//! record set cannot reach a load balancer in `us-east-1` and one in `cn-north-1`: the stacks would
//! fail to deploy in one partition.
//!
//! # FF0424
//!
//! A global name is one Route 53 record set in one hosted zone, which lives in one partition; Route
//! 53 in China cannot alias resources outside China. An environment whose regions span partitions
//! cannot have one.
//!
//! ```yaml
//! prod:
//!   regions: [us-east-1, cn-north-1]
//!   global: { zone: Z0123456789ABCDEFGHIJ, name: api.example.com, policy: latency }
//! ```
//!
//! Split the environment per partition (e.g. `prod` and `prod-cn`), each with its own `global` name
//! in a hosted zone of its partition.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::partition::partition_of;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        if e.global.is_none() {
            continue;
        }
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for region in &e.regions {
            let Some(p) = partition_of(region) else {
                continue;
            };
            if !seen.iter().any(|(name, _)| *name == p.name()) {
                seen.push((p.name(), region));
            }
        }
        if seen.len() < 2 {
            continue;
        }
        let list = seen
            .iter()
            .map(|(p, r)| format!("`{r}` ({p})"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(
            Diagnostic::error(
                Code::FF0424,
                format!("the global name of `{env}` spans partitions: {list}"),
            )
            .label(
                ctx.app_key_span(&format!("/environments/{}/global", escape_token(env))),
                "one Route 53 record set cannot reach every partition",
            )
            .help(
                "a hosted zone lives in one partition, and Route 53 in China cannot alias \
resources outside China: split the environment per partition, each with its own `global` name",
            ),
        );
    }
    out
}
