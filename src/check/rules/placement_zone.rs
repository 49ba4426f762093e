//! An availability zone in a placement expression that is not a zone of the region the stack is
//! deployed to (`attribute:ecs.availability-zone == us-east-1a` in eu-west-1). Checked on the
//! interpolated text of every environment × region, so `{{region}}a` is fine; a letter the region
//! has no zone for (`us-east-1z`) is no zone of it either.
//!
//! # FF0334
//!
//! `attribute:ecs.availability-zone` holds zone names such as `us-east-1a`, which exist in one
//! region only. A zone of another region matches no instance (`==`, `in`) or every instance (`!=`,
//! `!in`). Write `{{region}}a` to name a zone letter in every region.
//!
//! ```yaml
//! environments:
//!   prod: { regions: [us-east-1, eu-west-1] }
//! …
//! affinity: "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"   # "[{{region}}a, {{region}}b]"
//! ```

use crate::check::context::Context;
use super::placement::{owners, regions_of, targets, zone_values};
use crate::diagnostic::{Code, Diagnostic};
use crate::partition;

/// Whether `zone` names an availability, local or wavelength zone of `region`: availability
/// zones by the region's letters (`partition::has_zone`), so `us-east-1z` is none.
fn is_zone_of(zone: &str, region: &str) -> bool {
    let Some(rest) = zone.strip_prefix(region) else {
        return false;
    };
    let letter = |s: &str| s.len() == 1 && s.bytes().all(|b| b.is_ascii_lowercase());
    // `us-east-1a`, or a Local Zone such as `us-east-1-bos-1a`.
    (letter(rest) && partition::has_zone(region, zone).unwrap_or(true))
        || rest.strip_prefix('-').is_some_and(|r| {
            r.len() > 1
                && r.bytes().last().is_some_and(|b| b.is_ascii_lowercase())
                && r.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let targets = targets(ctx);
    let mut out = Vec::new();
    for o in owners(ctx) {
        for w in o.expressions() {
            let found = zone_values(ctx, &o, &w, &targets, |zone, t| {
                !is_zone_of(zone, &t.region)
            });
            for (span, zone, failing) in found {
                out.push(
                    Diagnostic::error(
                        Code::FF0334,
                        format!(
                            "`{zone}` in the placement of {} is not an availability zone of {}",
                            o.name,
                            regions_of(&failing)
                        ),
                    )
                    .label(span, "not a zone of the stack's region")
                    .help("write `{{region}}a` to name a zone letter in every region, or a per-region var under `region-vars`"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_zone_of;

    #[test]
    fn zones_of_a_region() {
        assert!(is_zone_of("us-east-1a", "us-east-1"));
        assert!(is_zone_of("us-east-1-bos-1a", "us-east-1"));
        assert!(!is_zone_of("us-east-1", "us-east-1"));
        assert!(!is_zone_of("eu-west-1a", "us-east-1"));
        assert!(!is_zone_of("use1-az1", "us-east-1"));
        assert!(!is_zone_of("us-east-1ab", "us-east-1"));
        assert!(!is_zone_of("us-east-12a", "us-east-1"));
        // Not a letter of the region's zones.
        assert!(!is_zone_of("us-east-1z", "us-east-1"));
        assert!(!is_zone_of("eu-west-1d", "eu-west-1"));
    }
}
