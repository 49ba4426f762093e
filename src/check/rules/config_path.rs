//! An app-level `config` entry with its own `path` while the app has several environments. Each
//! environment stack would create the same SSM parameter name, and two environments in one account
//! and region would fight over it (the second stack fails).
//!
//! # FF0644
//!
//! `{value, path}` stores a value under a parameter name of your own. In the app's `config` that
//! name would be the same in every environment; give the entry in each environment's `config` with
//! its own path, or leave out `path` (then it is `/fleetform/{app}/{env}/config/{name}`).
//!
//! ```yaml
//! config:
//!   flags: { value: "a", path: /shop/flags }   # test and prod both create /shop/flags
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::ConfigValue;
use crate::source::escape_token;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    if ctx.app.environments.len() < 2 {
        return Vec::new();
    }
    ctx.app
        .config
        .iter()
        .filter_map(|(name, value)| match value {
            ConfigValue::Stored(s) => Some((name, s)),
            _ => None,
        })
        // Overridden in every environment, the app-level path is never used.
        .filter(|(name, _)| {
            ctx.app
                .environments
                .values()
                .any(|e| !e.config.contains_key(*name))
        })
        .map(|(name, s)| {
            Diagnostic::error(
                Code::FF0644,
                format!(
                    "configuration `{name}` stores every environment's value at `{}`",
                    s.path
                ),
            )
            .label(
                ctx.app_span(&format!("/config/{}/path", escape_token(name))),
                "one name for all environments",
            )
            .help("give the entry a path in each environment's `config`, or drop `path`")
        })
        .collect()
}
