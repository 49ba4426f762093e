//! A callee whose security group would need more inbound rules than the default quota of 60 per
//! group: one per caller and container port, plus the load balancer's rule when routed. Past the
//! quota the callee's stack fails to create its rules, so say it at compile time (the quota is
//! adjustable, hence a warning).
//!
//! # FF0388
//!
//! Each caller of a service adds one inbound rule per container port of the callee to the callee's
//! security group; a security group holds 60 inbound rules by default. Fewer callers or ports, or a
//! raised VPC quota, fix it.

use std::collections::{BTreeMap, BTreeSet};

use super::RULES_PER_GROUP;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};


pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    // Callers per callee in one pass over the calls (asking every service of every other was
    // quadratic: 40,000 questions for 200 services). A caller that lists a callee twice, or
    // itself, adds no rule.
    let mut callers_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (caller, s) in &ctx.app.services {
        let callees: BTreeSet<&str> = s.calls.iter().map(String::as_str).collect();
        for callee in callees.into_iter().filter(|c| c != caller) {
            *callers_of.entry(callee).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        let callers = callers_of.get(name.as_str()).copied().unwrap_or(0);
        let rules = callers * service.ports().len() + usize::from(service.route.is_some());
        if rules <= RULES_PER_GROUP {
            continue;
        }
        out.push(
            Diagnostic::warning(
                Code::FF0388,
                format!(
                    "service `{name}` needs {rules} inbound rules ({callers} callers × {} ports), more than the default {RULES_PER_GROUP}",
                    service.ports().len()
                ),
            )
            .label(ctx.key_span(name, ""), "called by too many services")
            .help("raise the VPC quota `Inbound or outbound rules per security group`, or reduce callers or ports"),
        );
    }
    out
}
