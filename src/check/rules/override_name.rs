//! `overrides` of a service or job the app does not define. An override only changes an existing
//! definition: a new service from an override would exist in one region only, and a misspelt name
//! would silently change nothing.
//!
//! # FF0423
//!
//! A region's `overrides` change services and jobs the app defines; they cannot add one.
//!
//! ```yaml
//! services:
//!   cart: { image: cart:1, cpu: 256, memory: 512 }
//! environments:
//!   prod:
//!     regions: [cn-north-1]
//!     overrides:
//!       cn-north-1:
//!         services: { crat: { count: 2 } }   # no service `crat`
//! ```

use crate::check::context::Context;
use crate::check::suggest::closest;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::EVERY_REGION;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        for (region, partial) in &e.overrides {
            for (section, what, names) in [
                ("services", "service", &partial.services),
                ("jobs", "job", &partial.jobs),
            ] {
                let known: Vec<&str> = if section == "services" {
                    ctx.app.services.keys().map(String::as_str).collect()
                } else {
                    ctx.app.jobs.keys().map(String::as_str).collect()
                };
                for name in names.keys() {
                    if known.contains(&name.as_str()) {
                        continue;
                    }
                    let pointer = format!(
                        "/environments/{}/overrides/{}/{section}/{}",
                        escape_token(env),
                        escape_token(region),
                        escape_token(name)
                    );
                    let help = closest(name, known.iter().copied()).map_or_else(
                        || format!("overrides change an existing {what}; define `{name}` under `{section}` first"),
                        |s| format!("did you mean `{s}`?"),
                    );
                    let whose = if region == EVERY_REGION {
                        "every region".to_owned()
                    } else {
                        format!("`{region}`")
                    };
                    out.push(
                        Diagnostic::error(
                            Code::FF0423,
                            format!("the overrides of {whose} (environment `{env}`) change {what} `{name}`, which the app does not define"),
                        )
                        .label(ctx.app_key_span(&pointer), format!("no {what} of this name"))
                        .help(help),
                    );
                }
            }
        }
    }
    out
}
