//! An imported network that does not cover its environment: a region of the environment without an
//! entry (its stacks would have no VPC), an entry for a region the environment does not deploy to
//! (likely a typo), or fewer than two private subnets (tasks and the load balancer need two
//! availability zones).
//!
//! # FF0403
//!
//! `network.import` has exactly one entry per region of the environment, each with at least two
//! private subnets, and public subnets where something is internet-facing: two for a public
//! Application Load Balancer, one for a public Network Load Balancer (`listeners`) or a
//! `public-ip` service.
//!
//! ```yaml
//! regions: [us-east-1, eu-west-1]
//! network:
//!   import:
//!     us-east-1: { vpc: vpc-0abc1234, public: […], private: […] }   # eu-west-1 missing
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let routed = ctx.app.services.values().any(|s| s.route.is_some());
    let public_lb = routed && ctx.app.ingress.as_ref().is_none_or(|i| i.public);
    let public_tasks = ctx.app.services.values().any(|s| s.public_ip);
    // An internet-facing Network Load Balancer (`listeners`) needs one public subnet.
    let internet_facing_nlb = ctx.app.services.values().any(|s| !s.listeners.is_empty())
        && ctx.app.ingress.as_ref().is_none_or(|i| i.public);
    for (env, e) in &ctx.app.environments {
        let Some(import) = &e.network.import else {
            continue;
        };
        let base = format!("/environments/{}/network/import", escape_token(env));
        for region in &e.regions {
            if !import.contains_key(region) {
                out.push(
                    Diagnostic::error(Code::FF0403, format!("imported network of environment `{env}` has no entry for region `{region}`"))
                        .label(ctx.app_key_span(&base), "missing a region")
                        .help(format!("add `{region}: {{ vpc: …, public: […], private: […] }}`")),
                );
            }
        }
        for (region, net) in import {
            let pointer = format!("{base}/{}", escape_token(region));
            if !e.regions.contains(region) {
                out.push(
                    Diagnostic::error(Code::FF0403, format!("imported network names region `{region}`, which environment `{env}` does not deploy to"))
                        .label(ctx.app_key_span(&pointer), "not a region of this environment")
                        .help(format!("add `{region}` to `regions`, or remove this entry")),
                );
            }
            if net.private.len() < 2 {
                out.push(
                    Diagnostic::error(
                        Code::FF0403,
                        format!("imported network of environment `{env}` in `{region}` has {} private subnet(s)", net.private.len()),
                    )
                    .label(ctx.app_span(&format!("{pointer}/private")), "fewer than 2")
                    .help("list private subnets in at least two availability zones"),
                );
            }
            // A public load balancer spans two zones' public subnets; a public-IP task needs one.
            let needs = if public_lb {
                2
            } else {
                usize::from(public_tasks || internet_facing_nlb)
            };
            if net.public.len() < needs {
                let why = if public_lb {
                    "an internet-facing load balancer needs public subnets in at least two availability zones"
                } else if internet_facing_nlb {
                    "list a public subnet for the internet-facing network load balancer of `listeners`, or set `ingress.public: false`"
                } else {
                    "a service with `public-ip: true` runs in the public subnets"
                };
                out.push(
                    Diagnostic::error(
                        Code::FF0403,
                        format!("imported network of environment `{env}` in `{region}` has {} public subnet(s)", net.public.len()),
                    )
                    .label(ctx.app_span(&format!("{pointer}/public")), format!("fewer than {needs}"))
                    .help(why),
                );
            }
        }
    }
    out
}
