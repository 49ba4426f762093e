//! FF0334: an availability zone in a placement expression that is not a zone of the region
//! the stack is deployed to (`attribute:ecs.availability-zone == us-east-1a` in eu-west-1).
//! Checked on the interpolated text of every environment × region, so `{{region}}a` is fine.

use crate::check::RuleDoc;
use crate::check::context::Context;
use crate::check::placement::{owners, rendered, targets, written_range};
use crate::diagnostic::{Diagnostic, Span};
use crate::placement::expr::{self, Op, Subject};

/// A problem: where, what, and the (environment, region) targets it occurs in.
type Found = (Span, String, Vec<(String, String)>);

pub const DOC: RuleDoc = RuleDoc {
    code: "FF0334",
    title: "placement zone outside the region",
    explanation: "`attribute:ecs.availability-zone` holds zone names such as `us-east-1a`, which exist \
in one region only. A zone of another region matches no instance (`==`, `in`) or every instance \
(`!=`, `!in`). Write `{{region}}a` to name a zone letter in every region.\n\n```yaml\nenvironments:\n  prod: { regions: [us-east-1, eu-west-1] }\n…\naffinity: \"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]\"   # \"[{{region}}a, {{region}}b]\"\n```",
};

/// Whether `zone` names an availability, local or wavelength zone of `region`.
fn is_zone_of(zone: &str, region: &str) -> bool {
    let Some(rest) = zone.strip_prefix(region) else {
        return false;
    };
    let letter = |s: &str| s.len() == 1 && s.bytes().all(|b| b.is_ascii_lowercase());
    // `us-east-1a`, or a Local Zone such as `us-east-1-bos-1a`.
    letter(rest)
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
            let mut found: Vec<Found> = Vec::new();
            for t in &targets {
                let text = rendered(w.text, t);
                let Ok(e) = expr::parse(&text) else {
                    continue;
                };
                for c in expr::comparisons(&e) {
                    if c.subject != Subject::Attribute("ecs.availability-zone".to_owned())
                        || !matches!(c.op, Op::Eq | Op::Ne | Op::In | Op::NotIn)
                    {
                        continue;
                    }
                    for a in &c.args {
                        if a.text.contains("${") || is_zone_of(&a.text, &t.region) {
                            continue;
                        }
                        let span = written_range(w.text, &text, a.at).map_or_else(
                            || o.span(ctx, &w.pointer),
                            |at| o.inner(ctx, &w.pointer, at),
                        );
                        let target = (t.env.clone(), t.region.clone());
                        match found.iter_mut().find(|f| f.0 == span && f.1 == a.text) {
                            Some(f) => f.2.push(target),
                            None => found.push((span, a.text.clone(), vec![target])),
                        }
                    }
                }
            }
            for (span, zone, failing) in found {
                let regions: Vec<String> = failing
                    .iter()
                    .map(|(env, region)| format!("`{region}` (environment `{env}`)"))
                    .collect();
                out.push(
                    Diagnostic::error(
                        "FF0334",
                        format!(
                            "`{zone}` in the placement of {} is not an availability zone of {}",
                            o.name,
                            regions.join(", ")
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
    }
}
