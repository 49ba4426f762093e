//! A `calls` entry naming no service of the app. The security-group rule would have no callee stack
//! to live in; usually a typo.
//!
//! # FF0381
//!
//! Each name under a service's `calls` must be another service of the same app (in any of its
//! files).
//!
//! ```yaml
//! services:
//!   web: { calls: [cartt], … }   # did you mean `cart`?
//!   cart: { port: 8080, … }
//! ```

use super::declared_calls;
use crate::check::context::Context;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (caller, i, callee) in declared_calls(ctx) {
        // A job's name is FF0384's.
        if ctx.app.services.contains_key(callee) || ctx.app.jobs.contains_key(callee) {
            continue;
        }
        let help = suggest::did_you_mean(callee, ctx.app.services.keys().map(String::as_str))
            .unwrap_or_else(|| "name a service of this app".to_owned());
        out.push(
            Diagnostic::error(
                Code::FF0381,
                format!("service `{caller}` calls unknown service `{callee}`"),
            )
            .label(ctx.span(caller, &format!("/calls/{i}")), "no such service")
            .help(help),
        );
    }
    out
}
