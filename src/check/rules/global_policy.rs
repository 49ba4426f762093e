//! An environment's global name whose settings do not fit its routing policy. Route 53 needs a
//! weight on every record of a weighted set (and refuses a set that sends nothing anywhere), a
//! failover pair needs exactly one primary and one secondary, and settings of another policy would
//! be silently ignored.
//!
//! # FF0415
//!
//! `weighted` needs a weight (0–255) for every region of the environment, not all 0, and no other
//! regions; `failover` needs exactly two regions and `primary` naming one of them; `weights` and
//! `primary` belong to those policies only.
//!
//! ```yaml
//! global:
//!   zone: Z0123456789ABCDEFGHIJ
//!   name: api.shop.example.com
//!   policy: weighted
//!   weights: { us-east-1: 100, eu-west-1: 0 }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::RoutingPolicy;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        let Some(global) = &e.global else { continue };
        let base = format!("/environments/{}/global", escape_token(env));
        let problem = |pointer: &str, message: String, label: &str, help: &str| {
            Diagnostic::error(Code::FF0415, message)
                .label(ctx.app_span(pointer), label)
                .help(help)
        };
        let regions: Vec<&str> = e.regions.iter().map(String::as_str).collect();
        match global.policy {
            RoutingPolicy::Weighted => {
                for (i, region) in regions.iter().enumerate() {
                    if !global.weights.contains_key(*region) {
                        out.push(problem(
                            &format!("/environments/{}/regions/{i}", escape_token(env)),
                            format!("the global name of `{env}` has no weight for `{region}`"),
                            "no weight in `global.weights` for this region",
                            &format!("add `{region}: 0` to keep it out of rotation, or a weight up to 255"),
                        ));
                    }
                }
                for region in global.weights.keys() {
                    if !regions.contains(&region.as_str()) {
                        out.push(problem(
                            &format!("{base}/weights/{}", escape_token(region)),
                            format!("`{region}` is not a region of environment `{env}`"),
                            "not a region of this environment",
                            "weights name the environment's own regions",
                        ));
                    }
                }
                if !global.weights.is_empty() && global.weights.values().all(|w| *w == 0) {
                    out.push(problem(
                        &format!("{base}/weights"),
                        format!("every weight of the global name of `{env}` is 0"),
                        "all weights are 0",
                        "give at least one region a weight above 0",
                    ));
                }
            }
            RoutingPolicy::Failover => {
                if regions.len() != 2 {
                    out.push(problem(
                        &format!("{base}/policy"),
                        format!(
                            "failover needs exactly two regions; environment `{env}` has {}",
                            regions.len()
                        ),
                        "failover pairs a primary with one secondary",
                        "use `latency` or `weighted` for more regions",
                    ));
                }
                match &global.primary {
                    None => out.push(problem(
                        &base,
                        format!("the failover name of `{env}` has no `primary` region"),
                        "no `primary`",
                        "add `primary: REGION` (the other region becomes the secondary)",
                    )),
                    Some(p) if !regions.contains(&p.as_str()) => out.push(problem(
                        &format!("{base}/primary"),
                        format!("primary `{p}` is not a region of environment `{env}`"),
                        "not a region of this environment",
                        "name one of the environment's regions",
                    )),
                    Some(_) => {}
                }
            }
            RoutingPolicy::Latency => {}
        }
        if global.policy != RoutingPolicy::Weighted && !global.weights.is_empty() {
            out.push(problem(
                &format!("{base}/weights"),
                format!("`weights` only apply to a `weighted` global name (`{env}`)"),
                "ignored with this policy",
                "remove `weights`, or set `policy: weighted`",
            ));
        }
        if global.policy != RoutingPolicy::Failover && global.primary.is_some() {
            out.push(problem(
                &format!("{base}/primary"),
                format!("`primary` only applies to a `failover` global name (`{env}`)"),
                "ignored with this policy",
                "remove `primary`, or set `policy: failover`",
            ));
        }
    }
    out
}
