//! Validation: JSON Schema first, then semantic rules. All problems are collected; only a
//! blueprint without errors becomes a [`Validated`] app, the only input lowering accepts.

mod context;
mod covers;
mod docs;
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
mod suggest;
#[cfg(test)]
mod tests;
mod time_zones;

use std::sync::LazyLock;

use crate::diagnostic::{self, Diagnostic, FileId, SourceMap, Span};
use crate::model::{App, AppFile};
use crate::source::Document;

pub use context::{ContainerRef, Context, Kind, Workload};
pub use schema::describe as describe_pointer;

/// A blueprint that passed every check. Only this module can make one.
#[derive(Debug, Clone)]
pub struct Validated<T>(T);

impl<T> Validated<T> {
    pub(crate) fn new_unchecked(value: T) -> Self {
        Self(value)
    }
}

impl Validated<App> {
    /// The app with no region's overrides merged in: what every target would deploy without
    /// `environments.{env}.overrides`. Still valid: the rules checked the app itself in every
    /// region before checking each region's overrides.
    #[must_use]
    pub fn without_overrides(&self) -> Self {
        let mut app = self.0.clone();
        app.regional.clear();
        Self(app)
    }
}

impl<T> std::ops::Deref for Validated<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Validates parsed documents (grouped into apps by their `app` key) and merges each app's files.
/// Returns the apps that have no errors and every diagnostic (errors and warnings).
pub fn check(sources: &SourceMap, docs: &[Document]) -> (Vec<Validated<App>>, Vec<Diagnostic>) {
    check_at(sources, docs, None)
}

/// [`check`] as of `now`: rules about schedules that never fire in the future run only with it.
pub fn check_at(
    sources: &SourceMap,
    docs: &[Document],
    now: Option<jiff::Timestamp>,
) -> (Vec<Validated<App>>, Vec<Diagnostic>) {
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
                    diags.push(
                        Diagnostic::error("FF0107", format!("the file does not match the blueprint model: {e}"))
                            .label(doc.spans.value_span("").unwrap_or(Span::new(doc.file, 0, 0)), "in this file")
                            .help("this is likely a fleetform bug: the schema accepted what the model rejects"),
                    );
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
                regional::resolve(sources, &mut ctx, &mut diags);
            }
            if !diagnostic::has_errors(&diags) {
                apps.push(Validated::new_unchecked(ctx.app));
            }
        }
        all.append(&mut diags);
    }
    (apps, all)
}

/// The documentation of one diagnostic code, for `fleetform explain` and the docs.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    pub code: &'static str,
    /// A short lowercase title, e.g. "fargate cpu and memory must be a supported pair".
    pub title: &'static str,
    /// What it catches, why, and an example (Markdown).
    pub explanation: &'static str,
}

/// Every diagnostic code fleetform can emit, in code order.
pub fn rule_docs() -> &'static [RuleDoc] {
    static ALL: LazyLock<Vec<RuleDoc>> = LazyLock::new(|| {
        let mut all: Vec<RuleDoc> = [
            docs::SOURCE,
            docs::SCHEMA,
            docs::FILES,
            rules::DOCS,
            docs::STACKSETS,
            docs::BUILD,
            docs::LIMITS,
            docs::IMPORT,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        all.sort_by_key(|d| d.code);
        all
    });
    &ALL
}

/// The JSON Schema of a blueprint file (`schemas/blueprint.schema.json`).
pub const SCHEMA: &str = include_str!("../../schemas/blueprint.schema.json");
