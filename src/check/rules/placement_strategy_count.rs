//! FF0336: more than 5 placement strategies, counted after presets are expanded (`balanced`
//! is two) and repeats dropped. ECS rejects the service.

use super::placement::owners;
use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::diagnostic::Diagnostic;
use crate::placement::MAX_STRATEGIES;

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0336",
    title: "too many placement strategies",
    explanation: "ECS allows at most 5 placement strategies per service or task; the `balanced` preset \
counts as two (spread over zones, then over instances) and `compact` as one.\n\n```yaml\nplacement:\n  preset: balanced\n  strategy: [{ spread: attribute:rack }, { spread: attribute:row }, { binpack: memory }, { binpack: cpu }]   # 6\n```",
};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in owners(ctx) {
        let n = o.expanded.strategies.len();
        if n <= MAX_STRATEGIES {
            continue;
        }
        let at = o
            .expanded
            .strategies
            .get(MAX_STRATEGIES)
            .map_or_else(|| o.base.clone(), |(_, at)| format!("{}{at}", o.base));
        out.push(
            Diagnostic::error(
                "FF0336",
                format!(
                    "{} has {n} placement strategies; ecs allows at most {MAX_STRATEGIES}",
                    o.name
                ),
            )
            .label(ctx.span_in(o.doc, &at), "the 6th strategy")
            .help(
                "later strategies only break ties of earlier ones: keep the first five that matter",
            ),
        );
    }
    out
}
