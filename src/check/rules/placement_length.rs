//! FF0337: a placement expression longer than ECS's 2000 characters once interpolated.

use super::placement::{owners, rendered, targets};
use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;
use crate::placement::MAX_EXPRESSION;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0337",
    title: "placement expression too long",
    explanation: "ECS accepts cluster query expressions of at most 2000 characters (after fleetform \
interpolates `{{…}}` names). Match instance types with a pattern (`=~ c7g.*`) rather than a long \
`in [...]` list, or tag instances with a custom attribute and match that.",
};

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
                    "FF0337",
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
