//! fleetform: compile app blueprints into deterministic CloudFormation stacks for Amazon ECS.
//!
//! The flow runs one way: [`source`] (YAML text → JSON value + span index) → [`check`] (JSON
//! Schema, then semantic rules, into a [`resolved::App`]) → [`lower`] (CloudFormation IR in
//! [`cfn`]) → [`emit`] (bytes) → [`stackset`] (StackSet templates from the regions' emitted
//! templates). [`compile`] is the whole pipeline as a pure function; all file and terminal I/O
//! lives in the binary's `cli` module. Modules import in the layer order of ARCHITECTURE.md,
//! which `tests/layers.rs` enforces.

pub mod cfn;
pub mod check;
mod collisions;
pub mod copy;
pub mod diagnostic;
pub mod diff;
pub mod distance;
pub mod docgen;
pub mod emit;
pub mod fargate;
pub mod graph;
pub mod import;
mod interp;
mod layout;
pub mod limits;
mod lower;
pub mod model;
mod naming;
mod output;
pub mod parallel;
pub mod partition;
mod placement;
pub mod resolved;
mod secrets;
pub mod source;
pub mod stackset;

use std::collections::BTreeMap;

use diagnostic::{Diagnostic, SourceMap};
pub use emit::Format;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub format: Format,
    /// Caps on the number of stacks and bytes one build emits (FF0905, FF0906).
    pub caps: limits::OutputCaps,
    /// The time of the build, for warnings about scheduled actions that would never run
    /// (FF0475). `None` skips them, so the same inputs always give the same result; the CLI
    /// sets it from the clock or `FLEETFORM_NOW`.
    pub now: Option<jiff::Timestamp>,
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
    let (apps, mut check_diags) = check::check_at(sources, &docs, options.now);
    diags.append(&mut check_diags);
    diagnostic::sort(&mut diags);
    if diagnostic::has_errors(&diags) {
        return Err(diags);
    }
    let mut build = Build::default();
    let mut origins = Vec::new();
    let (mut stack_count, mut bytes) = (0, 0);
    let mut over_cap = false;
    for app in &apps {
        if over_cap {
            // Counted only, so the cap's message can say how many stacks the build needs.
            let stacks = lower::lower(app);
            stack_count += stacks.len() + lower::pipeline::lower(app, &stacks).len();
            continue;
        }
        let (stacks, emitted) = lower_and_emit(app, options.format);
        stack_count += stacks.len();
        let app_file = app_doc(&docs, &app.name);
        let multipliers = multipliers(app_file);
        if stack_count > options.caps.max_stacks {
            over_cap = true;
            continue;
        }
        add_origins(app, &stacks, app_file, &mut origins);
        let (paths, mut manifest, mut problems) = output::write_app(
            &app.name,
            &stacks,
            emitted,
            options.format,
            &mut build.files,
        );
        diags.append(&mut problems);
        manifest.add_sources(lower::pipeline::stack_sources(app, &stacks));
        if stacksets(app) {
            let texts: Vec<(&lower::Stack, &str)> = stacks
                .iter()
                .zip(&paths)
                .map(|(s, p)| (s, build.files[p].as_str()))
                .collect();
            let span = |env: &str| stackset_span(&docs, &app.name, env);
            let (sets, mut problems) = stackset::build(app, &texts, &span);
            diags.append(&mut problems);
            stackset::write(&sets, options.format, &mut build.files, &mut manifest);
        }
        manifest.write(&mut build.files);
        build.apps.push(app.name.clone());
        // Paths are `{app}/…`, so this app's files are exactly those under its prefix.
        let prefix = format!("{}/", app.name);
        bytes += build
            .files
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .map(|(_, t)| t.len())
            .sum::<usize>();
        if bytes > options.caps.max_bytes {
            diags.push(limits::too_much_output(
                &app.name,
                bytes,
                options.caps,
                multipliers,
            ));
            break;
        }
    }
    if over_cap {
        let (app, targets, services) = largest(&apps);
        diags.push(limits::too_many_stacks(
            &app.name,
            stack_count,
            targets,
            services,
            options.caps,
            multipliers(app_doc(&docs, &app.name)),
        ));
    }
    diags.extend(collisions::check(&origins));
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
pub fn build_without_overrides(app: &resolved::App) -> BTreeMap<String, String> {
    let mut stacks = lower::lower(&app.without_overrides());
    let emitted = output::emit_all(&mut stacks, Format::Json, false);
    let mut files = BTreeMap::new();
    output::write_app(&app.name, &stacks, emitted, Format::Json, &mut files);
    files
}

/// Whether `app` has StackSet environments, whose stage compares the regions' templates.
fn stacksets(app: &resolved::App) -> bool {
    app.environments.values().any(|e| e.stackset.is_some())
}

