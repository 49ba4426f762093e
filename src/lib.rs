//! fleetform: compile app blueprints into deterministic CloudFormation stacks for Amazon ECS.
//!
//! The flow runs one way: [`source`] (YAML text → JSON value + span index) → [`check`] (JSON
//! Schema, then semantic rules, into a [`check::Validated`] app) → [`lower`] (CloudFormation IR
//! in [`cfn`]) → [`emit`] (bytes). [`compile`] is the whole pipeline as a pure function; all file
//! and terminal I/O lives in the binary's `cli` module.

pub mod cfn;
pub mod check;
pub mod copy;
pub mod diagnostic;
pub mod diff;
pub mod distance;
pub mod docgen;
pub mod emit;
pub mod graph;
pub mod import;
pub mod interp;
pub mod limits;
pub mod lower;
pub mod model;
pub mod output;
pub mod parallel;
pub mod partition;
pub mod placement;
pub mod source;

use std::collections::BTreeMap;

use diagnostic::{Diagnostic, SourceMap};

/// Template file format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Json,
    Yaml,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub format: Format,
}

/// The result of a successful compile: every output file by relative path, plus warnings.
#[derive(Debug, Clone, Default)]
pub struct Build {
    pub files: BTreeMap<String, String>,
    /// The apps built; each owns the `{app}/` directory of the output.
    pub apps: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// Parses every source, validates, lowers and emits. On any error, returns every diagnostic
/// (errors and warnings, sorted) and no output at all.
pub fn compile(sources: &SourceMap, options: &Options) -> Result<Build, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut docs = Vec::new();
    for id in sources.ids() {
        match source::parse(id, &sources.get(id).text) {
            Ok(doc) => docs.push(doc),
            Err(mut d) => diags.append(&mut d),
        }
    }
    let (apps, mut check_diags) = check::check(sources, &docs);
    diags.append(&mut check_diags);
    diagnostic::sort(&mut diags);
    if diagnostic::has_errors(&diags) {
        return Err(diags);
    }
    let mut build = Build::default();
    for app in &apps {
        let mut stacks = lower::lower(app);
        // Pipelines deploy the stacks above, so they are lowered from them, and come last.
        let pipelines = lower::pipeline::lower(app, &stacks);
        stacks.extend(pipelines);
        let (paths, mut manifest) =
            output::write_app(&app.name, &stacks, options.format, &mut build.files);
        manifest.add_sources(
            stacks
                .iter()
                .map(|s| lower::pipeline::shaping_files(app, &s.kind)),
        );
        for (stack, path) in stacks.iter().zip(&paths) {
            diags.extend(limits::check(stack, &build.files[path]));
        }
        if app.environments.values().any(|e| e.stackset.is_some()) {
            let texts: Vec<(&lower::Stack, &str)> = stacks
                .iter()
                .zip(&paths)
                .map(|(s, p)| (s, build.files[p].as_str()))
                .collect();
            let span = |env: &str| stackset_span(&docs, &app.name, env);
            let (sets, mut problems) = lower::stackset::build(app, &texts, &span);
            diags.append(&mut problems);
            output::write_stacksets(&sets, options.format, &mut build.files, &mut manifest);
        }
        manifest.write(&mut build.files);
        build.apps.push(app.name.clone());
    }
    // Limits are known only after lowering; an app over one must not leave partial output.
    if diagnostic::has_errors(&diags) {
        return Err(diags);
    }
    build.warnings = diags;
    Ok(build)
}

/// The environment and service stacks of `app` (templates and configuration files at their
/// usual paths) as if no region had overrides: the baseline `fleetform diff` tells the
/// differences that overrides declare apart with (see [`diff::compare_declared`]).
pub fn build_without_overrides(app: &check::Validated<model::App>) -> BTreeMap<String, String> {
    let stacks = lower::lower(&app.without_overrides());
    let mut files = BTreeMap::new();
    output::write_app(&app.name, &stacks, Format::Json, &mut files);
    files
}

/// The span of `environments.{env}.stackset` in the app file of `app`.
fn stackset_span(docs: &[source::Document], app: &str, env: &str) -> Option<diagnostic::Span> {
    let doc = docs.iter().find(|d| {
        d.value.get("app").and_then(serde_json::Value::as_str) == Some(app)
            && d.value
                .get("environments")
                .is_some_and(serde_json::Value::is_object)
    })?;
    doc.spans.key_span(&format!(
        "/environments/{}/stackset",
        source::escape_token(env)
    ))
}

/// The `include` entries of one file, for the CLI to gather more files before compiling.
/// A file that does not parse has none (its errors surface in [`compile`]).
pub fn includes(text: &str) -> Vec<String> {
    // Parsing is the whole cost, and most files (service files) include nothing; a key can only
    // hide its name from this test behind an escape in a quoted scalar.
    if !text.contains("include") && !text.contains('\\') {
        return Vec::new();
    }
    let Ok(doc) = source::parse(diagnostic::FileId(0), text) else {
        return Vec::new();
    };
    doc.value
        .get("include")
        .and_then(serde_json::Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
