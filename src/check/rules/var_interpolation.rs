//! A `vars` (or `region-vars`) value that contains `{{`. Var values are substituted as they are,
//! never interpolated themselves (so `vars: {a: "{{b}}", b: "{{a}}"}` cannot loop); without this
//! rule such a value would reach the template as the literal text `{{b}}`, which is never what was
//! meant.
//!
//! # FF0014
//!
//! Values in `vars` (of the app or of an environment) and `region-vars` are used as they are: they
//! are not interpolated, so one var cannot refer to another (and vars cannot loop). Write the full
//! value in each var, or interpolate both names where the value is used.
//!
//! ```yaml
//! vars:
//!   host: "{{env}}.example.com"   # not interpolated: use `{{env}}.example.com` where it is needed
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut places: Vec<(String, &str, &str)> = ctx
        .app
        .vars
        .iter()
        .map(|(k, v)| (format!("/vars/{}", escape_token(k)), k.as_str(), v.as_str()))
        .collect();
    for (env, e) in &ctx.app.environments {
        places.extend(e.vars.iter().map(|(k, v)| {
            (
                format!(
                    "/environments/{}/vars/{}",
                    escape_token(env),
                    escape_token(k)
                ),
                k.as_str(),
                v.as_str(),
            )
        }));
        for (region, vars) in &e.region_vars {
            places.extend(vars.iter().map(|(k, v)| {
                (
                    format!(
                        "/environments/{}/region-vars/{}/{}",
                        escape_token(env),
                        escape_token(region),
                        escape_token(k)
                    ),
                    k.as_str(),
                    v.as_str(),
                )
            }));
        }
    }
    places
        .into_iter()
        .filter_map(|(pointer, name, value)| {
            let at = value.find("{{")?;
            let end = value[at..].find("}}").map_or(value.len(), |i| at + i + 2);
            Some(
                Diagnostic::error(
                    Code::FF0014,
                    format!("var `{name}` uses interpolation, but var values are not interpolated"),
                )
                .label(
                    ctx.inner_span(ctx.app_doc, &pointer, at, end),
                    "kept as literal text",
                )
                .help("write the value out in full, or use both names where the value is used"),
            )
        })
        .collect()
}
