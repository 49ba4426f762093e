//! Validation: JSON Schema first, then semantic rules. All problems are collected; only a
//! blueprint without errors becomes a [`resolved::App`], the only input lowering accepts.

mod conforms;
#[cfg(test)]
mod conforms_tests;
mod context;
pub(crate) mod ecr;
pub(crate) mod health_command;
mod iam_action;
mod instance_types;
mod lenient;
mod merge;
pub(crate) mod regional;
pub(crate) mod route_grammar;
mod rules;
pub(crate) mod schedule;
mod schedule_expr;
mod schedule_times;
mod schema;
mod scoped;
mod simple_pattern;
#[cfg(test)]
mod tests;
mod time_zones;

// The rules' near-miss suggestions are the crate's one edit-distance policy.
use crate::distance as suggest;

use crate::diagnostic::{self, Code, Diagnostic, FileId, SourceMap, Span};
use crate::model::AppFile;
use crate::resolved;
use crate::source::Document;

pub use crate::diagnostic::{RuleDoc, rule_docs};
pub use context::{ContainerRef, Context, Kind, Workload};
pub use schema::describe as describe_pointer;

/// Validates parsed documents (grouped into apps by their `app` key) and merges each app's files.
/// Returns the apps that have no errors and every diagnostic (errors and warnings).
pub fn check(sources: &SourceMap, docs: &[Document]) -> (Vec<resolved::App>, Vec<Diagnostic>) {
    check_at(sources, docs, None)
}

/// [`check`] as of `now`: rules about schedules that never fire in the future run only with it.
pub fn check_at(
    sources: &SourceMap,
    docs: &[Document],
    now: Option<jiff::Timestamp>,
) -> (Vec<resolved::App>, Vec<Diagnostic>) {
    let mut per_file: Vec<Vec<Diagnostic>> = Vec::with_capacity(docs.len());
    let mut files: Vec<Option<AppFile>> = Vec::with_capacity(docs.len());
    // Files with schema errors, read leniently: (index, document of what passed, left out).
    let mut lenient: Vec<(usize, Document, Vec<String>)> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let mut diags = schema::validate(doc, sources);
        let file = if diags.is_empty() {
            match serde_json::from_value::<AppFile>(doc.value.clone()) {
                Ok(f) => Some(f),
                Err(e) => {
                    let span = doc
                        .spans
                        .value_span("")
                        .unwrap_or(Span::new(doc.file, 0, 0));
                    diags.push(model_rejects(
                        &format!("the file does not match the blueprint model: {e}"),
                        span,
                        "in this file",
                    ));
                    None
                }
            }
        } else {
            lenient::read(doc).map(|l| {
                lenient.push((i, l.doc, l.left_out));
                l.file
            })
        };
        per_file.push(diags);
        files.push(file);
    }
    // The rules read values through the documents: give them what passed the schema.
    let owned: Vec<Document>;
    let docs: &[Document] = if lenient.is_empty() {
        docs
    } else {
        let mut all = docs.to_vec();
        for (i, doc, _) in &lenient {
            all[*i] = doc.clone();
        }
        owned = all;
        &owned
    };
    let left_out: Vec<String> = lenient
        .into_iter()
        .flat_map(|(_, _, names)| names)
        .collect();

    let mut apps = Vec::new();
    let mut all: Vec<Diagnostic> = Vec::new();
    let groups = merge::group(docs, &files);
    let grouped: Vec<FileId> = groups
        .iter()
        .flat_map(|g| g.members.iter().map(|(d, _)| d.file))
        .collect();
    for (doc, diags) in docs.iter().zip(&mut per_file) {
        if !grouped.contains(&doc.file) {
            all.append(diags);
        }
    }
    let complete = sources.ids().all(|id| docs.iter().any(|d| d.file == id));
    for group in &groups {
        let mut diags: Vec<Diagnostic> = Vec::new();
        for (doc, _) in &group.members {
            if let Some(i) = docs.iter().position(|d| std::ptr::eq(d, *doc)) {
                diags.append(&mut per_file[i]);
            }
        }
        let schema_errors = diags.len();
        if let Some(mut ctx) = merge::merge(complete, sources, group, &mut diags) {
            ctx.now = now;
            diags.extend(rules::run(&ctx));
            if schema_errors > 0 {
                // Beside schema errors, hold back what may only echo a part left out.
                let semantic = diags.split_off(schema_errors);
                diags.extend(
                    semantic
                        .into_iter()
                        .filter(|d| !lenient::names_any(d, &left_out)),
                );
            }
            // Overrides are checked on a valid app only: merged over a broken one they would
            // repeat its problems.
            if !diagnostic::has_errors(&diags) {
                let regional = regional::resolve(sources, &ctx, &mut diags);
                if !diagnostic::has_errors(&diags) {
                    apps.push(resolved::App::new(ctx.app, regional));
                }
            }
        }
        all.append(&mut diags);
    }
    (apps, all)
}

/// FF0109: the model rejected what the schema accepted. The schema and the model describe one
/// format, so this is fleetform's bug, never the user's; it must not look like a schema error.
pub(crate) fn model_rejects(message: &str, span: Span, label: &str) -> Diagnostic {
    Diagnostic::error(Code::FF0109, format!("fleetform bug: {message}"))
        .label(span, label)
        .help("the schema accepted what the model rejects: please report this as a fleetform bug, with the file and this message")
}

/// The JSON Schema of a blueprint file (`schemas/blueprint.schema.json`, generated from the
/// model by [`crate::model::blueprint_schema_text`]; `tests/schema.rs` keeps the two equal).
pub const SCHEMA: &str = include_str!("../../schemas/blueprint.schema.json");
