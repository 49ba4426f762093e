//! A scaling `timezone` that is not an IANA time-zone name. Application Auto Scaling rejects
//! unknown zones, and a wrong but valid-looking one would run the sale at the wrong hour.
//!
//! # FF0344
//!
//! `timezone` takes an IANA time-zone name such as `Asia/Shanghai`, `America/New_York` or `Etc/UTC`
//! (spelled as in the tz database).
//!
//! ```yaml
//! scaling: { min: 2, max: 20, timezone: Asia/Shangai }
//! ```

use crate::check::context::Context;
use crate::check::time_zones;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        let zones = scaling
            .timezone
            .iter()
            .map(|z| (z, "/scaling/timezone".to_owned()))
            .chain(scaling.schedule.iter().filter_map(|(action, e)| {
                e.timezone.as_ref().map(|z| {
                    (
                        z,
                        format!("/scaling/schedule/{}/timezone", escape_token(action)),
                    )
                })
            }));
        for (zone, pointer) in zones {
            if time_zones::is_known(zone) {
                continue;
            }
            let help = time_zones::closest(zone).map_or_else(
                || "use an IANA name such as `Asia/Shanghai` or `Etc/UTC`".to_owned(),
                |z| format!("did you mean `{z}`?"),
            );
            out.push(
                Diagnostic::error(
                    Code::FF0344,
                    format!(
                        "service `{name}` schedules in `{zone}`, which is not an IANA time zone"
                    ),
                )
                .label(ctx.span(name, &pointer), "unknown time zone")
                .help(help),
            );
        }
    }
    out
}
