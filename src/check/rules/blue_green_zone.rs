//! A DNS blue/green hosted zone that is not a hosted zone ID. The zone may use `{{…}}` names (a
//! zone per environment), so the schema cannot check it; this rule checks the value in every
//! environment × region, before CloudFormation would reject the records mid-deploy.
//!
//! # FF0364
//!
//! `deploy.dns-blue-green.zone` is the ID of the Route 53 hosted zone that holds the record name
//! (`Z` and up to 31 capital letters or digits, as the console shows it), known at compile time in
//! every environment and region. A zone per environment comes from `vars`.
//!
//! ```yaml
//! environments:
//!   prod: { regions: [us-east-1], vars: { zone: Z0123456789ABCDEFGHIJ } }
//! services:
//!   api:
//!     deploy:
//!       dns-blue-green: { zone: "{{zone}}", … }
//! ```

use super::blue_green;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// `Z` and 1..=31 capital letters or digits.
pub fn is_zone_id(zone: &str) -> bool {
    zone.strip_prefix('Z').is_some_and(|rest| {
        (1..=31).contains(&rest.len())
            && rest
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, bg) in blue_green::services(ctx) {
        let span = ctx.span(name, &format!("{}/zone", blue_green::POINTER));
        let mut seen = Vec::new();
        for (env, region, rendered) in blue_green::rendered(ctx, &bg.zone) {
            let problem = match &rendered {
                None => format!(
                    "the blue/green zone of service `{name}` is only known at deploy time in `{env}`"
                ),
                Some(zone) if !is_zone_id(zone) => format!(
                    "`{zone}` (blue/green zone of service `{name}` in `{env}`, {region}) is not a hosted zone ID"
                ),
                Some(_) => continue,
            };
            if seen.contains(&problem) {
                continue;
            }
            seen.push(problem.clone());
            out.push(
                Diagnostic::error(Code::FF0364, problem)
                    .label(span, "not a hosted zone ID")
                    .help("use the zone's ID as Route 53 shows it, e.g. `Z0123456789ABCDEFGHIJ` (a zone per environment through `vars`)"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_zone_id;

    #[test]
    fn zone_ids() {
        assert!(is_zone_id("Z0123456789ABCDEFGHIJ"));
        assert!(is_zone_id("Z1"));
        assert!(!is_zone_id("Z"));
        assert!(!is_zone_id("z0123"));
        assert!(!is_zone_id("Z0123abc"));
        assert!(!is_zone_id("/hostedzone/Z0123"));
        assert!(!is_zone_id(&format!("Z{}", "A".repeat(32))));
    }
}
