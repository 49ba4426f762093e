//! A placement expression longer than ECS's 2000 characters once interpolated.
//!
//! # FF0337
//!
//! ECS accepts cluster query expressions of at most 2000 characters (after fleetform interpolates
//! `{{…}}` names). Match instance types with a pattern (`=~ c7g.*`) rather than a long `in [...]`
//! list, or tag instances with a custom attribute and match that.

use crate::check::context::Context;
use super::placement::{owners, rendered, targets};
use crate::diagnostic::{Code, Diagnostic};
use crate::placement::MAX_EXPRESSION;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let targets = targets(ctx);
    let mut out = Vec::new();
    for o in owners(ctx) {
        for w in o.expressions() {
            let longest = targets
                .iter()
                .map(|t| (rendered(w.text, t).chars().count(), t))
                .max_by_key(|(n, _)| *n);
            let (n, place) = match longest {
                Some((n, t)) => (n, format!(" in `{}` (environment `{}`)", t.region, t.env)),
                None => (w.text.chars().count(), String::new()),
            };
            if n <= MAX_EXPRESSION {
                continue;
            }
            out.push(
                Diagnostic::error(
                    Code::FF0337,
                    format!(
                        "the placement expression of {} is {n} characters{place}; ecs allows at most {MAX_EXPRESSION}",
                        o.name
                    ),
                )
                .label(ctx.span_in(o.doc, &w.pointer), "too long")
                .help("match with a pattern (`=~`) or a custom attribute instead of long lists"),
            );
        }
    }
    out
}
