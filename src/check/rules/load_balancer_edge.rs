//! `ingress.zone`, `ingress.waf` or `ingress.access-logs` beside `ingress.load-balancers`: the
//! edge features are built for the environment's single load balancer (its certificate, alias
//! record, web ACL association and access-log bucket live in the environment stack), and named
//! load balancers live in stacks of their own. Silently building them without a web ACL or
//! access logs would drop a protection the blueprint asked for, so say it.
//!
//! # FF0497
//!
//! With `ingress.load-balancers`, `ingress.zone`, `ingress.waf` and `ingress.access-logs` are
//! not applied yet: remove them (and attach a web ACL or turn on access logs outside fleetform),
//! or keep the single load balancer of `ingress`.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(ingress) = ctx.app.ingress.as_ref() else {
        return Vec::new();
    };
    if ingress.load_balancers.is_none() {
        return Vec::new();
    }
    [
        ("zone", ingress.zone.is_some()),
        ("waf", ingress.waf.is_some()),
        ("access-logs", ingress.access_logs.is_some()),
    ]
    .into_iter()
    .filter(|(_, set)| *set)
    .map(|(key, _)| {
        Diagnostic::error(
            Code::FF0497,
            format!("`ingress.{key}` is not applied to `ingress.load-balancers`"),
        )
        .label(
            ctx.app_key_span(&format!("/ingress/{key}")),
            "for the single load balancer of `ingress` only",
        )
        .help(format!(
            "remove `{key}` from `ingress`, or remove `load-balancers` to keep one load balancer"
        ))
    })
    .collect()
}
