//! Two listeners on the same port of the environment's Network Load Balancer. A load balancer
//! has one listener per port (TCP and UDP on one port is a single `TCP_UDP` listener), so the
//! second listener would fail the stack of whichever service deploys last.
//!
//! # FF0407
//!
//! Each `listeners[].port` is taken once across the app's services: pick another port, or use
//! `protocol: tcp-udp` for TCP and UDP on the same port of one service.

use std::collections::BTreeMap;

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut first: BTreeMap<u16, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        for (i, l) in service.listeners.iter().enumerate() {
            match first.get(&l.port) {
                Some(owner) => out.push(
                    Diagnostic::error(
                        Code::FF0407,
                        format!(
                            "port {} of the network load balancer is claimed twice",
                            l.port
                        ),
                    )
                    .label(
                        ctx.key_span(name, &format!("/listeners/{i}/port")),
                        format!("`{owner}` already listens on port {}", l.port),
                    )
                    .help(format!(
                        "give this listener of `{name}` a port no other listener uses, or use one listener with `protocol: tcp-udp` for TCP and UDP on one port"
                    )),
                ),
                None => {
                    first.insert(l.port, name);
                }
            }
        }
    }
    out
}
