//! A canary percent or linear step that is not a multiple of 0.1. ECS accepts traffic percentages
//! in tenths only (canary 0.1..=100, linear 3..=100; the schema checks the ranges) and rejects
//! other values when the service is created.
//!
//! # FF0352
//!
//! ECS shifts traffic in tenths of a percent: `canary.percent` is 0.1..100 and `linear.step` is 3..100,
//! both multiples of 0.1.
//!
//! ```yaml
//! deploy:
//!   strategy: canary
//!   canary: { percent: 2.55 }   # 2.5 or 2.6
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// Whether `value` is a multiple of 0.1 (within float noise).
fn tenths(value: f64) -> bool {
    let scaled = value * 10.0;
    (scaled - scaled.round()).abs() < 1e-6
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let values = [
            (
                s.deploy.canary.and_then(|c| c.percent),
                "/deploy/canary/percent",
                "canary.percent",
            ),
            (
                s.deploy.linear.and_then(|l| l.step),
                "/deploy/linear/step",
                "linear.step",
            ),
        ];
        for (value, pointer, key) in values {
            let Some(value) = value.filter(|v| !tenths(*v)) else {
                continue;
            };
            let lower = (value * 10.0).floor() / 10.0;
            let upper = (value * 10.0).ceil() / 10.0;
            out.push(
                Diagnostic::error(
                    Code::FF0352,
                    format!(
                        "service `{name}` sets `{key}: {value}`, which is not a multiple of 0.1"
                    ),
                )
                .label(
                    ctx.span(name, pointer),
                    "ECS shifts traffic in tenths of a percent",
                )
                .help(format!("use {lower:.1} or {upper:.1}")),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::tenths;

    #[test]
    fn tenths_tolerate_float_noise() {
        assert!(tenths(0.1));
        assert!(tenths(33.3));
        assert!(tenths(100.0));
        assert!(!tenths(2.55));
        assert!(!tenths(0.05));
    }
}
