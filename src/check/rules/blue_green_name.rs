//! A DNS blue/green record name that would clash or point nowhere useful. The name is rendered in
//! every environment × region: it must be a DNS name known at compile time, inside `ingress.domain`
//! when one is set, and unique per hosted zone across the app's environments, regions and services,
//! and differ from every environment's `global` name. Route 53 keeps one weighted set per name, so
//! two stacks writing records `blue` and `green` of one name would fail (or silently share traffic)
//! on deploy.
//!
//! # FF0363
//!
//! `deploy.dns-blue-green.name` is the name both colours' records share. In every environment and
//! region it must be a DNS name known at compile time, end with `ingress.domain` when that is set
//! (the `domain` of the service's load balancer with `ingress.load-balancers`), and be used by no other environment, region or service in the same hosted zone, nor by an
//! environment's `global` name: Route 53 holds one set of weighted records per name. Put `{{env}}`
//! (and, with several regions, `{{region}}`) in the name.
//!
//! ```yaml
//! deploy:
//!   dns-blue-green:
//!     name: "api.{{env}}.shop.example.com"
//! ```

use std::collections::BTreeMap;

use super::blue_green;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::interp::{self, Scope};

/// A DNS name: labels of letters, digits and inner `-` (1–63 each), at least two, a
/// letter-only top-level label, 253 characters at most; an optional leading `*.`.
pub fn is_dns_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let name = name.strip_prefix("*.").unwrap_or(name);
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The comparable form of a DNS name: lowercase, without the final dot.
fn canonical(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // (zone, name) → who first used it.
    let mut taken: BTreeMap<(String, String), String> = BTreeMap::new();
    for (env, e) in &ctx.app.environments {
        if let Some(global) = &e.global {
            taken.insert(
                (global.zone.clone(), canonical(&global.name)),
                format!("the global name of environment `{env}`"),
            );
        }
    }
    for (name, bg) in blue_green::services(ctx) {
        let span = ctx.span(name, &format!("{}/name", blue_green::POINTER));
        let zones: BTreeMap<(&str, &str), Option<String>> = blue_green::rendered(ctx, &bg.zone)
            .into_iter()
            .map(|(e, r, z)| ((e, r), z))
            .collect();
        // One diagnostic per kind of problem and service, at the first target that has it.
        let mut seen: Vec<&str> = Vec::new();
        let mut report = |kind: &'static str, message: String, label: &str, help: String| {
            if !seen.contains(&kind) {
                seen.push(kind);
                out.push(
                    Diagnostic::error(Code::FF0363, message)
                        .label(span, label)
                        .help(help),
                );
            }
        };
        for (env, region, rendered) in blue_green::rendered(ctx, &bg.name) {
            let Some(record) = rendered else {
                report(
                    "deploy-time",
                    format!(
                        "the blue/green name of service `{name}` is only known at deploy time in `{env}`"
                    ),
                    "uses a deploy-time name",
                    "use names known at compile time, such as `{{env}}`, `{{region}}` or `vars`"
                        .to_owned(),
                );
                continue;
            };
            if !is_dns_name(&record) {
                report(
                    "syntax",
                    format!(
                        "`{record}` (blue/green name of service `{name}` in `{env}`) is not a DNS name"
                    ),
                    "not a DNS name",
                    "write a full name such as `api.shop.example.com`".to_owned(),
                );
                continue;
            }
            let scope = Scope::for_target(&ctx.app, env, region);
            let (domain, source) = service_domain(ctx, name, &scope);
            let canon = canonical(&record);
            if let Some(domain) = domain
                && canon != domain
                && !canon.ends_with(&format!(".{domain}"))
            {
                report(
                    "domain",
                    format!(
                        "`{record}` (blue/green name of service `{name}` in `{env}`) is outside {source} `{domain}`"
                    ),
                    "outside the ingress domain",
                    format!("use a name ending in `.{domain}`, or change {source}"),
                );
            }
            let Some(Some(zone)) = zones.get(&(env, region)) else {
                continue;
            };
            let here = format!("service `{name}` in `{env}` ({region})");
            match taken.get(&(zone.clone(), canon.clone())) {
                Some(first) => report(
                    "taken",
                    format!(
                        "`{record}` in zone `{zone}` is the blue/green name of {here} and of {first}"
                    ),
                    "the same record name twice",
                    if first.starts_with("the global name") {
                        "the environment's `global` name owns this record name: give the blue/green service a name of its own".to_owned()
                    } else {
                        "records of one name form one weighted set: make the name differ, e.g. `api.{{env}}.shop.example.com` (and `{{region}}` with several regions)".to_owned()
                    },
                ),
                None => {
                    taken.insert((zone.clone(), canon), here);
                }
            }
        }
    }
    out
}

/// The domain a DNS blue/green name of service `name` must end with, rendered (none when unset or
/// known only at deploy time), and how to call it: `ingress.domain`, or the `domain` of the
/// service's load balancer.
fn service_domain(ctx: &Context<'_>, name: &str, scope: &Scope) -> (Option<String>, String) {
    let lb = ctx.app.load_balancer_of(name);
    let domain = ctx
        .app
        .load_balancer_settings(lb)
        .domain
        .map(String::as_str)
        .filter(|d| interp::check(d, scope).is_empty())
        .and_then(|d| match interp::render(d, scope) {
            interp::Rendered::Literal(s) => Some(canonical(&s)),
            interp::Rendered::Sub(_) => None,
        });
    let own = lb.is_some_and(|lb| {
        ctx.app
            .named_load_balancers()
            .and_then(|n| n.get(lb))
            .is_some_and(|l| l.domain.is_some())
    });
    let source = match lb {
        Some(lb) if own => format!("the domain of load balancer `{lb}`"),
        _ => "`ingress.domain`".to_owned(),
    };
    (domain, source)
}

#[cfg(test)]
mod tests {
    use super::is_dns_name;

    #[test]
    fn dns_names() {
        assert!(is_dns_name("api.shop.example.com"));
        assert!(is_dns_name("api.shop.example.com."));
        assert!(is_dns_name("*.example.com"));
        assert!(!is_dns_name("localhost"));
        assert!(!is_dns_name("api..example.com"));
        assert!(!is_dns_name("-api.example.com"));
        assert!(!is_dns_name("api.example.c0m"));
        assert!(!is_dns_name("api_v2.example.com"));
    }
}
