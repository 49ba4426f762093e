//! A call to a service without a container port. The callee's ports are what the call opens to the
//! caller; a service without one receives no connections.
//!
//! # FF0382
//!
//! A call opens the callee's container ports to the caller, so the callee needs a `port` (short
//! form) or a container with one.
//!
//! ```yaml
//! services:
//!   web: { calls: [worker], … }
//!   worker: { image: worker:1.0, cpu: 256, memory: 512 }   # no port to call
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
        if caller == callee || !service.ports().is_empty() {
            continue;
        }
        out.push(
            Diagnostic::error(
                Code::FF0382,
                format!("service `{caller}` calls `{callee}`, which has no container port"),
            )
            .label(
                ctx.span(caller, &format!("/calls/{i}")),
                "nothing to connect to",
            )
            .help(format!(
                "give `{callee}` a `port`, or remove it from `calls`"
            )),
        );
    }
    out
}