/// An app's stacks, lowered and emitted in one pass (see [`lower::lower_each`]), its pipeline
/// stacks last: they deploy the stacks before them, so they are lowered from those, through
/// what each template needs its deploy role to grant ([`lower::pipeline::TemplateSummary`]).
/// Each stack's template is dropped once it is text, unless the StackSet stage needs it.
fn lower_and_emit(
    app: &resolved::App,
    format: Format,
) -> (Vec<lower::Stack>, Vec<output::Emitted>) {
    let keep = stacksets(app);
    let pipeline = app.base().pipeline.is_some();
    let lowered = lower::lower_each(app, |stack| {
        let summary = pipeline.then(|| lower::pipeline::TemplateSummary::of(&stack.template));
        (output::emit_stack(stack, format, keep), summary)
    });
    let (mut stacks, finished): (Vec<_>, Vec<_>) = lowered.into_iter().unzip();
    let (mut emitted, summaries): (Vec<_>, Vec<_>) = finished.into_iter().unzip();
    if pipeline {
        let summaries: Vec<_> = summaries
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        let mut pipelines = lower::pipeline::lower_summarized(app, &stacks, &summaries);
        emitted.extend(output::emit_all(&mut pipelines, format, keep));
        stacks.extend(pipelines);
    }
    (stacks, emitted)
}

/// Where each of `app`'s stacks comes from, for the name collision check.
fn add_origins<'a>(
    app: &'a resolved::App,
    stacks: &[lower::Stack],
    app_file: Option<&source::Document>,
    origins: &mut Vec<collisions::Origin<'a>>,
) {
    // Spans by environment, looked up once each ("" is the pipeline).
    let mut spans: BTreeMap<&str, Option<diagnostic::Span>> = BTreeMap::new();
    for stack in stacks {
        let span = *spans
            .entry(stack.environment.as_str())
            .or_insert_with(|| app_file.and_then(|d| origin_span(d, &stack.environment)));
        origins.push(collisions::Origin {
            app,
            name: stack.name.clone(),
            region: stack.region.clone(),
            environment: stack.environment.clone(),
            span,
        });
    }
}

/// The app file of `app`: the document with its `environments`.
fn app_doc<'d>(docs: &'d [source::Document], app: &str) -> Option<&'d source::Document> {
    docs.iter().find(|d| {
        d.value.get("app").and_then(serde_json::Value::as_str) == Some(app)
            && d.value
                .get("environments")
                .is_some_and(serde_json::Value::is_object)
    })
}

/// What multiplies the stacks of an app: the `environments` and `services` keys of its app file.
fn multipliers(doc: Option<&source::Document>) -> limits::Multipliers {
    limits::Multipliers {
        environments: doc.and_then(|d| d.spans.key_span("/environments")),
        services: doc.and_then(|d| d.spans.key_span("/services")),
    }
}

/// Where a stack of `env` gets its name in the app file `doc`: the environment's key, or for a
/// pipeline stack (no environment) the `pipeline` key.
fn origin_span(doc: &source::Document, env: &str) -> Option<diagnostic::Span> {
    if env.is_empty() {
        return doc
            .spans
            .key_span("/pipeline")
            .or_else(|| doc.spans.lookup("/app").map(|n| n.value));
    }
    doc.spans
        .key_span(&format!("/environments/{}", source::escape_token(env)))
}

/// The app with the most stacks (environment × region pairs × services and jobs), with those
/// two numbers, for FF0905.
fn largest(apps: &[resolved::App]) -> (&resolved::App, usize, usize) {
    let size = |app: &resolved::App| (app.targets().count(), app.services.len() + app.jobs.len());
    let app = apps
        .iter()
        .max_by_key(|a| {
            let (t, s) = size(a);
            t * (s + 2)
        })
        .expect("a build over the cap has an app");
    let (targets, services) = size(app);
    (app, targets, services)
}

/// The span of `environments.{env}.stackset` in the app file of `app`.
fn stackset_span(docs: &[source::Document], app: &str, env: &str) -> Option<diagnostic::Span> {
    let doc = app_doc(docs, app)?;
    doc.spans.key_span(&format!(
        "/environments/{}/stackset",
        source::escape_token(env)
    ))
}

/// The `include` entries of one file with where each is written, for the CLI to gather more
/// files before compiling (and to point at an entry it refuses). A file that does not parse has
/// none (its errors surface in [`compile`]).
pub fn includes(file: diagnostic::FileId, text: &str) -> Vec<(String, diagnostic::Span)> {
    // Parsing is the whole cost, and most files (service files) include nothing; a key can only
    // hide its name from this test behind an escape in a quoted scalar.
    if !text.contains("include") && !text.contains('\\') {
        return Vec::new();
    }
    let Ok(doc) = source::parse(file, text) else {
        return Vec::new();
    };
    let Some(items) = doc
        .value
        .get("include")
        .and_then(serde_json::Value::as_array)
    else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let entry = v.as_str()?.to_owned();
            let span = doc.spans.value_span(&format!("/include/{i}"))?;
            Some((entry, span))
        })
        .collect()
}
