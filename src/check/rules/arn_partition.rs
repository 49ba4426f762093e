//! An ARN written with a literal partition that is not the partition of a region the value is used
//! in (`arn:aws:…` in an environment deploying to `cn-north-1`). Resources of one partition cannot
//! be reached from another, so such a permission, secret or setting can never work there.
//! Certificates are checked by FF0404.
//!
//! # FF0410
//!
//! An ARN starts with its partition: `aws`, `aws-cn` (China) or `aws-us-gov` (GovCloud). A literal
//! partition is wrong in every region of another partition; write `{{partition}}` so each region
//! gets its own.
//!
//! ```yaml
//! environments:
//!   prod: { regions: [us-east-1, cn-north-1] }
//! …
//! permissions:
//!   - allow: [s3:GetObject]
//!     on: arn:aws:s3:::reports/*   # arn:{{partition}}:s3:::reports/*
//! ```

use crate::check::context::Context;
use crate::check::scoped::{Target, arns, describe};
use crate::diagnostic::{Code, Diagnostic};
use crate::partition::{Partition, partition_of};

const PARTITIONS: &[Partition] = &[Partition::Aws, Partition::China, Partition::GovCloud];

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in ctx.strings() {
        for arn in arns(&s.text) {
            let written = &s.text[arn.partition.0..arn.partition.1];
            let Some(partition) = PARTITIONS.iter().find(|p| p.name() == written) else {
                continue;
            };
            let wrong: Vec<&Target> = s
                .targets
                .iter()
                .filter(|t| partition_of(&t.region).is_some_and(|p| p != *partition))
                .collect();
            let Some(first) = wrong.first() else {
                continue;
            };
            let want = partition_of(&first.region).map_or("", Partition::name);
            out.push(
                Diagnostic::error(
                    Code::FF0410,
                    format!(
                        "arn `{}` is in partition `{written}`, but it is used in {}, which is in `{want}`",
                        arn.text,
                        describe(&wrong)
                    ),
                )
                .label(
                    ctx.inner_span(ctx.doc_of(s.file), &s.pointer, arn.partition.0, arn.partition.1),
                    format!("partition `{written}`"),
                )
                .help("write `arn:{{partition}}:…` so every region gets its own partition")
                .fix(ctx.span_in(ctx.doc_of(s.file), &s.pointer), {
                    // The whole value, double-quoted: `{` may not appear in a plain scalar
                    // inside `[…]` or `{…}`.
                    let mut fixed = s.text.clone();
                    fixed.replace_range(arn.partition.0..arn.partition.1, "{{partition}}");
                    serde_json::to_string(&fixed).unwrap_or(fixed)
                }),
            );
        }
    }
    out
}
