//! A call to a job. A job runs to completion and receives no traffic (FF0377), so it can be no
//! callee; the caller probably means a service of a similar name.
//!
//! # FF0384
//!
//! Only services can be called: a job has no port, no route and no discovery name.
//!
//! ```yaml
//! services:
//!   web: { calls: [nightly], … }   # `nightly` is a job
//! jobs:
//!   nightly: { schedule: "cron(0 3 * * ? *)", … }
//! ```

use super::declared_calls;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (caller, i, callee) in declared_calls(ctx) {
        if ctx.app.services.contains_key(callee) || !ctx.app.jobs.contains_key(callee) {
            continue;
        }
        out.push(
            Diagnostic::error(
                Code::FF0384,
                format!("service `{caller}` calls `{callee}`, which is a job"),
            )
            .label(
                ctx.span(caller, &format!("/calls/{i}")),
                "a job receives no traffic",
            )
            .help("remove it from `calls`; a service starts a job through its run-task command"),
        );
    }
    out
}
