//! A call the caller cannot resolve by name: the app has no `discovery`, or the callee sets
//! `discovery: false` or deploys by DNS blue/green (not registered). The security-group rule is
//! still emitted (the caller may find the callee another way), but a call usually means
//! `{callee}.{env}.{app}.internal` is expected to resolve.
//!
//! # FF0385
//!
//! A call opens the callee's ports to the caller, but only service discovery gives the callee a
//! name to connect to. Set `discovery: cloud-map` on the app, or keep the callee registered.
//!
//! ```yaml
//! discovery: cloud-map        # then web reaches cart.{env}.{app}.internal
//! services:
//!   web: { calls: [cart], … }
//! ```

use super::declared_calls;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (caller, i, callee) in declared_calls(ctx) {
        let Some(service) = ctx.app.services.get(callee) else {
            continue;
        };
        if caller == callee {
            continue;
        }
        let (why, help) = if ctx.app.discovery.is_none() {
            (
                "the app has no service discovery",
                "set `discovery: cloud-map` in the app file",
            )
        } else if service.discovery == Some(false) {
            (
                "the callee sets `discovery: false`",
                "remove `discovery: false` from the callee",
            )
        } else if service.dns_blue_green().is_some() {
            (
                "a DNS blue/green service is not registered",
                "call the callee by its blue/green DNS name",
            )
        } else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                Code::FF0385,
                format!("service `{caller}` calls `{callee}`, which has no discovery name: {why}"),
            )
            .label(
                ctx.span(caller, &format!("/calls/{i}")),
                "not resolvable by name",
            )
            .help(help),
        );
    }
    out
}
