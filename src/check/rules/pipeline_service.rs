//! FF0504: an entry of `pipeline.services` that names no service or job of the app. Its
//! settings would silently apply to nothing (typically a typo or a removed service).

use crate::check::context::Context;
use crate::check::{RuleDoc, suggest};
use crate::diagnostic::Diagnostic;
use crate::source::escape_token;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0504",
    title: "pipeline override for an unknown service",
    explanation: "Keys of `pipeline.services` are service or job names of the app.\n\n```yaml\nservices: { cart: … }\npipeline:\n  services:\n    crat: { path: services/cart }   # did you mean `cart`?\n```",
};

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
                "FF0504",
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
