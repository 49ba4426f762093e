//! A service whose `load-balancer` names no load balancer of `ingress.load-balancers` (or the
//! app declares none): lowering would read SSM parameters no stack publishes, and the service
//! stack would fail to deploy.
//!
//! # FF0481
//!
//! `load-balancer` picks one of the load balancers declared under `ingress.load-balancers`. Name
//! one of them, declare the one you mean, or drop `load-balancer` to let fleetform choose among
//! the automatic ones.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let named = ctx.app.named_load_balancers();
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        let Some(lb) = &service.load_balancer else {
            continue;
        };
        if named.is_some_and(|n| n.contains_key(lb)) {
            continue;
        }
        let (label, help) = match named {
            Some(n) => (
                "not in `ingress.load-balancers`".to_owned(),
                format!(
                    "use one of {}, or declare `{lb}` under `ingress.load-balancers`",
                    n.keys()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            None => (
                "the app declares no `ingress.load-balancers`".to_owned(),
                format!("remove `load-balancer`, or declare `{lb}` under `ingress.load-balancers`"),
            ),
        };
        out.push(
            Diagnostic::error(
                Code::FF0481,
                format!("service `{name}` asks for load balancer `{lb}`, which is not declared"),
            )
            .label(ctx.span(name, "/load-balancer"), label)
            .help(help),
        );
    }
    out
}
