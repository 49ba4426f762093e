//! A region listed twice in one environment. The second entry would build the same stacks again
//! under the same names.
//!
//! # FF0205
//!
//! An environment lists each region once; a repeated region would produce two stacks with the same
//! name.
//!
//! ```yaml
//! regions: [us-east-1, us-east-1]
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        let base = format!("/environments/{}/regions", escape_token(env));
        for (i, region) in e.regions.iter().enumerate() {
            if let Some(first) = e.regions[..i].iter().position(|r| r == region) {
                out.push(
                    Diagnostic::error(
                        Code::FF0205,
                        format!("region `{region}` is listed twice in environment `{env}`"),
                    )
                    .label(ctx.app_span(&format!("{base}/{i}")), "listed again here")
                    .label(
                        ctx.app_span(&format!("{base}/{first}")),
                        "first listed here",
                    )
                    .help("remove the repeated region"),
                );
            }
        }
    }
    out
}
