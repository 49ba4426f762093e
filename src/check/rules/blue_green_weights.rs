//! DNS blue/green weights that send no traffic anywhere, or an override for an environment the app
//! does not have. Both records at 0 makes Route 53 answer with both colours equally (it treats an
//! all-zero weighted set as all equal), which is never what a switch means; an override under a
//! misspelt environment would silently leave that environment on the service's weights. The schema
//! already keeps each weight within 0–255.
//!
//! # FF0360
//!
//! `deploy.dns-blue-green.weights` gives each colour's record a Route 53 weight, 0–255 each. At
//! least one must be above 0 in every environment: Route 53 treats a set whose weights are all 0 as
//! if they were all equal, so `{ blue: 0, green: 0 }` would send half the traffic to each colour.
//! `environments` overrides must name environments of the app. Switching is a one-line change of a
//! `weights` map.
//!
//! ```yaml
//! deploy:
//!   dns-blue-green:
//!     weights: { blue: 0, green: 0 }   # say which colour serves: { blue: 100, green: 0 }
//! ```

use super::blue_green;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, bg) in blue_green::services(ctx) {
        for (env, over) in &bg.environments {
            let pointer = format!("{}/environments/{}", blue_green::POINTER, escape_token(env));
            if !ctx.app.environments.contains_key(env) {
                out.push(
                    Diagnostic::error(
                        Code::FF0360,
                        format!("blue/green override of service `{name}` names `{env}`, which is not an environment"),
                    )
                    .label(ctx.key_span(name, &pointer), "not an environment of this app")
                    .help(format!(
                        "use one of: {}",
                        ctx.app.environments.keys().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
                    )),
                );
            }
            if over.weights.is_some_and(|w| w.blue == 0 && w.green == 0) {
                out.push(both_zero(
                    ctx,
                    name,
                    &format!("{pointer}/weights"),
                    Some(env),
                ));
            }
        }
        // The service's weights matter if some environment has no weights of its own.
        let used = ctx
            .app
            .environments
            .keys()
            .any(|env| bg.environments.get(env).is_none_or(|o| o.weights.is_none()));
        if used && bg.weights.blue == 0 && bg.weights.green == 0 {
            let pointer = format!("{}/weights", blue_green::POINTER);
            out.push(both_zero(ctx, name, &pointer, None));
        }
    }
    out
}

fn both_zero(ctx: &Context<'_>, name: &str, pointer: &str, env: Option<&str>) -> Diagnostic {
    let in_env = env.map_or_else(String::new, |e| format!(" in `{e}`"));
    Diagnostic::error(
        Code::FF0360,
        format!("both blue/green weights of service `{name}` are 0{in_env}"),
    )
    // Not "no colour gets traffic": Route 53 answers an all-zero set as if all were equal.
    .label(
        ctx.span(name, pointer),
        "all 0: Route 53 splits traffic equally",
    )
    .help("say which colour serves: write `{ blue: 100, green: 0 }` (or the other way round)")
    .fix(ctx.span(name, pointer), "{ blue: 100, green: 0 }")
}
