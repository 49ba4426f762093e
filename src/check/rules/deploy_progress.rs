//! A rolling deployment that can never make progress. ECS keeps at least `ceil(count ×
//! minimum-healthy-percent / 100)` tasks running and at most `floor(count × maximum-percent / 100)`;
//! when the first equals `count` and the second does too, no task may stop and none may start, so
//! every deployment hangs until the circuit breaker (or `CloudFormation`'s timeout) gives up. A
//! daemon runs one task per instance and never more (maximum 100%), so it needs a minimum below
//! 100%.
//!
//! A service with `scaling` is checked at every task count between its `min` (at least 1) and
//! `max`: a deployment can start at any of them.
//!
//! # FF0350
//!
//! During a rolling deployment ECS keeps at least `count × minimum-healthy-percent` tasks running
//! (rounded up) and runs at most `count × maximum-percent` tasks (rounded down). If neither leaves
//! room (no task may stop, none may start) the deployment never progresses. With `count: 2`,
//! 100/120 gives ceil(2 × 1.0) = 2 tasks that must stay and floor(2 × 1.2) = 2 tasks at most:
//! stuck. 100/150 (one extra task) or 50/100 (one task stops first) work.
//!
//! ```yaml
//! count: 2
//! deploy:
//!   rolling: { minimum-healthy-percent: 100, maximum-percent: 120 }   # stuck
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Scheduling, Service};

/// ceil(a × b / 100) and floor(a × b / 100) without floats.
const fn ceil_pct(count: u64, pct: u64) -> u64 {
    (count * pct).div_ceil(100)
}
const fn floor_pct(count: u64, pct: u64) -> u64 {
    count * pct / 100
}

/// The task counts a deployment may start at: `count`, or every count `scaling` allows.
fn counts(s: &Service) -> std::ops::RangeInclusive<u64> {
    s.scaling.as_ref().map_or_else(
        || u64::from(s.count)..=u64::from(s.count),
        |sc| u64::from(sc.min.max(1))..=u64::from(sc.max),
    )
}

/// Whether `count` tasks at `min`/`max` percent leave no task free to stop or start.
const fn stuck(count: u64, min: u64, max: u64) -> bool {
    count > 0 && ceil_pct(count, min) >= count && floor_pct(count, max) <= count
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        if s.deploy.strategy.shifts_traffic() || s.deploy.rolling.is_none() {
            continue;
        }
        let (min, max) = s.deploy.percents(s.scheduling);
        let span = ctx.span(name, "/deploy/rolling");
        if s.scheduling == Scheduling::Daemon {
            if min >= 100 && max <= 100 {
                out.push(
                    Diagnostic::error(
                        Code::FF0350,
                        format!("daemon service `{name}` cannot deploy: {min}% minimum healthy with {max}% maximum leaves no task free to replace"),
                    )
                    .label(span, format!("{min}% minimum, {max}% maximum"))
                    .help("a daemon runs one task per instance and never a second one (maximum 100%), so its old task must stop first: set `minimum-healthy-percent` below 100 (write `rolling: least-space`, 50/100)")
                    .fix(span, "least-space"),
                );
            }
            continue;
        }
        let (min, max) = (u64::from(min), u64::from(max));
        let Some(count) = counts(s).find(|&c| stuck(c, min, max)) else {
            continue;
        };
        let keep = ceil_pct(count, min);
        let most = floor_pct(count, max);
        // The smallest maximum that allows one extra task, the largest minimum that frees one.
        let need_max = (100 * (count + 1)).div_ceil(count);
        let need_min = 100 * (count - 1) / count;
        let at = if s.scaling.is_some() {
            format!("at {count} tasks (within `scaling`)")
        } else {
            format!("with `count: {count}`")
        };
        let mut d = Diagnostic::error(
            Code::FF0350,
            format!("service `{name}` cannot deploy: {at}, {min}% minimum healthy and {max}% maximum, no task can stop and none can start"),
        )
        .label(span, format!("ceil({count} × {min}%) = {keep} must stay, floor({count} × {max}%) = {most} may run"));
        if s.scaling.is_some() {
            d = d.label(
                ctx.key_span(name, "/scaling"),
                format!("scaling may run it at {count} tasks"),
            );
        } else if ctx.service_has(name, "/count") {
            d = d.label(ctx.span(name, "/count"), "desired count");
        }
        // Only presets that make progress at every count the service may run are offered
        // (`least-space` is stuck at one task); `same-size` always is, so there is one.
        let presets: Vec<String> = [("same-size", 100, 200), ("least-space", 50, 100)]
            .into_iter()
            .filter(|&(_, lo, hi)| (lo, hi) != (min, max) && !counts(s).any(|c| stuck(c, lo, hi)))
            .map(|(preset, lo, hi)| format!("`rolling: {preset}` ({lo}/{hi})"))
            .collect();
        out.push(d.help(format!(
            "ECS rounds the minimum up and the maximum down; raise `maximum-percent` to at least {need_max} (one extra task) or lower `minimum-healthy-percent` to at most {need_min} (one task stops first), or use {}",
            presets.join(" or ")
        )).fix(span, "same-size"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_matches_ecs() {
        assert_eq!(ceil_pct(3, 50), 2);
        assert_eq!(floor_pct(3, 150), 4);
        assert_eq!(floor_pct(2, 120), 2);
        assert_eq!(ceil_pct(1, 1), 1);
    }
}
