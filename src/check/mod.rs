//! Validation: JSON Schema first, then semantic rules. All problems are collected; only a
//! blueprint without errors becomes a [`Validated`] app, the only input lowering accepts.
//!
//! (Interface stub: implementation pending.)

use crate::diagnostic::{Diagnostic, SourceMap};
use crate::model::App;
use crate::source::Document;

/// A blueprint that passed every check. Only this module can make one.
#[derive(Debug, Clone)]
pub struct Validated<T>(T);

impl<T> Validated<T> {
    pub(crate) fn new_unchecked(value: T) -> Self {
        Self(value)
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
    let _ = (sources, docs);
    (Vec::new(), Vec::new())
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
    &[]
}

/// The JSON Schema of a blueprint file (`schemas/blueprint.schema.json`).
pub const SCHEMA: &str = include_str!("../../schemas/blueprint.schema.json");
