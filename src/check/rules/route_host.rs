//! A route host the load balancer rejects (at most 128 characters
//! of A-Z a-z 0-9 `-` `.` and the wildcards `*` `?`, with at least one `.` and only letters after
//! the last). `CloudFormation` would fail the listener rule mid-deploy, so check each host as
//! rendered, the default host `ingress.domain` included.
//!
//! # FF0441
//!
//! A route `host` (and `ingress.domain`, the default host) is matched by a load-balancer host
//! condition: at most 128 characters of letters, digits, `-` and `.`, with `*` (any characters) and
//! `?` (one character) as wildcards, at least one `.`, and only letters after the last `.`.
//!
//! ```yaml
//! route: { host: "bad host_name!" }
//! ```

use super::route_text::{Field, refused, shown};
use crate::check::context::Context;
use crate::check::route_grammar::{host_problem, host_suggestion};
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut reported = std::collections::BTreeSet::new();
    for r in refused(ctx, Field::Host, host_problem) {
        // A default domain is every unhosted route's host on its load balancer: report it once.
        let default = match &r.value.place {
            super::Place::App(pointer) => Some(pointer.clone()),
            _ => None,
        };
        if let Some(pointer) = &default
            && !reported.insert(pointer.clone())
        {
            continue;
        }
        let whose = if let Some(pointer) = default {
            let key = pointer.trim_start_matches('/').replace('/', ".");
            format!("the default host `{key}`")
        } else {
            format!("a host of service `{}`", r.service)
        };
        out.push(
            Diagnostic::error(
                Code::FF0441,
                format!(
                    "{whose}, {}, is not a host the load balancer accepts",
                    shown(&r.value.written, &r.text)
                ),
            )
            .label(r.value.place.span(ctx), r.why)
            .help(format!(
                "write a DNS name of letters, digits, `-` and `.` (`*` and `?` as wildcards), such as `{}`",
                host_suggestion(&r.text)
            )),
        );
    }
    out
}
