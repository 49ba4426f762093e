//! `discovery: false` on a service of an app without `discovery`. It changes nothing, and usually
//! means the app-level setting was forgotten or put in a service file.
//!
//! # FF0387
//!
//! A service's `discovery: false` only matters when the app file sets `discovery: cloud-map`;
//! without it no service is registered.
//!
//! ```yaml
//! # app file: no `discovery`
//! services:
//!   cart: { discovery: false, … }   # has no effect
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    if ctx.app.discovery.is_some() {
        return Vec::new();
    }
    ctx.app
        .services
        .iter()
        .filter(|(_, s)| s.discovery == Some(false))
        .map(|(name, _)| {
            Diagnostic::warning(
                Code::FF0387,
                format!("service `{name}` sets `discovery: false` but the app has no discovery"),
            )
            .label(ctx.span(name, "/discovery"), "has no effect")
            .help("remove it, or set `discovery: cloud-map` in the app file")
        })
        .collect()
}
