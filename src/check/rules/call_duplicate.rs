//! The same service twice in one `calls` list. Harmless to the output (one rule per caller and
//! port) but a sign of a merge slip, and the list reads as the service's dependencies, so each
//! belongs once.
//!
//! # FF0386
//!
//! Name each callee once in `calls`.
//!
//! ```yaml
//! services:
//!   web: { calls: [cart, orders, cart], … }   # `cart` twice
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (caller, service) in &ctx.app.services {
        for (i, callee) in service.calls.iter().enumerate() {
            let Some(first) = service.calls[..i].iter().position(|c| c == callee) else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    Code::FF0386,
                    format!("service `{caller}` calls `{callee}` twice"),
                )
                .label(ctx.span(caller, &format!("/calls/{i}")), "again here")
                .label(ctx.span(caller, &format!("/calls/{first}")), "first here")
                .help("remove the second entry"),
            );
        }
    }
    out
}
