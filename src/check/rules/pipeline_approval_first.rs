//! A manual approval before the first environment of `pipeline.deploy`. Nothing has been deployed
//! or tested yet when it is asked, so the approver has nothing to judge; approvals belong before
//! production, after the test environment's final tests.
//!
//! # FF0503
//!
//! An approval before the first deployed environment comes before any deploy or final test, so
//! there is nothing to approve yet (a warning).
//!
//! ```yaml
//! pipeline:
//!   deploy: [test, prod]
//!   approval: [test]   # usually [prod]
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(p) = &ctx.app.pipeline else {
        return Vec::new();
    };
    let Some(first) = p.deploy.first() else {
        return Vec::new();
    };
    if p.deploy.len() < 2 {
        return Vec::new();
    }
    p.approval
        .iter()
        .enumerate()
        .filter(|(_, env)| *env == first)
        .map(|(i, env)| {
            Diagnostic::warning(
                Code::FF0503,
                format!(
                    "manual approval before `{env}`, the first environment the pipeline deploys"
                ),
            )
            .label(
                ctx.app_span(&format!("/pipeline/approval/{i}")),
                "nothing is deployed or tested yet here",
            )
            .help(format!(
                "approve before a later environment (e.g. `{}`), after `{env}` has been tested",
                p.deploy.last().map_or("prod", String::as_str)
            ))
        })
        .collect()
}
