//! A DNS blue/green service gets no alarms. It runs two ECS services behind two load balancers, and
//! the generated alarms watch one; rather than alarm on half of it, fleetform leaves it out, and
//! says so.
//!
//! # FF0632
//!
//! A service with `deploy.dns-blue-green` runs a blue and a green ECS service; generated alarms do
//! not cover it yet. Declare alarms on both colours yourself and list them in `deploy.alarms`, or
//! set `alarms: false` on the service to silence this warning.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Alarms;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        if s.dns_blue_green().is_none()
            || Alarms::merged(ctx.app.alarms.as_ref(), s.alarms.as_ref()).is_none()
        {
            continue;
        }
        out.push(
            Diagnostic::warning(
                Code::FF0632,
                format!("service `{name}` uses DNS blue/green and gets no generated alarms"),
            )
            .label(
                ctx.key_span(name, "/deploy/dns-blue-green"),
                "two ECS services",
            )
            .help("set `alarms: false` on the service, or alarm on each colour yourself"),
        );
    }
    out
}
