//! A load-balancer alarm (`errors`, `latency`, `unhealthy`) switched on for a service without a
//! `route`. Those alarms watch the service's target group, which only a routed service has; the
//! app-level defaults skip unrouted services, an explicit setting is a mistake.
//!
//! # FF0630
//!
//! `alarms.errors`, `alarms.latency` and `alarms.unhealthy` watch the target group of the service's
//! `route` on the load balancer. A service without a route has none: remove the setting (or set it
//! to `false`), or add a `route`.
//!
//! ```yaml
//! worker:
//!   alarms: { errors: 2 }   # no route: nothing to watch
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AlarmKind, AlarmSetting, ServiceAlarms};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(ServiceAlarms::Set(alarms)) = &s.alarms else {
            continue;
        };
        if s.route.is_some() {
            continue;
        }
        for kind in AlarmKind::ALL.into_iter().filter(|k| k.needs_route()) {
            let Some(setting) = alarms.get(kind) else {
                continue;
            };
            if setting == AlarmSetting::Switch(false) {
                continue;
            }
            out.push(
                Diagnostic::error(
                    Code::FF0630,
                    format!(
                        "service `{name}` asks for the `{}` alarm but has no `route`",
                        kind.key()
                    ),
                )
                .label(
                    ctx.key_span(name, &format!("/alarms/{}", kind.key())),
                    "watches the service's target group",
                )
                .help("remove the setting, or give the service a `route` on the load balancer"),
            );
        }
    }
    out
}
