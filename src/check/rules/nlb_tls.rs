//! A `tls` listener in a region without a certificate. The Network Load Balancer terminates TLS
//! with `ingress.certificate` of its region (ACM certificates are regional); without one,
//! Elastic Load Balancing refuses the listener at deploy time.
//!
//! # FF0408
//!
//! A `tls` listener needs `ingress.certificate` covering every region of every environment the
//! service runs in; or use `protocol: tcp` and terminate TLS in the container.

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::NlbProtocol;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let certificate = ctx.app.ingress.as_ref().and_then(|i| i.certificate.as_ref());
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        for (i, l) in service.listeners.iter().enumerate() {
            if l.protocol != NlbProtocol::Tls {
                continue;
            }
            let rel = format!("/listeners/{i}/protocol");
            let mut missing: Vec<String> = ctx
                .service_targets(name, &rel)
                .into_iter()
                .filter(|(_, region)| certificate.and_then(|c| c.get(region)).is_none())
                .map(|(env, region)| format!("`{env}` in `{region}`"))
                .collect();
            missing.dedup();
            if missing.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::error(
                    Code::FF0408,
                    format!(
                        "tls listener on port {} of service `{name}` has no certificate",
                        l.port
                    ),
                )
                .label(
                    ctx.key_span(name, &rel),
                    format!("no `ingress.certificate` for {}", missing.join(", ")),
                )
                .help(
                    "set `ingress.certificate` to an ACM certificate ARN of each region, or use `protocol: tcp` and terminate TLS in the container",
                ),
            );
        }
    }
    out
}
