//! A canary or linear deployment whose bake times add up to more than 33 hours. `CloudFormation`
//! stops waiting after 36 hours and rejects such a template up front (`BakeTimeInMinutes +
//! CanaryBakeTimeInMinutes`, or `BakeTimeInMinutes + StepBakeTimeInMinutes × steps`, where steps =
//! 100 / step − 1 when the step divides 100, else floor(100 / step)).
//!
//! # FF0358
//!
//! CloudFormation rejects a canary or linear deployment whose computed duration exceeds 33 hours
//! (1980 minutes): canary `bake + canary.bake`, linear `bake + linear.bake × steps` (steps =
//! 100/step − 1 if the step divides 100, else floor(100/step)).
//!
//! ```yaml
//! deploy:
//!   strategy: linear
//!   linear: { step: 3, bake: 120 }   # 32 steps × 120 min
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::DeployStrategy;

const LIMIT_MINUTES: u64 = 33 * 60;

/// Steps after the first shift that wait `linear.bake`, in tenths of a percent.
fn linear_steps(step_tenths: u64) -> u64 {
    if step_tenths == 0 {
        return 0;
    }
    if 1000 % step_tenths == 0 {
        1000 / step_tenths - 1
    } else {
        1000 / step_tenths
    }
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let d = &s.deploy;
        let bake = u64::from(d.bake.unwrap_or(10));
        let (total, formula, pointer) = match d.strategy {
            DeployStrategy::Canary => {
                let c = d.canary.unwrap_or_default();
                let canary = u64::from(c.bake.unwrap_or(10));
                (
                    bake + canary,
                    format!("{bake} + {canary}"),
                    "/deploy/canary",
                )
            }
            DeployStrategy::Linear => {
                let l = d.linear.unwrap_or_default();
                let step_bake = u64::from(l.bake.unwrap_or(6));
                // Rounded to tenths: FF0352 reports other values; the cast is exact for 3..=100.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let tenths = (l.step.unwrap_or(10.0) * 10.0).round() as u64;
                let steps = linear_steps(tenths);
                (
                    bake + step_bake * steps,
                    format!("{bake} + {step_bake} × {steps} steps"),
                    "/deploy/linear",
                )
            }
            DeployStrategy::Rolling | DeployStrategy::BlueGreen => continue,
        };
        if total <= LIMIT_MINUTES {
            continue;
        }
        let span = if ctx.service_has(name, pointer) {
            ctx.span(name, pointer)
        } else {
            ctx.span(name, "/deploy")
        };
        out.push(
            Diagnostic::error(
                Code::FF0358,
                format!("service `{name}` deploys for {total} minutes, more than CloudFormation's 33 hours"),
            )
            .label(span, format!("{formula} = {total} minutes"))
            .help("shorten the bake times (or use larger linear steps) to stay within 1980 minutes; CloudFormation rejects longer canary and linear deployments"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::linear_steps;

    #[test]
    fn steps_follow_cloudformation() {
        assert_eq!(linear_steps(100), 9);
        assert_eq!(linear_steps(110), 9);
        assert_eq!(linear_steps(30), 33);
        assert_eq!(linear_steps(1000), 0);
    }
}
