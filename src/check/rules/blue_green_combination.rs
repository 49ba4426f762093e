//! DNS blue/green combined with what it cannot work with. Its two colours are two ECS services
//! behind their own load balancers, so ECS's own traffic shifting (`blue-green`, `canary`,
//! `linear`: one service, two target groups on the shared load balancer) has nothing to shift; one
//! scalable target cannot scale two services; and a daemon has no load balancer.
//!
//! # FF0359
//!
//! `deploy.dns-blue-green` runs two ECS services (blue and green), each behind its own load
//! balancer, and moves traffic with Route 53 weights. It cannot be combined with an ECS
//! traffic-shifting `strategy` (`blue-green`, `canary`, `linear`), with `scaling` (fleetform
//! registers one scalable target per service) or with `scheduling: daemon`.
//!
//! ```yaml
//! deploy:
//!   strategy: canary          # remove: the weights shift traffic
//!   dns-blue-green: { … }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Scheduling;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        if s.dns_blue_green().is_none() {
            continue;
        }
        let bg_span = ctx.key_span(name, "/deploy/dns-blue-green");
        let mut clash = |rel: &str, what: String, help: &str| {
            out.push(
                Diagnostic::error(
                    Code::FF0359,
                    format!("service `{name}` combines `dns-blue-green` with {what}"),
                )
                .label(ctx.span(name, rel), "not possible with DNS blue/green")
                .label(bg_span, "two services behind weighted records")
                .help(help.to_owned()),
            );
        };
        if s.deploy.strategy.shifts_traffic() {
            clash(
                "/deploy/strategy",
                format!("`strategy: {}`", s.deploy.strategy.name()),
                "remove `strategy` (each colour deploys rolling) or `dns-blue-green` (ECS shifts traffic on the shared load balancer)",
            );
        }
        if s.scaling.is_some() {
            clash(
                "/scaling",
                "`scaling`".to_owned(),
                "remove `scaling`, or use an ECS `strategy` (blue-green, canary, linear), which keeps one scalable service",
            );
        }
        if s.scheduling == Scheduling::Daemon {
            clash(
                "/scheduling",
                "`scheduling: daemon`".to_owned(),
                "a daemon has no load balancer to switch; remove `dns-blue-green`",
            );
        }
    }
    out
}
