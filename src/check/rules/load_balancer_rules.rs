//! A shared load balancer (the single one of `ingress`, or any of `ingress.load-balancers`, each
//! with its own scheme and certificate) whose security group would need more inbound rules than the default quota
//! of 60 per group: one per client block and production port (80, and 443 with a certificate), plus
//! one per `ingress.test-clients` block (or the VPC's) on the test port. Past the quota the
//! environment stack fails to create the group, so say it at compile time (the quota is adjustable,
//! hence a warning).
//!
//! # FF0430
//!
//! The shared load balancer's security group has one inbound rule per client block and port: 80 and
//! 443 (with a certificate) for its clients, and the test port for each `ingress.test-clients`
//! block when a service uses `blue-green`, `canary` or `linear`. A security group holds 60 inbound
//! rules by default. Fewer (wider) test client blocks, or a raised VPC quota, fix it.

use super::RULES_PER_GROUP;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{LbSettings, Service};


/// The private ranges an imported network's load balancer admits (its CIDR is unknown).
const PRIVATE_RANGES: usize = 3;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    // Each shared load balancer with a service on it: its name (`None` for the single one of
    // `ingress`), settings, and whether one of its services shifts traffic.
    let lbs: Vec<(Option<&str>, LbSettings, bool)> = match ctx.app.named_load_balancers() {
        None => vec![None],
        Some(named) => named.keys().map(|n| Some(n.as_str())).collect(),
    }
    .into_iter()
    .filter_map(|lb| {
        let shares: Vec<_> = ctx
            .app
            .services_on(lb)
            .filter_map(|(_, s)| Service::load_balancer_share(s))
            .collect();
        let shifts = shares.iter().any(|share| share.shifts_traffic);
        (!shares.is_empty()).then(|| (lb, ctx.app.load_balancer_settings(lb), shifts))
    })
    .collect();
    let declared = lbs
        .first()
        .and_then(|(_, settings, _)| settings.test_clients)
        .map(Vec::len);
    let mut worst: Option<(usize, String, String, Option<&str>)> = None;
    for (env, e) in &ctx.app.environments {
        for region in &e.regions {
            if ctx
                .only
                .as_ref()
                .is_some_and(|(oe, or)| oe != env || or != region)
            {
                continue;
            }
            let imported = e
                .network
                .import
                .as_ref()
                .is_some_and(|m| m.contains_key(region));
            let internal = if imported { PRIVATE_RANGES } else { 1 };
            for (lb, settings, shifts) in &lbs {
                let https = settings.certificate.is_some_and(|c| c.get(region).is_some());
                let clients = if settings.public { 1 } else { internal };
                let testers = if *shifts {
                    declared.unwrap_or(internal)
                } else {
                    0
                };
                let rules = clients * (1 + usize::from(https)) + testers;
                if rules > RULES_PER_GROUP && worst.as_ref().is_none_or(|(n, ..)| rules > *n) {
                    worst = Some((rules, env.clone(), region.clone(), *lb));
                }
            }
        }
    }
    let Some((rules, env, region, lb)) = worst else {
        return Vec::new();
    };
    let label = if declared.is_some() && ctx.app_has("/ingress/test-clients") {
        ctx.app_key_span("/ingress/test-clients")
    } else {
        ctx.app_key_span("/ingress")
    };
    vec![
        Diagnostic::warning(
            Code::FF0430,
            format!(
                "{} of environment `{env}` in `{region}` needs {rules} inbound rules, more than the default {RULES_PER_GROUP}",
                lb.map_or_else(|| "the load balancer".to_owned(), |lb| format!("load balancer `{lb}`"))
            ),
        )
        .label(label, "one rule per block and port")
        .help("list fewer, wider `test-clients` blocks, or raise the VPC quota `Inbound or outbound rules per security group`"),
    ]
}
