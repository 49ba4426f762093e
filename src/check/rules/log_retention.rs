//! A log retention `CloudWatch` Logs does not accept. `RetentionInDays` takes only certain values,
//! and the `CloudFormation` schema does not enforce them, so the stack fails mid-deploy.
//!
//! # FF0307
//!
//! `logs.retention` is one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
//! 1827, 2192, 2557, 2922, 3288, 3653 days.
//!
//! ```yaml
//! logs: { retention: 10 }   # 7 or 14
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub const ALLOWED: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// The allowed values just below and above `days`.
pub fn nearest(days: u32) -> Vec<u32> {
    let below = ALLOWED.iter().rev().find(|&&a| a < days).copied();
    let above = ALLOWED.iter().find(|&&a| a > days).copied();
    below.into_iter().chain(above).collect()
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (service, s, kind) = (w.name, w.service, w.kind.noun());
        let days = s.logs.retention;
        if ALLOWED.contains(&days) {
            continue;
        }
        let near: Vec<String> = nearest(days).iter().map(|d| format!("`{d}`")).collect();
        out.push(
            Diagnostic::error(
                Code::FF0307,
                format!("log retention of {days} days in {kind} `{service}` is not allowed"),
            )
            .label(
                ctx.span(service, "/logs/retention"),
                "not a cloudwatch logs retention",
            )
            .help(format!("use {}", near.join(" or "))),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn neighbours() {
        assert_eq!(nearest(10), vec![7, 14]);
        assert_eq!(nearest(5000), vec![3653]);
    }
}
