//! A placement strategy on a daemon service. A daemon runs one task on every instance that meets
//! its constraints, so there is nothing to choose between; ECS rejects a service of scheduling
//! strategy `DAEMON` that has placement strategies.
//!
//! # FF0338
//!
//! A daemon service runs exactly one task on every container instance that meets its placement
//! constraints, so a placement strategy (`binpack`, `spread`, `random`, or the presets `compact`
//! and `balanced` that expand to them) has nothing to decide, and ECS rejects it. Constraints
//! (`member-of`, `distinct-instance`, `affinity`) are fine.
//!
//! ```yaml
//! agent:
//!   scheduling: daemon
//!   placement:
//!     affinity: "attribute:tier == web"   # fine
//!     strategy: [{ spread: instanceId }]       # remove
//! ```

use crate::check::context::Context;
use super::placement::owners;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    owners(ctx)
        .into_iter()
        .filter(|o| o.daemon)
        .filter_map(|o| {
            let (_, at) = o.expanded.strategies.first()?;
            Some(
                Diagnostic::error(
                    Code::FF0338,
                    format!("daemon {} has a placement strategy", o.name),
                )
                .label(
                    ctx.span_in(o.doc, &format!("{}{at}", o.base)),
                    "a daemon runs one task on every instance",
                )
                .help("remove the strategy (and the presets `compact`/`balanced`); keep constraints such as `member-of` or `affinity` to choose the instances"),
            )
        })
        .collect()
}
