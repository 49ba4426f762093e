//! `region-vars` for a region the environment does not deploy to. Such values are never used, which
//! usually means a typo in the region or a region dropped from `regions` while its values stayed
//! behind.
//!
//! # FF0417
//!
//! `region-vars` gives variables per region of the environment; a region that is not in `regions`
//! never uses them.
//!
//! ```yaml
//! regions: [us-east-1]
//! region-vars:
//!   eu-west-1: { bucket: shop-eu }   # not deployed
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        for region in e.region_vars.keys() {
            if !e.regions.contains(region) {
                out.push(
                    Diagnostic::error(
                        Code::FF0417,
                        format!("environment `{env}` does not deploy to `{region}`"),
                    )
                    .label(
                        ctx.app_key_span(&format!(
                            "/environments/{}/region-vars/{}",
                            escape_token(env),
                            escape_token(region)
                        )),
                        "not in this environment's `regions`",
                    )
                    .help(format!(
                        "add `{region}` to `regions`, or remove its variables"
                    )),
                );
            }
        }
    }
    out
}
