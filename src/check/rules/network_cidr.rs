//! A created network's CIDR that is not a network-aligned IPv4 block from /16 to /20. VPCs accept
//! /16-/28, but fleetform carves the block into sixteen subnets of /(n+4): from a /20 each subnet
//! is a /24 (251 addresses), and anything smaller leaves too few addresses for a load balancer (it
//! wants a /27 with 8 free) and the tasks' network interfaces; a misaligned block is rejected by
//! EC2.
//!
//! # FF0402
//!
//! `network.cidr` is an IPv4 block `a.b.c.d/n` with n from 16 to 20 (each subnet is a /(n+4), at
//! least a /24) whose address is the start of the block.
//!
//! ```yaml
//! network: { cidr: 10.0.1.0/16 }   # write 10.0.0.0/16
//! ```

use std::ops::RangeInclusive;

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

/// Checks a CIDR; on failure, says what is wrong and suggests a fix.
pub fn problem(cidr: &str) -> Option<String> {
    ipv4_block(cidr, 16..=20, "subnets are a sixteenth of the block")
}

/// Checks an IPv4 block `a.b.c.d/n` with `n` in `lengths` (`why` says why those) whose address
/// is the start of the block, as EC2 wants; on failure, says what is wrong and suggests a fix.
/// Shared with `ingress.test-clients` (FF0429).
pub fn ipv4_block(cidr: &str, lengths: RangeInclusive<u32>, why: &str) -> Option<String> {
    let Some((addr, len)) = cidr.split_once('/') else {
        return Some("expected an IPv4 block such as `10.0.0.0/16`".to_owned());
    };
    let octets: Vec<Option<u8>> = addr.split('.').map(|o| o.parse::<u8>().ok()).collect();
    if octets.len() != 4 || octets.iter().any(Option::is_none) {
        return Some(format!("`{addr}` is not an IPv4 address"));
    }
    let Ok(len) = len.parse::<u32>() else {
        return Some(format!("`{len}` is not a prefix length"));
    };
    if !lengths.contains(&len) {
        return Some(format!(
            "the prefix /{len} is outside /{} to /{} ({why})",
            lengths.start(),
            lengths.end()
        ));
    }
    let ip = octets
        .iter()
        .fold(0u32, |acc, o| (acc << 8) | u32::from(o.unwrap_or(0)));
    let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
    if ip & !mask != 0 {
        let net = ip & mask;
        return Some(format!(
            "the address is not the start of the block: write `{}.{}.{}.{}/{len}`",
            net >> 24,
            (net >> 16) & 255,
            (net >> 8) & 255,
            net & 255
        ));
    }
    None
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, e) in &ctx.app.environments {
        let pointer = format!("/environments/{}/network/cidr", escape_token(env));
        if e.network.import.is_some() || !ctx.app_has(&pointer) {
            continue;
        }
        if let Some(why) = problem(&e.network.cidr) {
            // A misaligned block's help names the aligned one: that is the whole fix.
            let aligned = why
                .split_once("write `")
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(block, _)| block.to_owned());
            let mut d = Diagnostic::error(
                Code::FF0402,
                format!(
                    "invalid network cidr `{}` in environment `{env}`",
                    e.network.cidr
                ),
            )
            .label(ctx.app_span(&pointer), "invalid cidr")
            .help(why);
            if let Some(block) = aligned {
                d = d.fix(ctx.app_span(&pointer), block);
            }
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn cidrs() {
        assert_eq!(problem("10.0.0.0/16"), None);
        assert_eq!(problem("10.20.16.0/20"), None);
        assert!(problem("10.20.4.0/24").unwrap().contains("/16 to /20"));
        assert!(problem("10.0.1.0/16").unwrap().contains("10.0.0.0/16"));
        assert!(problem("10.0.0.0/8").is_some());
        assert!(problem("10.0.0.256/24").is_some());
        assert!(problem("banana").is_some());
        assert_eq!(super::ipv4_block("0.0.0.0/0", 0..=32, ""), None);
        assert_eq!(super::ipv4_block("198.51.100.7/32", 0..=32, ""), None);
        assert!(
            super::ipv4_block("198.51.100.7/24", 0..=32, "")
                .unwrap()
                .contains("198.51.100.0/24")
        );
        assert!(super::ipv4_block("10.0.0.0/33", 0..=32, "").is_some());
        assert!(super::ipv4_block("::/0", 0..=32, "").is_some());
    }
}
