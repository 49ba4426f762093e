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
