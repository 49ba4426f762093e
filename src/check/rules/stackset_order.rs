//! A `stackset.region-order` that is not an ordering of the environment's regions. A region missing
//! from it would get no stack instance order, and one that is not a region of the environment would
//! get no stack instance at all.
//!
//! # FF0428
//!
//! `region-order` lists every region of the environment once, in the order StackSets deploys them.
//!
//! ```yaml
//! prod:
//!   regions: [us-east-1, eu-west-1]
//!   stackset: { region-order: [eu-west-1, ap-southeast-1] }   # no us-east-1; ap-southeast-1 not deployed
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        let Some(options) = &e.stackset else { continue };
        if options.region_order.is_empty() {
            continue;
        }
        let base = format!("/environments/{}/stackset/region-order", escape_token(env));
        for (i, region) in options.region_order.iter().enumerate() {
            let again = options.region_order[..i].contains(region);
            if e.regions.contains(region) && !again {
                continue;
            }
            let (message, label) = if again {
                (
                    format!("`{region}` is listed twice in the region order of `{env}`"),
                    "listed before",
                )
            } else {
                (
                    format!("`{region}` is not a region of environment `{env}`"),
                    "not in `regions`",
                )
            };
            out.push(
                Diagnostic::error(Code::FF0428, message)
                    .label(ctx.app_span(&format!("{base}/{i}")), label)
                    .help("list each region of the environment exactly once"),
            );
        }
        let missing: Vec<&String> = e
            .regions
            .iter()
            .filter(|r| !options.region_order.contains(r))
            .collect();
        if !missing.is_empty() {
            out.push(
                Diagnostic::error(
                    Code::FF0428,
                    format!(
                        "the region order of `{env}` leaves out {}",
                        missing
                            .iter()
                            .map(|r| format!("`{r}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .label(
                    ctx.app_span(&base),
                    "every region of the environment goes here",
                )
                .help("list each region of the environment exactly once"),
            );
        }
    }
    out
}
