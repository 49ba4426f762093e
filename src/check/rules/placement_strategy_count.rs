//! More than 5 placement strategies, counted after presets are expanded (`balanced` is two) and
//! repeats dropped. ECS rejects the service.
//!
//! # FF0336
//!
//! ECS allows at most 5 placement strategies per service or task; the `balanced` preset counts as
//! two (spread over zones, then over instances) and `compact` as one.
//!
//! ```yaml
//! placement:
//!   preset: balanced
//!   strategy: [{ spread: attribute:rack }, { spread: attribute:row }, { binpack: memory }, { binpack: cpu }]   # 6
//! ```

use crate::check::context::Context;
use super::placement::owners;
use crate::diagnostic::{Code, Diagnostic};
use crate::placement::MAX_STRATEGIES;

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
                Code::FF0336,
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
