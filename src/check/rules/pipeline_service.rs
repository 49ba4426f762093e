//! An entry of `pipeline.services` that names no service or job of the app. Its settings would
//! silently apply to nothing (typically a typo or a removed service).
//!
//! # FF0504
//!
//! Keys of `pipeline.services` are service or job names of the app.
//!
//! ```yaml
//! services: { cart: … }
//! pipeline:
//!   services:
//!     crat: { path: services/cart }   # did you mean `cart`?
//! ```

use crate::check::context::Context;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(p) = &ctx.app.pipeline else {
        return Vec::new();
    };
    let known: Vec<&str> = ctx
        .app
        .services
        .keys()
        .chain(ctx.app.jobs.keys())
        .map(String::as_str)
        .collect();
    p.services
        .keys()
        .filter(|name| !known.contains(&name.as_str()))
        .map(|name| {
            Diagnostic::error(
                Code::FF0504,
                format!("pipeline settings for unknown service `{name}`"),
            )
            .label(
                ctx.app_key_span(&format!("/pipeline/services/{}", escape_token(name))),
                "no service or job of this name",
            )
            .help(
                suggest::did_you_mean(name, known.iter().copied())
                    .unwrap_or_else(|| "name a service or job of the app".to_owned()),
            )
        })
        .collect()
}
