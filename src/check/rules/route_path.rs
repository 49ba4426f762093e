//! FF0442: a route path the load balancer rejects ([`crate::check::route_grammar`]: at most 128
//! characters of A-Z a-z 0-9 `_ - . $ / ~ " ' @ : + &` and the wildcards `*` `?`).
//! `CloudFormation` would fail the listener rule mid-deploy, so check each path as rendered.

use super::route_text::{Field, routes, shown};
use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::check::route_grammar::{path_problem, path_suggestion};
use crate::diagnostic::Diagnostic;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0442",
    title: "route path the load balancer rejects",
    explanation: "A route `path` is matched by a load-balancer path condition (case-sensitive): \
at most 128 characters of letters, digits and `_ - . $ / ~ \" ' @ : + &`, with `*` (any \
characters) and `?` (one character) as wildcards. A character outside that set can be matched \
with `?`.\n\n```yaml\nroute: { path: \"/search results/*\" }\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (service, values) in routes(ctx) {
        for v in values.iter().filter(|v| v.field == Field::Path) {
            let Some((text, why)) = v
                .rendered
                .iter()
                .find_map(|r| path_problem(r).map(|why| (r, why)))
            else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    "FF0442",
                    format!(
                        "a path of service `{service}`, {}, is not a path pattern the load balancer accepts",
                        shown(&v.written, text)
                    ),
                )
                .label(v.place.span(ctx), why)
                .help(format!(
                    "match other characters with `?` and keep to 128 characters: `{}`",
                    path_suggestion(text)
                )),
            );
        }
    }
    out
}
