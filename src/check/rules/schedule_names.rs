//! Scheduled action names that collide or are too long. A window `w` becomes the actions `w-start`
//! and `w-end`, which may clash with another entry's name; Application Auto Scaling needs names
//! unique per service and at most 256 characters.
//!
//! # FF0345
//!
//! A window named `sale` becomes the actions `sale-start` and `sale-end`, so no other entry may be
//! named `sale-start` or `sale-end`; every action name is at most 256 characters.
//!
//! ```yaml
//! schedule:
//!   sale: { from: 2026-11-10T23:00, until: 2026-11-12T02:00, min: 50 }
//!   sale-end: { when: "cron(0 3 12 11 ? *)", min: 4 }
//! ```

use std::collections::BTreeMap;

use crate::check::context::Context;
use crate::check::schedule::actions;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::escape_token;

const MAX_NAME: usize = 256;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, s) in &ctx.app.services {
        let Some(scaling) = &s.scaling else { continue };
        let place = |entry: &str| format!("/scaling/schedule/{}", escape_token(entry));
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for action in actions(scaling) {
            if action.name.len() > MAX_NAME {
                out.push(
                    Diagnostic::error(
                        Code::FF0345,
                        format!(
                            "scheduled action name of service `{name}` is {} characters long, above {MAX_NAME}",
                            action.name.len()
                        ),
                    )
                    .label(ctx.key_span(name, &place(&action.entry)), "this name")
                    .help("shorten the name"),
                );
            }
            if let Some(first) = seen.get(&action.name) {
                out.push(
                    Diagnostic::error(
                        Code::FF0345,
                        format!(
                            "service `{name}` has two scheduled actions named `{}`",
                            action.name
                        ),
                    )
                    .label(
                        ctx.key_span(name, &place(&action.entry)),
                        format!("makes `{}`", action.name),
                    )
                    .label(ctx.key_span(name, &place(first)), "also makes it")
                    .help("rename one entry (a window `w` makes `w-start` and `w-end`)"),
                );
            } else {
                seen.insert(action.name.clone(), action.entry.clone());
            }
        }
    }
    out
}
