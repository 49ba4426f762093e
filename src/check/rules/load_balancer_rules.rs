//! A shared load balancer whose security group would need more inbound rules than the default quota
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

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Service;

/// The default inbound rules per security group (an adjustable VPC quota).
const RULES_PER_GROUP: usize = 60;

/// The private ranges an imported network's load balancer admits (its CIDR is unknown).
const PRIVATE_RANGES: usize = 3;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let services = ctx.app.services.values();
    let shares: Vec<_> = services.filter_map(Service::load_balancer_share).collect();
    if shares.is_empty() {
        return Vec::new();
    }
    let shifts = shares.iter().any(|share| share.shifts_traffic);
    let ingress = ctx.app.ingress.as_ref();
    let public = ingress.is_none_or(|i| i.public);
    let declared = ingress.and_then(|i| i.test_clients.as_ref()).map(Vec::len);
    let mut worst: Option<(usize, String, String)> = None;
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
            let https = ingress
                .and_then(|i| i.certificate.as_ref())
                .is_some_and(|c| c.get(region).is_some());
            let clients = if public { 1 } else { internal };
            let testers = if shifts {
                declared.unwrap_or(internal)
            } else {
                0
            };
            let rules = clients * (1 + usize::from(https)) + testers;
            if rules > RULES_PER_GROUP && worst.as_ref().is_none_or(|(n, _, _)| rules > *n) {
                worst = Some((rules, env.clone(), region.clone()));
            }
        }
    }
    let Some((rules, env, region)) = worst else {
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
                "the load balancer of environment `{env}` in `{region}` needs {rules} inbound rules, more than the default {RULES_PER_GROUP}"
            ),
        )
        .label(label, "one rule per block and port")
        .help("list fewer, wider `test-clients` blocks, or raise the VPC quota `Inbound or outbound rules per security group`"),
    ]
}
