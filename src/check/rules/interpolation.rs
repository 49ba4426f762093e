//! Interpolation in every string of an app: each is checked by `interp::check` against the names
//! of each environment × region it is built for, so an unknown `{{name}}` (or bad syntax) is
//! caught before lowering and reported once, at the name, however many targets share it. Its
//! codes, FF0010–FF0012, are `interp`'s and documented in the registry.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::interp::{self, Scope};
use crate::source::{Document, push_index, push_token};

/// Top-level app-file sections whose strings are interpolated.
const APP_SECTIONS: &[&str] = &["/tag", "/tags", "/ingress", "/cluster"];

/// Every string under `value` that holds `{{` or `}}` (all that interpolation reads), with its
/// pointer (`pointer` is `value`'s own). The pointers are built in one buffer and copied only
/// for those strings: this runs over every string of every service.
pub(super) fn strings<'v>(value: &'v Value, pointer: &mut String, out: &mut Vec<(String, &'v str)>) {
    let len = pointer.len();
    match value {
        Value::String(s) if s.contains("{{") || s.contains("}}") => {
            out.push((pointer.clone(), s));
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                push_index(pointer, i);
                strings(v, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                push_token(pointer, k);
                strings(v, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Environment × region pairs.
type Targets<'a> = BTreeSet<(&'a str, &'a str)>;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut targets: Vec<((&str, &str), Scope)> = Vec::new();
    for (env, e) in &ctx.app.environments {
        for region in &e.regions {
            targets.push(((env, region), Scope::for_target(&ctx.app, env, region)));
        }
    }
    let mut found: Vec<(&Document, String, &str)> = Vec::new();
    for name in ctx.app.services.keys().chain(ctx.app.jobs.keys()) {
        let (doc, pointer) = ctx.locate(name, "");
        if let Some(v) = crate::source::pointer(&doc.value, &pointer) {
            let mut list = Vec::new();
            strings(v, &mut pointer.clone(), &mut list);
            found.extend(list.into_iter().map(|(p, s)| (doc, p, s)));
        }
    }
    for section in APP_SECTIONS {
        if let Some(v) = crate::source::pointer(&ctx.app_doc.value, section) {
            let mut list = Vec::new();
            strings(v, &mut (*section).to_owned(), &mut list);
            found.extend(list.into_iter().map(|(p, s)| (ctx.app_doc, p, s)));
        }
    }
    // One entry per distinct problem, with the environment × region targets it occurs in.
    let mut problems: Vec<(Span, Code, String, String, Targets<'_>)> = Vec::new();
    // Each problem's index in `problems`, so a string with many bad names stays linear.
    let mut index: HashMap<(Span, Code, String), usize> = HashMap::new();
    for (doc, pointer, text) in found {
        if !text.contains("{{") && !text.contains("}}") {
            continue;
        }
        let errors: Vec<(&(&str, &str), interp::InterpError)> = targets
            .iter()
            .flat_map(|(env, scope)| {
                interp::check(text, scope)
                    .into_iter()
                    .map(move |e| (env, e))
            })
            .collect();
        if errors.is_empty() {
            continue;
        }
        let ranges: Vec<(usize, usize)> = errors.iter().map(|(_, e)| (e.start, e.end)).collect();
        let spans = ctx.inner_spans(doc, &pointer, &ranges);
        for ((env, e), span) in errors.into_iter().zip(spans) {
            match index.entry((span, e.code, e.message.clone())) {
                Entry::Occupied(i) => {
                    problems[*i.get()].4.insert(*env);
                }
                Entry::Vacant(slot) => {
                    slot.insert(problems.len());
                    problems.push((span, e.code, e.message, e.help, BTreeSet::from([*env])));
                }
            }
        }
    }
    let all: Targets<'_> = targets.iter().map(|(t, _)| *t).collect();
    problems
        .into_iter()
        .map(|(span, code, message, help, failing)| {
            // A name defined for some targets only: say where it is missing.
            let message = if failing == all {
                message
            } else {
                format!("{message} in {}", where_(&failing, &all))
            };
            Diagnostic::error(code, message)
                .label(span, "here")
                .help(help)
        })
        .collect()
}

/// Whole environments by name; otherwise `` `region` (environment `env`) `` per target.
fn where_(failing: &BTreeSet<(&str, &str)>, all: &BTreeSet<(&str, &str)>) -> String {
    let envs: BTreeSet<&str> = failing.iter().map(|(e, _)| *e).collect();
    let whole = envs.iter().all(|env| {
        all.iter()
            .filter(|(e, _)| e == env)
            .all(|t| failing.contains(t))
    });
    if whole {
        let list: Vec<String> = envs.iter().map(|e| format!("`{e}`")).collect();
        let noun = if list.len() == 1 {
            "environment"
        } else {
            "environments"
        };
        format!("{noun} {}", list.join(", "))
    } else {
        failing
            .iter()
            .map(|(env, region)| format!("`{region}` (environment `{env}`)"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
