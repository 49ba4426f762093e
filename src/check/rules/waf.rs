//! WAF settings that cannot work. `ingress.waf` names an existing web ACL or lists AWS managed
//! rule groups for one fleetform creates, not both; a load balancer takes only a REGIONAL web
//! ACL of its own region and partition (a `global/` ACL is for `CloudFront`); and the rule
//! groups that need settings of their own (Bot Control, account takeover and account creation
//! fraud prevention, anti-DDoS) fail to create without them. WAFv2 itself is registered in
//! every region fleetform knows, China and `GovCloud` included (cfn-lint 1.58.0 provider
//! schemas; the China guide: regional web ACLs only, which is what a load balancer takes).
//!
//! # FF0490
//!
//! `ingress.waf` takes exactly one of `acl` (an existing regional web ACL
//! `arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID`, one per region that serves routes)
//! and `managed-rules` (AWS managed rule groups that need no configuration, such as
//! `AWSManagedRulesCommonRuleSet`).
//!
//! ```yaml
//! ingress:
//!   waf:
//!     acl: arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/0a1b   # CloudFront scope
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::PerRegion;
use crate::partition::partition_of;
use crate::source::escape_token;

/// Managed rule groups that need `ManagedRuleGroupConfigs`, which fleetform does not write.
const CONFIGURED: &[&str] = &[
    "AWSManagedRulesBotControlRuleSet",
    "AWSManagedRulesATPRuleSet",
    "AWSManagedRulesACFPRuleSet",
    "AWSManagedRulesAntiDDoSRuleSet",
];

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(waf) = ctx.app.ingress.as_ref().and_then(|i| i.waf.as_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if waf.acl.is_some() == waf.managed_rules.is_some() {
        out.push(
            Diagnostic::error(
                Code::FF0490,
                "`ingress.waf` needs exactly one of `acl` and `managed-rules`",
            )
            .label(ctx.app_key_span("/ingress/waf"), "one web ACL per load balancer")
            .help("keep `acl: arn:aws:wafv2:…` for an existing web ACL, or `managed-rules: [AWSManagedRulesCommonRuleSet]` for one fleetform creates"),
        );
    }
    for (i, name) in waf.managed_rules.iter().flatten().enumerate() {
        if CONFIGURED.contains(&name.as_str()) {
            out.push(
                Diagnostic::error(
                    Code::FF0490,
                    format!("managed rule group `{name}` needs settings fleetform does not write"),
                )
                .label(
                    ctx.app_span(&format!("/ingress/waf/managed-rules/{i}")),
                    "needs `ManagedRuleGroupConfigs`",
                )
                .help("remove it from `managed-rules` and name a web ACL you configure yourself in `acl`"),
            );
        }
    }
    if let Some(acl) = &waf.acl {
        out.extend(acl_problems(ctx, acl));
    }
    out
}

/// The regions that serve routes on the shared load balancer.
fn routed_regions(ctx: &Context<'_>) -> Vec<String> {
    if !ctx
        .app
        .services
        .values()
        .any(crate::model::Service::on_shared_load_balancer)
    {
        return Vec::new();
    }
    let mut regions: Vec<String> = ctx
        .app
        .environments
        .values()
        .flat_map(|e| e.regions.iter().cloned())
        .collect();
    regions.sort();
    regions.dedup();
    regions
}

fn acl_problems(ctx: &Context<'_>, acl: &PerRegion<String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let regions = routed_regions(ctx);
    match acl {
        PerRegion::All(arn) => {
            if let Some(d) = regions
                .iter()
                .find_map(|r| wrong_arn(ctx, arn, r, "/ingress/waf/acl"))
            {
                out.push(d);
            }
        }
        PerRegion::Map(map) => {
            for region in regions.iter().filter(|r| !map.contains_key(*r)) {
                out.push(
                    Diagnostic::error(
                        Code::FF0490,
                        format!("no web ACL for region `{region}`"),
                    )
                    .label(ctx.app_key_span("/ingress/waf/acl"), "missing this region")
                    .help(format!(
                        "add `{region}: arn:{}:wafv2:{region}:…:regional/webacl/…` (web ACLs are regional)",
                        partition_of(region).map_or("aws", |p| p.name())
                    )),
                );
            }
            for (region, arn) in map {
                let pointer = format!("/ingress/waf/acl/{}", escape_token(region));
                out.extend(wrong_arn(ctx, arn, region, &pointer));
            }
        }
    }
    out
}

/// A problem with `arn` used in `region`; `None` when it fits or uses `{{…}}`.
fn wrong_arn(ctx: &Context<'_>, arn: &str, region: &str, pointer: &str) -> Option<Diagnostic> {
    if arn.contains("{{") {
        return None;
    }
    let want = partition_of(region)?.name();
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let fits = parts.len() == 6
        && parts[0] == "arn"
        && parts[1] == want
        && parts[2] == "wafv2"
        && parts[3] == region
        && parts[5].starts_with("regional/webacl/");
    if fits {
        return None;
    }
    let why = if parts.get(5).is_some_and(|p| p.starts_with("global/")) {
        "a `global` web ACL serves CloudFront, not a load balancer".to_owned()
    } else {
        format!("not a regional web ACL of `{region}`")
    };
    Some(
        Diagnostic::error(
            Code::FF0490,
            format!("web ACL for `{region}` does not fit its load balancer"),
        )
        .label(ctx.app_span(pointer), why)
        .help(format!(
            "name a web ACL `arn:{want}:wafv2:{region}:ACCOUNT:regional/webacl/NAME/ID` (scope REGIONAL, same region)"
        )),
    )
}
