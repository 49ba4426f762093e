//! More than 10 placement constraints on one task, counted as ECS counts them: every constraint
//! after presets are expanded and repeats dropped, plus the one fleetform adds to a daemon (its
//! capacities). ECS rejects the service.
//!
//! # FF0335
//!
//! ECS allows at most 10 placement constraints per task, the presets' (`anti-affinity`, `affinity`)
//! included. Join `member-of` expressions with `and` instead.
//!
//! ```yaml
//! constraints:
//!   - member-of: "attribute:stack == prod"
//!   - member-of: "attribute:tier == web"   # → "attribute:stack == prod and attribute:tier == web"
//! ```

use crate::check::context::Context;
use super::placement::owners;
use crate::diagnostic::{Code, Diagnostic};
use crate::placement::MAX_CONSTRAINTS;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for o in owners(ctx) {
        // A daemon's own `memberOf` (its capacities) takes one of the ten.
        let own = usize::from(o.daemon);
        let n = o.expanded.constraints.len() + own;
        if n <= MAX_CONSTRAINTS {
            continue;
        }
        let at = o
            .expanded
            .constraints
            .get(MAX_CONSTRAINTS - own)
            .map_or_else(|| o.base.clone(), |(_, at)| format!("{}{at}", o.base));
        out.push(
            Diagnostic::error(
                Code::FF0335,
                format!(
                    "{} has {n} placement constraints{}; ecs allows at most {MAX_CONSTRAINTS}",
                    o.name,
                    if o.daemon {
                        " (one of them the daemon's own, on its capacities)"
                    } else {
                        ""
                    }
                ),
            )
            .label(ctx.span_in(o.doc, &at), "the 11th constraint")
            .help("join `member-of` expressions with `and` into one constraint"),
        );
    }
    out
}
