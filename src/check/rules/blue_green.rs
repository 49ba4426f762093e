//! Shared by the DNS blue/green rules (FF0360–FF0364): which services deploy that way, and
//! their strings as each environment × region renders them.

use crate::check::context::Context;
use crate::interp::{self, Scope};
use crate::model::DnsBlueGreen;

/// Where the settings sit, relative to the service.
pub const POINTER: &str = "/deploy/dns-blue-green";

/// Every service with `deploy.dns-blue-green`, by name.
pub fn services<'c>(ctx: &'c Context<'_>) -> impl Iterator<Item = (&'c String, &'c DnsBlueGreen)> {
    ctx.app
        .services
        .iter()
        .filter_map(|(name, s)| s.dns_blue_green().map(|bg| (name, bg)))
}

/// `text` in every environment × region (by name): `Some(literal)`, or `None` when it uses a
/// deploy-time name. Texts with interpolation errors are left to FF0010–FF0012.
pub fn rendered<'c>(ctx: &'c Context<'_>, text: &str) -> Vec<(&'c str, &'c str, Option<String>)> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        let mut regions: Vec<&String> = e.regions.iter().collect();
        regions.sort();
        regions.dedup();
        for region in regions {
            let scope = Scope::for_target(&ctx.app, env, region);
            if !interp::check(text, &scope).is_empty() {
                return Vec::new();
            }
            let value = match interp::render(text, &scope) {
                interp::Rendered::Literal(s) => Some(s),
                interp::Rendered::Sub(_) => None,
            };
            out.push((env.as_str(), region.as_str(), value));
        }
    }
    out
}
