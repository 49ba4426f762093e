//! A route path the load balancer rejects (at most 128 characters
//! of A-Z a-z 0-9 `_ - . $ / ~ " ' @ : + &` and the wildcards `*` `?`). `CloudFormation` would fail
//! the listener rule mid-deploy, so check each path as rendered.
//!
//! # FF0442
//!
//! A route `path` is matched by a load-balancer path condition (case-sensitive): at most 128
//! characters of letters, digits and `_ - . $ / ~ " ' @ : + &`, with `*` (any characters) and `?`
//! (one character) as wildcards. A character outside that set can be matched with `?`.
//!
//! ```yaml
//! route: { path: "/search results/*" }
//! ```

use super::route_text::{Field, refused, shown};
use crate::check::context::Context;
use crate::check::route_grammar::{path_problem, path_suggestion};
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    refused(ctx, Field::Path, path_problem)
        .into_iter()
        .map(|r| {
            Diagnostic::error(
                Code::FF0442,
                format!(
                    "a path of service `{}`, {}, is not a path pattern the load balancer accepts",
                    r.service,
                    shown(&r.value.written, &r.text)
                ),
            )
            .label(r.value.place.span(ctx), r.why)
            .help(format!(
                "match other characters with `?` and keep to 128 characters: `{}`",
                path_suggestion(&r.text)
            ))
        })
        .collect()
}
