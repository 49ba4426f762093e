//! An environment with a `global` name in an app with several `ingress.load-balancers`, none or
//! more than one of them marked `global: true`. The name is one alias record per region and can
//! point at one load balancer only; picking one silently would make it move when a load
//! balancer is added.
//!
//! # FF0483
//!
//! The environment's `global` name is an alias of one load balancer per region. With several
//! `ingress.load-balancers`, mark exactly one of them `global: true` (with a single one, it is
//! that one). Routes on the others are reached through their own domains.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(named) = ctx.app.named_load_balancers() else {
        return Vec::new();
    };
    if ctx.app.global_load_balancer().is_some() {
        return Vec::new();
    }
    let marked: Vec<&String> = named
        .iter()
        .filter(|(_, lb)| lb.global)
        .map(|(name, _)| name)
        .collect();
    let first = named.keys().next().map_or("NAME", String::as_str);
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        if e.global.is_none() {
            continue;
        }
        let at = ctx.app_key_span(&format!("/environments/{}/global", escape_token(env)));
        let d = if marked.is_empty() {
            Diagnostic::error(
                Code::FF0483,
                format!(
                    "the global name of environment `{env}` has {} load balancers to point at and none is marked `global`",
                    named.len()
                ),
            )
            .label(at, "one alias per region")
            .help(format!(
                "add `global: true` to load balancer `{first}` under `ingress.load-balancers`"
            ))
        } else {
            let spans = marked.iter().skip(1).map(|lb| {
                ctx.app_key_span(&format!("/ingress/load-balancers/{}/global", escape_token(lb)))
            });
            let mut d = Diagnostic::error(
                Code::FF0483,
                format!(
                    "the global name of environment `{env}` can point at one load balancer, but {} are marked `global`",
                    marked.len()
                ),
            )
            .label(at, "one alias per region");
            for span in spans {
                d = d.label(span, "also marked");
            }
            d.help(format!("keep `global: true` on `{}` only", marked[0]))
        };
        out.push(d);
    }
    out
}
