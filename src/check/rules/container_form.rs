//! A service uses the short form (`image`, `port`, …) and `containers` at once, or neither. Mixing
//! them leaves it unclear which container the short-form keys belong to.
//!
//! # FF0312
//!
//! A service is either the short form (`image`, `port`, `command`, `env`, `secrets`, `health`: one
//! container named `app`) or lists `containers`, never both, and it needs one of them.
//!
//! ```yaml
//! cart:
//!   image: cart:{{tag}}
//!   containers: { sidecar: { image: envoy:1.30 } }   # pick one form
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

const SHORT: &[&str] = &["image", "port", "command", "env", "secrets", "health"];

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (name, s, kind) = (w.name, w.service, w.kind.noun());
        let used: Vec<&str> = SHORT
            .iter()
            .copied()
            .filter(|k| match *k {
                "image" => s.image.is_some(),
                "port" => s.port.is_some(),
                "command" => s.command.is_some(),
                "env" => s.env.is_some(),
                "secrets" => s.secrets.is_some(),
                _ => s.health.is_some(),
            })
            .collect();
        if s.containers.is_some() && !used.is_empty() {
            let mut d = Diagnostic::error(
                Code::FF0312,
                format!("{kind} `{name}` mixes the short form with `containers`"),
            )
            .label(ctx.key_span(name, "/containers"), "containers listed here");
            for k in &used {
                d = d.label(ctx.key_span(name, &format!("/{k}")), "short-form key");
            }
            out.push(d.help(format!(
                "move {} into one of the containers",
                used.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            )));
        } else if s.containers.is_none() && s.image.is_none() {
            out.push(
                Diagnostic::error(
                    Code::FF0312,
                    format!("{kind} `{name}` has no `image` and no `containers`"),
                )
                .label(ctx.key_span(name, ""), "no container")
                .help("add `image:` (one container) or `containers:`"),
            );
        }
    }
    out
}
