//! More target groups or listener rules than the environment's shared load balancer takes. An
//! Application Load Balancer has at most 100 target groups and 100 listener rules (besides the
//! listeners' default rules). A routed service adds one of each; one that shifts traffic
//! (blue/green, canary, linear) adds two of each: the alternate target group and its rule on the
//! test listener. Past either quota, the service stack that crosses it fails to deploy. The counts
//! are the ones lowering makes (`Service::load_balancer_share`).
//!
//! # FF0421
//!
//! Each service with a `route` adds a target group and a listener rule to the environment's shared
//! load balancer, which takes at most 100 of each (default rules aside). A service deployed
//! `blue-green`, `canary` or `linear` adds two of each: an alternate target group and a rule on the
//! test listener. Route fewer services through it (internal services need no route), deploy some
//! `rolling`, or declare several load balancers under `ingress.load-balancers`.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::naming::environment_stack;

/// Target groups per Application Load Balancer, and listener rules per Application Load
/// Balancer not counting default rules (Elastic Load Balancing quotas).
pub const MAX_TARGET_GROUPS: usize = 100;
pub const MAX_LISTENER_RULES: usize = 100;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    // Named load balancers are counted one by one (FF0482).
    if ctx.app.named_load_balancers().is_some() {
        return Vec::new();
    }
    let (mut target_groups, mut rules, mut shifting) = (0, 0, 0);
    let mut first_over: Option<(&String, usize, usize)> = None;
    for (name, service) in &ctx.app.services {
        let Some(share) = service.load_balancer_share() else {
            continue;
        };
        target_groups += share.target_groups();
        rules += share.listener_rules();
        shifting += usize::from(share.shifts_traffic);
        if first_over.is_none() && (target_groups > MAX_TARGET_GROUPS || rules > MAX_LISTENER_RULES)
        {
            first_over = Some((name, target_groups, rules));
        }
    }
    let Some((service, tg_there, rules_there)) = first_over else {
        return Vec::new();
    };
    let shifting_note = if shifting == 0 {
        String::new()
    } else {
        format!(" ({shifting} services shift traffic and need two of each)")
    };
    // Every environment (of this region, for a region with overrides) has the load balancer
    // in its environment stack.
    let stacks: Vec<String> = ctx
        .app
        .environments
        .keys()
        .filter(|env| ctx.only.as_ref().is_none_or(|(only, _)| only == *env))
        .map(|env| format!("`{}`", environment_stack(&ctx.app.name, env)))
        .collect();
    let owner = match stacks.as_slice() {
        [one] => format!("the load balancer of stack {one}"),
        [] => "the shared load balancer".to_owned(),
        many => format!("the load balancer of each of stacks {}", many.join(", ")),
    };
    vec![
        Diagnostic::error(
            Code::FF0421,
            format!(
                "{owner} would have {target_groups} target groups and {rules} listener \
rules{shifting_note}; a load balancer takes at most {MAX_TARGET_GROUPS} target groups and \
{MAX_LISTENER_RULES} listener rules"
            ),
        )
        .label(
            ctx.span(service, "/route"),
            format!(
                "`{service}` brings it to {tg_there} target groups and {rules_there} listener rules"
            ),
        )
        .help(format!(
            "drop the `route` of services only other services call, deploy some services `rolling`, or declare {} under `ingress.load-balancers` (docs/network.md)",
            apps_needed(target_groups, rules)
        )),
    ]
}

/// "at least three load balancers": the quota divides the services' target groups and rules;
/// fewer is never enough (a split cannot divide a traffic-shifting service's two, and automatic
/// placement is not perfectly even, so more may be needed).
fn apps_needed(target_groups: usize, rules: usize) -> String {
    let n = target_groups
        .div_ceil(MAX_TARGET_GROUPS)
        .max(rules.div_ceil(MAX_LISTENER_RULES));
    let word = match n {
        2 => "two".to_owned(),
        3 => "three".to_owned(),
        4 => "four".to_owned(),
        n => n.to_string(),
    };
    format!("at least {word} load balancers")
}
