//! FF0310, reported as the interpolation codes FF0010-FF0012 of `interp::check`: `interp::check`: every string of an app is checked against the names
//! of each environment × region it is built for, so an unknown `{{name}}` (or bad syntax) is
//! caught before lowering and reported once, at the name, however many targets share it.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::check::context::Context;
use crate::diagnostic::Diagnostic;
use crate::interp::{self, Scope};
use crate::source::{Document, escape_token};

/// Top-level app-file sections whose strings are interpolated.
const APP_SECTIONS: &[&str] = &["/tag", "/tags", "/ingress", "/cluster"];

fn strings<'v>(value: &'v Value, pointer: String, out: &mut Vec<(String, &'v str)>) {
    match value {
        Value::String(s) => out.push((pointer, s)),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                strings(v, format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                strings(v, format!("{pointer}/{}", escape_token(k)), out);
            }
        }
        _ => {}
    }
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut targets: Vec<Scope> = Vec::new();
    for (env, e) in &ctx.app.environments {
        for region in &e.regions {
            targets.push(Scope::for_target(&ctx.app, env, region));
        }
    }
    let mut found: Vec<(&Document, String, &str)> = Vec::new();
    for name in ctx.app.services.keys() {
        let doc = ctx.service_docs.get(name).copied().unwrap_or(ctx.app_doc);
        let pointer = format!("/services/{}", escape_token(name));
        if let Some(v) = doc.value.pointer(&pointer) {
            let mut list = Vec::new();
            strings(v, pointer, &mut list);
            found.extend(list.into_iter().map(|(p, s)| (doc, p, s)));
        }
    }
    for section in APP_SECTIONS {
        if let Some(v) = ctx.app_doc.value.pointer(section) {
            let mut list = Vec::new();
            strings(v, (*section).to_owned(), &mut list);
            found.extend(list.into_iter().map(|(p, s)| (ctx.app_doc, p, s)));
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (doc, pointer, text) in found {
        if !text.contains("{{") && !text.contains("}}") {
            continue;
        }
        for scope in &targets {
            for e in interp::check(text, scope) {
                let span = ctx.inner_span(doc, &pointer, e.start, e.end);
                if seen.insert((span, e.code, e.message.clone())) {
                    out.push(
                        Diagnostic::error(e.code, e.message)
                            .label(span, "here")
                            .help(e.help),
                    );
                }
            }
        }
    }
    out
}
