//! An `ingress.test-clients` entry that is not a network-aligned IPv4 block. The blocks become the
//! source of security-group rules on the test listener's port; EC2 rejects the stack on a malformed
//! one, late, in the environment stack's update.
//!
//! # FF0429
//!
//! Each entry of `ingress.test-clients` is an IPv4 block `a.b.c.d/n` (n from 0 to 32; one address
//! is a `/32`) whose address is the start of the block. They are who may reach the test listener of
//! `blue-green`, `canary` and `linear` deployments.
//!
//! ```yaml
//! ingress:
//!   test-clients: [203.0.113.7/24]   # write 203.0.113.0/24, or 203.0.113.7/32 for one address
//! ```

use crate::check::context::Context;
use crate::check::rules::network_cidr::ipv4_block;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(clients) = ctx
        .app
        .ingress
        .as_ref()
        .and_then(|i| i.test_clients.as_ref())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (index, cidr) in clients.iter().enumerate() {
        if let Some(why) = ipv4_block(cidr, 0..=32, "an IPv4 prefix") {
            out.push(
                Diagnostic::error(Code::FF0429, format!("invalid test client cidr `{cidr}`"))
                    .label(
                        ctx.app_span(&format!("/ingress/test-clients/{index}")),
                        "invalid cidr",
                    )
                    .help(why),
            );
        }
    }
    out
}
