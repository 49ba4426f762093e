//! Two names that map to the same `CloudFormation` logical ID. Logical IDs drop punctuation and
//! `PascalCase` the words, so `a-b` and `a--b` (or `web-1` and `web1`) both become `AB` (`Web1`);
//! the template could hold only one of them.
//!
//! # FF0318
//!
//! Service and capacity names become CloudFormation logical IDs by dropping `-` and capitalising
//! each word; two names that differ only there collide.
//!
//! ```yaml
//! services:
//!   web-1: …
//!   web1: …   # both are `Web1`
//! ```

use std::collections::BTreeMap;

use crate::cfn::LogicalId;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::source::escape_token;

fn collisions<'n>(
    names: impl Iterator<Item = &'n String>,
) -> Vec<(&'n String, &'n String, LogicalId)> {
    let mut seen: BTreeMap<LogicalId, &String> = BTreeMap::new();
    let mut out = Vec::new();
    for name in names {
        let id = LogicalId::from_parts(&[name]);
        match seen.get(&id) {
            Some(first) => out.push((*first, name, id)),
            None => {
                seen.insert(id, name);
            }
        }
    }
    out
}

fn diag(
    kind: &str,
    first: &str,
    second: &str,
    id: &LogicalId,
    at: Span,
    first_at: Span,
) -> Diagnostic {
    Diagnostic::error(
        Code::FF0318,
        format!("{kind} `{first}` and `{second}` have the same logical ID `{id}`"),
    )
    .label(at, "collides")
    .label(first_at, "with this name")
    .help("rename one of them so they differ in more than `-`")
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (first, second, id) in collisions(ctx.app.services.keys()) {
        out.push(diag(
            "services",
            first,
            second,
            &id,
            ctx.key_span(second, ""),
            ctx.key_span(first, ""),
        ));
    }
    for (first, second, id) in collisions(ctx.app.cluster.capacity.keys()) {
        let span = |n: &str| ctx.app_key_span(&format!("/cluster/capacity/{}", escape_token(n)));
        out.push(diag(
            "capacities",
            first,
            second,
            &id,
            span(second),
            span(first),
        ));
    }
    out
}
