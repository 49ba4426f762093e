//! `overrides` for a region the environment does not deploy to. Such values are never used, which
//! usually means a typo in the region or a region dropped from `regions` while its overrides stayed
//! behind.
//!
//! # FF0422
//!
//! `overrides` changes values of the app in one region of the environment; a region that is not in
//! `regions` never uses them.
//!
//! ```yaml
//! regions: [us-east-1]
//! overrides:
//!   cn-north-1:   # not deployed
//!     services: { cart: { count: 2 } }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::EVERY_REGION;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        for region in e.overrides.keys() {
            // `all` is every region of the environment.
            if region != EVERY_REGION && !e.regions.contains(region) {
                out.push(
                    Diagnostic::error(
                        Code::FF0422,
                        format!("environment `{env}` does not deploy to `{region}`"),
                    )
                    .label(
                        ctx.app_key_span(&format!(
                            "/environments/{}/overrides/{}",
                            escape_token(env),
                            escape_token(region)
                        )),
                        "not in this environment's `regions`",
                    )
                    .help(format!(
                        "add `{region}` to `regions`, or remove its overrides (`all` changes every region)"
                    )),
                );
            }
        }
    }
    out
}
