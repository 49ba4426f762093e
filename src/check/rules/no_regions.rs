//! An environment with an empty `regions` list would build nothing, which is almost certainly a
//! mistake (an environment is a set of per-region stacks).
//!
//! # FF0401
//!
//! An environment must name at least one region to deploy to.
//!
//! ```yaml
//! environments:
//!   test:
//!     regions: []   # add e.g. us-east-1
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    ctx.app
        .environments
        .iter()
        .filter(|(_, e)| e.regions.is_empty())
        .map(|(env, _)| {
            Diagnostic::error(Code::FF0401, format!("environment `{env}` has no regions"))
                .label(
                    ctx.app_span(&format!("/environments/{}/regions", escape_token(env))),
                    "empty list",
                )
                .help("list at least one region, e.g. `regions: [us-east-1]`")
        })
        .collect()
}
