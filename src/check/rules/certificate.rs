//! HTTPS certificates that cannot work. ACM certificates are regional: a load balancer can only use
//! one from its own region (and partition), so every region of an environment that routes traffic
//! needs its own certificate when a per-region map is given, and each ARN must belong to the region
//! it is listed under.
//!
//! # FF0404
//!
//! With `ingress.certificate`, every region that serves routes needs a certificate from that
//! region: a per-region map must cover them all, and an ARN `arn:aws:acm:REGION:…` must match the
//! region it is used in.
//!
//! ```yaml
//! certificate:
//!   eu-west-1: arn:aws:acm:us-east-1:123456789012:certificate/abc   # wrong region
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::PerRegion;
use crate::partition::partition_of;
use crate::source::escape_token;

/// (partition, region) of an ACM certificate ARN; `None` when it is not one or uses `{{…}}`.
fn arn_place(arn: &str) -> Option<(&str, &str)> {
    if arn.contains("{{") {
        return None;
    }
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("acm"), Some(region)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some((partition, region))
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(ingress) = ctx.app.ingress.as_ref() else {
        return Vec::new();
    };
    let routes = ctx.app.services.values().any(|s| s.route.is_some());
    let mut regions: Vec<(&String, &String)> = Vec::new();
    if routes {
        for (env, e) in &ctx.app.environments {
            regions.extend(e.regions.iter().map(|r| (env, r)));
        }
    }
    // `ingress.certificate`, then each of `ingress.load-balancers` that has its own.
    let mut certificates: Vec<(&PerRegion<String>, String)> = ingress
        .certificate
        .iter()
        .map(|c| (c, "/ingress/certificate".to_owned()))
        .collect();
    for (lb, named) in ingress.load_balancers.iter().flatten() {
        if let Some(c) = &named.certificate {
            let pointer = format!("/ingress/load-balancers/{}/certificate", escape_token(lb));
            certificates.push((c, pointer));
        }
    }
    certificates
        .into_iter()
        .flat_map(|(cert, pointer)| check_one(ctx, cert, &pointer, &regions))
        .collect()
}

/// FF0404 for one certificate setting at `pointer`, used in `regions` (environment, region).
fn check_one(
    ctx: &Context<'_>,
    cert: &PerRegion<String>,
    at: &str,
    regions: &[(&String, &String)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match cert {
        PerRegion::Map(map) => {
            let mut missing: Vec<&str> = regions
                .iter()
                .map(|(_, r)| r.as_str())
                .filter(|r| !map.contains_key(*r))
                .collect();
            missing.sort_unstable();
            missing.dedup();
            for region in missing {
                let envs: Vec<String> = regions
                    .iter()
                    .filter(|(_, r)| r.as_str() == region)
                    .map(|(e, _)| format!("`{e}`"))
                    .collect();
                out.push(
                    Diagnostic::error(
                        Code::FF0404,
                        format!(
                            "no certificate for region `{region}` (environment {})",
                            envs.join(", ")
                        ),
                    )
                    .label(ctx.app_key_span(at), "missing this region")
                    .help(format!(
                        "add `{region}: arn:{}:acm:{region}:…` (certificates are regional)",
                        partition_of(region).map_or("aws", |p| p.name())
                    )),
                );
            }
            for (key, arn) in map {
                out.extend(mismatch(
                    ctx,
                    arn,
                    key,
                    &format!("{at}/{}", escape_token(key)),
                ));
            }
        }
        PerRegion::All(arn) => {
            let mut seen: Vec<&str> = regions.iter().map(|(_, r)| r.as_str()).collect();
            seen.sort_unstable();
            seen.dedup();
            if let Some(d) = seen
                .iter()
                .find_map(|r| mismatch(ctx, arn, r, at))
            {
                out.push(d);
            }
        }
    }
    out
}

fn mismatch(ctx: &Context<'_>, arn: &str, region: &str, pointer: &str) -> Option<Diagnostic> {
    let (partition, arn_region) = arn_place(arn)?;
    let want = partition_of(region)?.name();
    if arn_region == region && partition == want {
        return None;
    }
    let message = if arn_region == region {
        format!("certificate for `{region}` is in partition `{partition}`, not `{want}`")
    } else {
        format!("certificate for `{region}` is from region `{arn_region}`")
    };
    let d = Diagnostic::error(Code::FF0404, message)
        .label(ctx.app_span(pointer), format!("used in `{region}`"))
        .help(format!(
            "a load balancer in `{region}` needs a certificate `arn:{want}:acm:{region}:…`; certificates are regional"
        ));
    // Only the partition is wrong: the same certificate's ARN in the right partition is the
    // fix (the account and ID stay). Quoted, so it reads the same plain or quoted in place.
    // Not for one ARN shared by every region: other regions may be in the partition it has.
    if arn_region == region
        && pointer.starts_with("/ingress/certificate/")
        && let Some(rest) = arn.strip_prefix(&format!("arn:{partition}:"))
    {
        let fixed = format!("arn:{want}:{rest}");
        let quoted = serde_json::to_string(&fixed).unwrap_or(fixed);
        return Some(d.fix(ctx.app_span(pointer), quoted));
    }
    Some(d)
}
