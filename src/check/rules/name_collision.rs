//! Two stacks (or two capacity providers) of one app that would get the same name. Names join app,
//! environment and service with `-`, and each part may contain `-`, so environment `prod-eu` and
//! service `eu` of `prod` both make `shop-prod-eu`. Deploying one would update the other stack in
//! place, replacing or deleting everything in it.
//!
//! # FF0418
//!
//! Stacks are named `{app}-{env}`, `{app}-{env}-observability` and `{app}-{env}-callers-00` to
//! `-callers-31` (reserved), `{app}-{env}-lb-{name}` for each of `ingress.load-balancers` and
//! `{app}-{env}-{service}`, capacity providers
//! `{app}-{env}-{capacity}`; two of them must not spell the same name (in one account and region,
//! the second deploy would overwrite the first stack).
//!
//! ```yaml
//! environments:
//!   prod: …
//!   prod-eu: …        # stack shop-prod-eu
//! services:
//!   eu: …           # stack shop-prod-eu too
//! ```

use std::collections::BTreeMap;

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let app = &ctx.app.name;
    // name → (what, where), in a stable order.
    let mut stacks: BTreeMap<String, Vec<(String, Span)>> = BTreeMap::new();
    let mut providers: BTreeMap<String, Vec<(String, Span)>> = BTreeMap::new();
    for env in ctx.app.environments.keys() {
        let env_span = ctx.app_key_span(&format!("/environments/{}", escape_token(env)));
        stacks
            .entry(format!("{app}-{env}"))
            .or_default()
            .push((format!("the environment stack of `{env}`"), env_span));
        // Reserved whether or not the app uses observability yet, so turning on alarms later
        // never makes a name collide.
        stacks
            .entry(format!("{app}-{env}-observability"))
            .or_default()
            .push((format!("the observability stack of `{env}`"), env_span));
        // Likewise every callers stack, whether or not any service calls another yet.
        for index in 0..crate::naming::CALLER_STACKS {
            stacks
                .entry(crate::naming::callers_stack(app, env, index))
                .or_default()
                .push((format!("a callers stack of `{env}`"), env_span));
        }
        // Each declared load balancer's stack, whether or not a service is on it yet.
        for lb in ctx.app.named_load_balancers().into_iter().flat_map(|m| m.keys()) {
            let span = ctx.app_key_span(&format!("/ingress/load-balancers/{}", escape_token(lb)));
            stacks
                .entry(crate::naming::load_balancer_stack(app, env, lb))
                .or_default()
                .push((format!("the stack of load balancer `{lb}` of `{env}`"), span));
        }
        // A job and a service of one name are FF0371 already.
        let jobs = ctx
            .app
            .jobs
            .keys()
            .filter(|j| !ctx.app.services.contains_key(*j));
        for (kind, name) in ctx
            .app
            .services
            .keys()
            .map(|s| ("service", s))
            .chain(jobs.map(|j| ("job", j)))
        {
            stacks
                .entry(format!("{app}-{env}-{name}"))
                .or_default()
                .push((
                    format!("{kind} `{name}` in `{env}`"),
                    ctx.key_span(name, ""),
                ));
        }
        for capacity in ctx
            .app
            .cluster
            .capacity
            .keys()
            .filter(|c| !super::is_fargate(c))
        {
            let span = ctx.app_key_span(&format!("/cluster/capacity/{}", escape_token(capacity)));
            providers
                .entry(format!("{app}-{env}-{capacity}"))
                .or_default()
                .push((format!("capacity `{capacity}` in `{env}`"), span));
        }
    }
    let mut out = Vec::new();
    for (kind, names) in [("stack", stacks), ("capacity provider", providers)] {
        for (name, users) in names {
            if let [first, second, ..] = users.as_slice() {
                out.push(
                    Diagnostic::error(
                        Code::FF0418,
                        format!("{kind} name `{name}` is made twice: by {} and by {}", second.0, first.0),
                    )
                    .label(second.1, format!("{} is `{name}`", second.0))
                    .label(first.1, format!("so is {}", first.0))
                    .help("rename the environment, service or capacity so the names differ (a `-` in a name can hide the boundary)"),
                );
            }
        }
    }
    out
}
