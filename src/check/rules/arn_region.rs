//! An ARN with a literal region used in another region (`arn:…:sqs:us-east-1:…` in an environment
//! that also deploys to `eu-west-1`). A stack in `eu-west-1` then reaches across regions, or fails
//! when the resource exists per region; usually `{{region}}` was meant. Global services (`IAM`,
//! `CloudFront`, Route 53 …) have no region in their ARNs and are skipped, as are ARNs of another
//! partition (FF0410), certificates (FF0404) and web ACLs (FF0490).
//!
//! # FF0411
//!
//! A literal region in an ARN points every region's stack at that one region. When each region has
//! its own resource, write `{{region}}`; when the resource really lives in one region, a
//! per-environment var makes that explicit. This is a warning: cross-region access can be intended.
//!
//! ```yaml
//! environments:
//!   prod: { regions: [us-east-1, eu-west-1] }
//! …
//! on: arn:{{partition}}:sqs:us-east-1:{{account}}:jobs   # arn:{{partition}}:sqs:{{region}}:{{account}}:jobs
//! ```

use crate::check::context::Context;
use crate::check::scoped::{Target, arns, describe, literal_region};
use crate::diagnostic::{Code, Diagnostic};
use crate::partition::partition_of;

/// Services whose ARNs name no region (or one fixed region for a global service).
const GLOBAL: &[&str] = &[
    "iam",
    "sts",
    "s3",
    "cloudfront",
    "route53",
    "waf",
    "globalaccelerator",
    "organizations",
    "shield",
];

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in ctx.strings() {
        for arn in arns(&s.text) {
            let region = &s.text[arn.region.0..arn.region.1];
            let written = &s.text[arn.partition.0..arn.partition.1];
            // S3 access points and Object Lambda carry a region; buckets do not.
            if !literal_region(region) || (GLOBAL.contains(&arn.service) && arn.service != "s3") {
                continue;
            }
            let wrong: Vec<&Target> = s
                .targets
                .iter()
                .filter(|t| t.region != region)
                .filter(|t| {
                    written.contains('{')
                        || partition_of(&t.region).is_some_and(|p| p.name() == written)
                })
                .collect();
            if wrong.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    Code::FF0411,
                    format!(
                        "arn `{}` names region `{region}`, but it is also used in {}",
                        arn.text,
                        describe(&wrong)
                    ),
                )
                .label(
                    ctx.inner_span(ctx.doc_of(s.file), &s.pointer, arn.region.0, arn.region.1),
                    format!("region `{region}`"),
                )
                .help("write `{{region}}` if every region has its own resource, or use a per-environment var if it lives in one region"),
            );
        }
    }
    out
}
