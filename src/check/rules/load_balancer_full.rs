//! A named load balancer (`ingress.load-balancers`) given more target groups or listener rules
//! than an Application Load Balancer takes (100 of each): the services it was pinned or
//! automatically assigned to, counted as lowering makes them (`Service::load_balancer_share`).
//! fleetform never moves a service to another load balancer with room: that would make one
//! service's arrival move another (and its DNS target), so a full load balancer is an error.
//!
//! # FF0482
//!
//! Each routed service adds a target group and a listener rule to its load balancer (two of each
//! when deployed `blue-green`, `canary` or `linear`); an Application Load Balancer takes at most
//! 100 of each. Services without `load-balancer` are spread over the automatic load balancers by
//! a hash of their names, which is stable but not perfectly even. Add a load balancer to
//! `ingress.load-balancers` (automatic ones take over about 1/n of the automatic services, each
//! moving only onto the new one), or pin some services to one with room with `load-balancer`.

use std::collections::BTreeMap;

use super::route_count::{MAX_LISTENER_RULES, MAX_TARGET_GROUPS};
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(named) = ctx.app.named_load_balancers() else {
        return Vec::new();
    };
    // Per load balancer: target groups, rules, and the first service to cross.
    let mut counts: BTreeMap<&str, (usize, usize, usize, Option<&String>)> = BTreeMap::new();
    for (name, service) in &ctx.app.services {
        let (Some(share), Some(lb)) = (
            service.load_balancer_share(),
            ctx.app.load_balancer_of(name),
        ) else {
            continue;
        };
        if !named.contains_key(lb) {
            continue; // FF0481
        }
        let entry = counts.entry(lb).or_default();
        entry.0 += share.target_groups();
        entry.1 += share.listener_rules();
        entry.2 += 1;
        if entry.3.is_none() && (entry.0 > MAX_TARGET_GROUPS || entry.1 > MAX_LISTENER_RULES) {
            entry.3 = Some(name);
        }
    }
    let declared: Vec<&String> = named.keys().collect();
    // A free name: at most `declared.len()` of these are taken.
    let new_name = (2..=declared.len() + 2)
        .map(|n| format!("lb{n}"))
        .find(|n| !named.contains_key(n))
        .unwrap_or_default();
    counts
        .into_iter()
        .filter_map(|(lb, (target_groups, rules, services, first))| {
            let service = first?;
            let automatic = ctx.app.services[service].load_balancer.is_none();
            let how = if automatic {
                "placed there automatically"
            } else {
                "pinned there"
            };
            let mut d = Diagnostic::error(
                Code::FF0482,
                format!(
                    "load balancer `{lb}` would have {target_groups} target groups and {rules} listener rules for {services} services; a load balancer takes at most {MAX_TARGET_GROUPS} target groups and {MAX_LISTENER_RULES} listener rules"
                ),
            )
            .label(
                ctx.span(service, "/route"),
                format!("`{service}` ({how}) crosses the quota"),
            )
            .label(
                ctx.app_key_span(&format!("/ingress/load-balancers/{}", escape_token(lb))),
                "declared here",
            );
            d = if automatic {
                d.help(format!(
                    "add a load balancer, e.g. `{new_name}: {{}}` under `ingress.load-balancers` (fleetform never moves a service to another one by itself)"
                ))
            } else {
                let other = declared.iter().find(|n| n.as_str() != lb).map_or_else(
                    || new_name.clone(),
                    |n| (*n).clone(),
                );
                d.help(format!(
                    "pin `{service}` to another load balancer with `load-balancer: {other}`, or declare a new one under `ingress.load-balancers`"
                ))
            };
            Some(d)
        })
        .collect()
}
