//! Where a build's files go under the output directory, for the code that writes them
//! ([`crate::output`]) and the pipelines that deploy them ([`crate::lower::pipeline`]), which
//! both sit above it. The whole layout is described in [`crate::output`].

/// The output directory (under `{app}/`) of pipeline stacks.
pub const PIPELINE_DIR: &str = "_pipeline";
