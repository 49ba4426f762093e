//! A step policy whose thresholds cannot work: no steps at all, two steps on the same threshold, a
//! scale-in threshold at or above a scale-out one (both alarms would fire at once and the service
//! would flap), or a period CloudWatch does not accept (10, 20, 30 or a multiple of 60 seconds, and
//! at most a day over all evaluation periods).
//!
//! # FF0347
//!
//! A step policy has `out` steps, `in` steps or both, each on a distinct threshold; every `in`
//! threshold lies below every `out` threshold; `period` is 10, 20, 30 or a multiple of 60, and
//! `periods × period` is at most 86400 (a day).
//!
//! ```yaml
//! steps:
//!   queue-depth:
//!     metric: { namespace: Bazaar/Orders, name: QueueDepth }
//!     out: [{ above: 100, add: 2 }, { above: 500, add: 5 }]
//!     in: [{ below: 10, remove: 1 }]
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        for (step_name, step) in &scaling.steps {
            let base = format!("/scaling/steps/{}", escape_token(step_name));
            let problem = |msg: String, pointer: String, key: bool, label: &str, help: &str| {
                Diagnostic::error(Code::FF0347, msg)
                    .label(
                        if key {
                            ctx.key_span(name, &pointer)
                        } else {
                            ctx.span(name, &pointer)
                        },
                        label.to_owned(),
                    )
                    .help(help.to_owned())
            };
            if step.out.is_empty() && step.scale_in.is_empty() {
                out.push(problem(
                    format!("step policy `{step_name}` of service `{name}` has no steps"),
                    base.clone(),
                    true,
                    "no `out` or `in`",
                    "add `out: [{ above: N, add: N }]` or `in: [{ below: N, remove: N }]`",
                ));
            }
            if !(matches!(step.period, 10 | 20 | 30) || step.period % 60 == 0) {
                out.push(problem(
                    format!(
                        "step policy `{step_name}` of service `{name}` evaluates every {} s",
                        step.period
                    ),
                    format!("{base}/period"),
                    false,
                    "period",
                    "use 10, 20, 30 or a multiple of 60 seconds",
                ));
            }
            if u64::from(step.period) * u64::from(step.periods) > 86_400 {
                out.push(problem(
                    format!(
                        "step policy `{step_name}` of service `{name}` evaluates {} periods of {} s, more than a day",
                        step.periods, step.period
                    ),
                    format!("{base}/periods"),
                    false,
                    "evaluation periods",
                    "CloudWatch evaluates at most one day: make `periods × period` at most 86400",
                ));
            }
            for (dir, key, values) in [
                (
                    "out",
                    "above",
                    step.out.iter().map(|x| x.above).collect::<Vec<f64>>(),
                ),
                (
                    "in",
                    "below",
                    step.scale_in.iter().map(|x| x.below).collect(),
                ),
            ] {
                for (i, v) in values.iter().enumerate() {
                    if values[..i].iter().any(|w| w.total_cmp(v).is_eq()) {
                        out.push(problem(
                            format!("step policy `{step_name}` of service `{name}` has two `{dir}` steps {key} {v}"),
                            format!("{base}/{dir}/{i}/{key}"),
                            false,
                            "repeated threshold",
                            "give each step its own threshold",
                        ));
                    }
                }
            }
            out.extend(overlap(ctx, name, step_name, &base, step));
        }
    }
    out
}

/// A scale-in threshold at or above the lowest scale-out threshold.
fn overlap(
    ctx: &Context<'_>,
    name: &str,
    step_name: &str,
    base: &str,
    step: &crate::model::StepScaling,
) -> Option<Diagnostic> {
    let lowest_out = step
        .out
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.above.total_cmp(&b.1.above));
    let highest_in = step
        .scale_in
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.below.total_cmp(&b.1.below));
    if let (Some((oi, o)), Some((ii, i))) = (lowest_out, highest_in)
        && i.below >= o.above
    {
        return Some(
            Diagnostic::error(
                Code::FF0347,
                format!(
                    "step policy `{step_name}` of service `{name}` scales in below {} but out above {}",
                    i.below, o.above
                ),
            )
            .label(ctx.span(name, &format!("{base}/in/{ii}/below")), "scale-in threshold")
            .label(ctx.span(name, &format!("{base}/out/{oi}/above")), "scale-out threshold")
            .help("keep every `in` threshold below every `out` threshold, with a gap between them"),
        );
    }
    None
}
