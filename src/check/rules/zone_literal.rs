//! An availability-zone name (`us-east-1a`) in a value used in another region. Zone names exist
//! only in their region, so the value names nothing there. fleetform itself picks zones with
//! `Fn::GetAZs`; a zone in a setting is usually a leftover.
//!
//! # FF0414
//!
//! An availability-zone name such as `us-east-1a` only exists in its region; in another region's
//! stack the value points at nothing. Use a per-environment var, or `{{region}}a` when the letter
//! is what matters.
//!
//! ```yaml
//! environments:
//!   prod: { regions: [us-east-1, eu-west-1] }
//! …
//! env: { PREFERRED_AZ: us-east-1a }   # "{{region}}a"
//! ```

use crate::check::context::Context;
use crate::check::scoped::{Target, describe, zones};
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in ctx.strings() {
        // Placement expressions get the stricter FF0334, per region.
        if s.pointer.split('/').nth(3) == Some("placement") {
            continue;
        }
        for (start, end, region) in zones(&s.text) {
            let wrong: Vec<&Target> = s.targets.iter().filter(|t| t.region != region).collect();
            if wrong.is_empty() {
                continue;
            }
            let zone = &s.text[start..end];
            out.push(
                Diagnostic::warning(
                    Code::FF0414,
                    format!("availability zone `{zone}` is used in {}", describe(&wrong)),
                )
                .label(
                    ctx.inner_span(ctx.doc_of(s.file), &s.pointer, start, end),
                    format!("a zone of `{region}`"),
                )
                .help("use `{{region}}` with the zone letter, or a per-environment var"),
            );
        }
    }
    out
}
