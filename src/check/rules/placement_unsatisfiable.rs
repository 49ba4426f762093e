//! A placement expression that no instance of the owner's EC2 capacities can satisfy, judged on
//! what fleetform knows for certain: instance types (`attribute:ecs.instance-type ==`, `in`, `=~`
//! patterns), architecture, operating system and custom attribute values; then all of an owner's
//! expressions together, since ECS requires every constraint on one instance. ECS would accept the
//! service and then leave every task pending.
//!
//! # FF0333
//!
//! fleetform knows the instance type, architecture and custom attributes of every EC2 capacity, so
//! an expression that is false on all of a service's capacities would leave its tasks pending
//! forever. Patterns (`=~`) are Java regular expressions; one is only reported when it matches no
//! instance type either as a whole or in part. Several constraints must hold on one instance
//! together.
//!
//! ```yaml
//! cluster:
//!   capacity: { general: { instance: m6i.large, max: 4 } }
//! services:
//!   api: { capacity: general, placement: { affinity: "attribute:ecs.instance-type =~ c7g.*" } }
//! ```

use crate::check::context::Context;
use std::collections::BTreeSet;

use super::placement::{Owner, Target, owners, rendered, targets, where_, written_range};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::placement::eval::{self, Tri};
use crate::placement::expr;

/// A problem: where, what, and the (environment, region) targets it occurs in.
type Found = (Span, String, Vec<(String, String)>);

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let targets = targets(ctx);
    let mut out = Vec::new();
    for o in owners(ctx) {
        let facts = o.facts(ctx);
        if facts.is_empty() {
            continue;
        }
        let declared = o.declared(ctx);
        let only: Vec<eval::Facts<'_>> = facts.iter().map(|(_, f)| *f).collect();
        let capacities: Vec<String> = facts
            .iter()
            .map(|(name, f)| {
                let mut about = vec![f.instance_type.to_owned(), f.arch.to_owned()];
                about.extend(f.attributes.iter().map(|(k, v)| format!("{k}={v}")));
                format!("`{name}` ({})", about.join(", "))
            })
            .collect();
        let before = out.len();
        for w in o.expressions() {
            // (span, what fails, failing targets)
            let mut found: Vec<Found> = Vec::new();
            for t in &targets {
                let text = rendered(w.text, t);
                let Ok(e) = expr::parse(&text) else {
                    continue;
                };
                if !only
                    .iter()
                    .all(|f| eval::eval(&e, f, &declared) == Tri::False)
                {
                    continue;
                }
                let (span, what) = match eval::culprit(&e, &only, &declared) {
                    Some(c) => {
                        let mut one = expr::canonical(&expr::Expr::Cmp(c.clone()));
                        if one.len() > 80 {
                            one = expr::canonical(&e);
                        }
                        let span = written_range(w.text, &text, c.at).map_or_else(
                            || o.span(ctx, &w.pointer),
                            |at| o.inner(ctx, &w.pointer, at),
                        );
                        (span, one)
                    }
                    None => (o.span(ctx, &w.pointer), expr::canonical(&e)),
                };
                match found.iter_mut().find(|f| f.0 == span && f.1 == what) {
                    Some(f) => f.2.push((t.env.clone(), t.region.clone())),
                    None => found.push((span, what, vec![(t.env.clone(), t.region.clone())])),
                }
            }
            for (span, what, failing) in found {
                out.push(
                    Diagnostic::error(
                        Code::FF0333,
                        format!(
                            "no instance of {} can satisfy `{what}`{}",
                            o.name,
                            where_(&failing, targets.len())
                        ),
                    )
                    .label(span, "false on every capacity it runs on")
                    .help(format!(
                        "its capacities: {}; change the expression or the service's `capacity`",
                        capacities.join("; ")
                    )),
                );
            }
        }
        // Each constraint may hold somewhere and still no instance hold them all: ECS
        // requires every constraint.
        if out.len() == before {
            out.extend(together(ctx, &o, &targets, &only, &declared, &capacities));
        }
    }
    out
}

/// All of an owner's expressions at once, when none is unsatisfiable alone.
fn together(
    ctx: &Context<'_>,
    o: &Owner<'_>,
    targets: &[Target],
    only: &[eval::Facts<'_>],
    declared: &BTreeSet<&str>,
    capacities: &[String],
) -> Option<Diagnostic> {
    let expressions = o.expressions();
    if expressions.len() < 2 {
        return None;
    }
    let failing: Vec<(String, String)> = targets
        .iter()
        .filter(|t| {
            let all: Result<Vec<expr::Expr>, _> = expressions
                .iter()
                .map(|w| expr::parse(&rendered(w.text, t)))
                .collect();
            all.is_ok_and(|all| {
                let together = expr::Expr::And(all);
                only.iter()
                    .all(|f| eval::eval(&together, f, declared) == Tri::False)
            })
        })
        .map(|t| (t.env.clone(), t.region.clone()))
        .collect();
    if failing.is_empty() {
        return None;
    }
    Some(
        Diagnostic::error(
            Code::FF0333,
            format!(
                "no instance of {} can satisfy all its placement constraints together{}",
                o.name,
                where_(&failing, targets.len())
            ),
        )
        .label(
            ctx.key_span_in(o.doc, &o.base),
            "no capacity satisfies every constraint",
        )
        .help(format!(
            "every constraint must hold on one instance; its capacities: {}",
            capacities.join("; ")
        )),
    )
}
