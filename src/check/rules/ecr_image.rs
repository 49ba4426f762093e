//! An ECR image whose registry host is written for another region. A registry of another partition
//! (the URL suffix `amazonaws.com` in China, `amazonaws.com.cn` elsewhere, or a region of another
//! partition) cannot be pulled from at all: an error. A registry in another region of the same
//! partition works, but every task pulls across regions (slower, billed, and down when that region
//! is): a warning.
//!
//! # FF0412
//!
//! ECR registries are `ACCOUNT.dkr.ecr.REGION.amazonaws.com` (`.amazonaws.com.cn` in China). A
//! registry of another partition cannot be pulled from; write `{{region}}` and `{{url_suffix}}`.
//!
//! ```yaml
//! environments:
//!   prod: { regions: [cn-north-1] }
//! …
//! image: 123456789012.dkr.ecr.cn-north-1.amazonaws.com/web:1.0   # …{{region}}.{{url_suffix}}/web:1.0
//! ```
//!
//! # FF0413
//!
//! An image in another region's registry is pulled across regions by every task (a warning).
//! Replicate the repository and write `{{region}}`.
//!
//! ```yaml
//! environments:
//!   prod: { regions: [us-east-1, eu-west-1] }
//! …
//! image: "{{account}}.dkr.ecr.us-east-1.{{url_suffix}}/web:1.0"   # …ecr.{{region}}…
//! ```

use crate::check::context::Context;
use crate::check::scoped::{Target, describe, ecr_registry, literal_region};
use crate::diagnostic::{Code, Diagnostic};
use crate::partition::partition_of;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in ctx.strings() {
        let Some(((rs, re), (ss, se))) = ecr_registry(&s.text) else {
            continue;
        };
        let region = &s.text[rs..re];
        let suffix = &s.text[ss..se];
        let mut other_partition: Vec<&Target> = Vec::new();
        let mut other_region: Vec<&Target> = Vec::new();
        for t in &s.targets {
            let Some(p) = partition_of(&t.region) else {
                continue;
            };
            let wrong_suffix = !suffix.contains('{') && suffix != p.url_suffix();
            let region_partition = literal_region(region)
                .then(|| partition_of(region))
                .flatten();
            if wrong_suffix || region_partition.is_some_and(|rp| rp != p) {
                other_partition.push(t);
            } else if region_partition.is_some() && region != t.region {
                other_region.push(t);
            }
        }
        if let Some(first) = other_partition.first() {
            let want = partition_of(&first.region).map_or("", |p| p.url_suffix());
            out.push(
                Diagnostic::error(
                    Code::FF0412,
                    format!(
                        "image registry `{}` cannot be pulled from {}: it is in another partition (whose url suffix is `{want}`)",
                        &s.text[..se],
                        describe(&other_partition)
                    ),
                )
                .label(ctx.inner_span(ctx.doc_of(s.file), &s.pointer, rs, se), "registry region and url suffix")
                .help("write `{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/…` so each region pulls from its own registry"),
            );
        }
        if !other_region.is_empty() {
            out.push(
                Diagnostic::warning(
                    Code::FF0413,
                    format!(
                        "image registry in `{region}` is pulled from {}",
                        describe(&other_region)
                    ),
                )
                .label(
                    ctx.inner_span(ctx.doc_of(s.file), &s.pointer, rs, re),
                    format!("region `{region}`"),
                )
                .help("replicate the repository and write `{{region}}` in the registry host"),
            );
        }
    }
    out
}
