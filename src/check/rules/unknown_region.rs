//! An environment names a region fleetform does not know. Partition facts (ARN prefix, URL suffix)
//! and cfn-lint coverage are only known for listed regions, and a typo here would otherwise surface
//! only at deploy time.
//!
//! # FF0204
//!
//! Every region in `environments.*.regions` must be a region fleetform knows (its partition decides
//! ARNs and URL suffixes).
//!
//! ```yaml
//! regions: [us-eats-1]   # did you mean `us-east-1`?
//! ```

use crate::check::context::Context;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::partition::{REGIONS, partition_of};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        for (i, region) in e.regions.iter().enumerate() {
            if partition_of(region).is_some() {
                continue;
            }
            let span = ctx.app_span(&format!("/environments/{}/regions/{i}", escape_token(env)));
            let mut d = Diagnostic::error(
                Code::FF0204,
                format!("unknown region `{region}` in environment `{env}`"),
            )
            .label(span, "not a known region");
            d = match suggest::did_you_mean(region, REGIONS.iter().map(|(r, _)| *r)) {
                Some(help) => d.help(help),
                None => d.help("use an AWS region name such as `us-east-1` or `eu-west-1`"),
            };
            out.push(d);
        }
    }
    out
}
