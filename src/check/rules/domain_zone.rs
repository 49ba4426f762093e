//! `ingress.zone` that cannot work. The zone gives each environment × region an alias record
//! of the rendered `ingress.domain` and, without `ingress.certificate`, a certificate for it:
//! without a domain there is nothing to name. A record is one name in one zone, so two load
//! balancers (two regions, or two environments) whose domain renders the same would fight over
//! it, as would a domain that is also an environment's `global` name (a simple record beside
//! routing-policy records of one name). A requested certificate lives in the environment stack,
//! which DNS blue/green colours' load balancers (in service stacks) cannot reference.
//!
//! # FF0491
//!
//! `ingress.zone` needs `ingress.domain`: the name of the alias record and of the certificate.
//!
//! # FF0492
//!
//! With `ingress.zone`, every environment × region needs its own domain: use `{{env}}` and, for
//! several regions, `{{region}}` in `ingress.domain` (e.g. `{{env}}-{{region}}.shop.example.com`),
//! and keep it apart from the environments' `global` names, which point at every region.
//!
//! # FF0494
//!
//! A certificate fleetform requests (`ingress.zone` without `ingress.certificate`) serves the
//! shared load balancer only; a service with DNS blue/green has load balancers of its own, which
//! need `ingress.certificate`.
//!
//! # FF0496
//!
//! `ingress.zone` is a Route 53 hosted zone ID as `CloudFormation` takes it: `Z` and up to 31
//! capital letters or digits, without the `/hostedzone/` prefix that `ListHostedZones` returns,
//! as rendered for each environment × region.

use std::collections::BTreeMap;

use crate::check::context::Context;
use crate::check::rules::blue_green_zone::is_zone_id;
use crate::check::rules::rendered;
use crate::diagnostic::{Code, Diagnostic};
use crate::interp::Scope;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(ingress) = ctx.app.ingress.as_ref() else {
        return Vec::new();
    };
    if ingress.zone.is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let Some(domain) = &ingress.domain else {
        out.push(
            Diagnostic::error(Code::FF0491, "`ingress.zone` without `ingress.domain`")
                .label(ctx.app_key_span("/ingress/zone"), "no name to put in this zone")
                .help("add `domain: \"{{env}}.shop.example.com\"` to `ingress` (the alias record's and certificate's name)"),
        );
        return out;
    };
    out.extend(zone_ids(ctx, ingress.zone.as_deref().unwrap_or_default()));
    out.extend(shared_domains(ctx, domain));
    if ingress.certificate.is_none()
        && let Some((name, _)) = ctx
            .app
            .services
            .iter()
            .find(|(_, s)| s.dns_blue_green().is_some())
    {
        out.push(
            Diagnostic::error(
                Code::FF0494,
                format!("service `{name}` uses DNS blue/green, whose load balancers cannot use the requested certificate"),
            )
            .label(ctx.app_key_span("/ingress/zone"), "requests a certificate for the shared load balancer only")
            .help("name the certificate: `certificate: arn:aws:acm:REGION:ACCOUNT:certificate/ID` in `ingress`"),
        );
    }
    out
}

/// Two targets whose domain renders the same, or a domain equal to a `global` name.
fn shared_domains(ctx: &Context<'_>, domain: &str) -> Vec<Diagnostic> {
    if !ctx
        .app
        .services
        .values()
        .any(crate::model::Service::on_shared_load_balancer)
    {
        return Vec::new();
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        for region in &e.regions {
            let scope = Scope::for_target(&ctx.app, env, region);
            let texts = rendered::texts(domain, std::slice::from_ref(&scope));
            let Some(name) = texts.first() else {
                continue;
            };
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            let here = format!("`{env}` in `{region}`");
            let global = e.global.as_ref().is_some_and(|g| {
                g.name.trim_end_matches('.').eq_ignore_ascii_case(&name)
            });
            let clash = if global {
                Some(format!("the global name of `{env}`"))
            } else {
                seen.get(&name).cloned()
            };
            if let Some(other) = clash {
                out.push(
                    Diagnostic::error(
                        Code::FF0492,
                        format!("`ingress.domain` is `{name}` for both {here} and {other}"),
                    )
                    .label(ctx.app_span("/ingress/domain"), "one alias record per name")
                    .help("give every environment × region its own name, e.g. `domain: \"{{env}}-{{region}}.shop.example.com\"`"),
                );
                return out;
            }
            seen.insert(name, here);
        }
    }
    out
}

/// The zone as each environment × region renders it, when it is not a zone ID.
fn zone_ids(ctx: &Context<'_>, zone: &str) -> Option<Diagnostic> {
    let texts = rendered::texts(zone, &rendered::scopes(ctx));
    let bad = texts.iter().find(|z| !is_zone_id(z))?;
    let mut d = Diagnostic::error(
        Code::FF0496,
        format!("`ingress.zone` `{bad}` is not a hosted zone ID"),
    )
    .label(ctx.app_span("/ingress/zone"), "Route 53 takes `Z…` here")
    .help("use the zone's ID as Route 53 shows it, e.g. `Z0123456789ABCDEFGHIJ`");
    if !zone.contains("{{")
        && let Some(id) = zone.strip_prefix("/hostedzone/")
        && is_zone_id(id)
    {
        d = d.fix(ctx.app_span("/ingress/zone"), id.to_owned());
    }
    Some(d)
}
