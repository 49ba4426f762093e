//! A service calling itself. Its tasks already share its security group, and a rule from a group to
//! itself would say nothing the blueprint means; usually a copy-paste slip.
//!
//! # FF0383
//!
//! `calls` lists other services. A service's own tasks need no call to reach each other by its
//! discovery name; if they must connect to each other, say so in a future `peers` setting, not
//! `calls`.
//!
//! ```yaml
//! services:
//!   cart: { calls: [cart], … }   # remove
//! ```

use super::declared_calls;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    declared_calls(ctx)
        .into_iter()
        .filter(|(caller, _, callee)| caller == callee)
        .map(|(caller, i, _)| {
            Diagnostic::error(Code::FF0383, format!("service `{caller}` calls itself"))
                .label(
                    ctx.span(caller, &format!("/calls/{i}")),
                    "the service itself",
                )
                .help("remove it from `calls`: list the services this one connects to")
        })
        .collect()
}
