//! Which blueprint files shape which stacks, and where those files are in the repository: the
//! monorepo pipelines trigger on every file that shapes a stack they deploy, so a push that
//! changes a stack always starts the pipeline that deploys it.
//!
//! What shapes what (checked against the lowering by `monorepo_tests::a_new_call_starts_every_pipeline_whose_stacks_change`):
//! - the app file: every stack (settings, `vars`, `tags`, environments);
//! - every file: the environment, observability and pipeline stacks;
//! - a service's or job's file: its own stacks, the environment and observability stacks
//!   (caller groups, load balancer rules, dashboards and alarms name services), the stacks of
//!   the services it calls and of those calling it (ingress rules, Service Connect).
//!
//! One exception is left out on purpose: a new route whose listener-rule priority (a hash of
//! the service name) collides with an existing service's moves that service's rule
//! (`naming::priorities`). Starting that service's pipeline would not order the two deploys
//! either, and listing every routed service's file would start every routed pipeline on any
//! routed service's change.

use std::collections::{BTreeMap, BTreeSet};

use crate::lower::StackKind;
use crate::model::{App, Pipeline};

/// The files that shape each stack of an app, with its callers indexed once: asking every
/// service whether it calls the one a stack is for made the manifest of 1,000 services × 6
/// environment-regions ask six million questions (a sixth of the build).
pub(super) struct Shaping<'a> {
    app: &'a App,
    /// The services that call each service.
    callers: BTreeMap<&'a str, Vec<&'a str>>,
}

impl<'a> Shaping<'a> {
    pub(super) fn new(app: &'a App) -> Self {
        let mut callers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, service) in &app.services {
            for callee in &service.calls {
                callers.entry(callee).or_default().push(name);
            }
        }
        Self { app, callers }
    }

    /// The files (relative to the app file's directory) that shape a stack of kind `kind`.
    pub(super) fn of(&self, kind: &StackKind) -> BTreeSet<&'a str> {
        let app = self.app;
        let mut out = BTreeSet::from([app.files.app.as_str()]);
        match kind {
            // A pipeline stack lists every service's pipeline and trigger files.
            StackKind::Environment
            | StackKind::Observability
            | StackKind::Pipeline(_)
            | StackKind::PipelineArtifacts
            | StackKind::PipelineDeploy
            | StackKind::PipelineIam
            | StackKind::PipelineAccount(_)
            | StackKind::Callers(_)
            | StackKind::LoadBalancer(_) => {
                out.extend(app.services.keys().map(|n| app.files.of(n)));
                out.extend(app.jobs.keys().map(|n| app.files.of(n)));
            }
            StackKind::Service(name) => {
                out.insert(app.files.of(name));
                if let Some(service) = app.services.get(name) {
                    out.extend(service.calls.iter().map(|c| app.files.of(c)));
                }
                let callers = self.callers.get(name.as_str()).into_iter().flatten();
                out.extend(callers.map(|n| app.files.of(n)));
            }
            StackKind::Job(name) => {
                out.insert(app.files.of(name));
            }
        }
        out
    }
}

/// The repository directory of the app file: `pipeline.blueprint`, or its parent directory
/// when it names a file; empty for the repository root.
fn blueprint_dir(pipeline: &Pipeline) -> String {
    let b = pipeline.blueprint.trim_end_matches('/');
    let is_file = std::path::Path::new(b)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let dir = if is_file {
        b.rsplit_once('/').map_or("", |(d, _)| d)
    } else {
        b
    };
    normalize(dir)
}

/// `path` with `.` and `x/..` removed (lexically); a path leaving the repository keeps its
/// leading `..` (the trigger then never matches; `validate` does not know the repository).
fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if out.last().is_some_and(|l| *l != "..") => {
                out.pop();
            }
            _ => out.push(part),
        }
    }
    out.join("/")
}

/// The repository path of a blueprint file given relative to the app file's directory.
pub(super) fn repo_path(pipeline: &Pipeline, file: &str) -> String {
    normalize(&format!("{}/{file}", blueprint_dir(pipeline)))
}

/// The repository directory of a blueprint file (empty for the root).
pub(super) fn repo_dir(pipeline: &Pipeline, file: &str) -> String {
    let path = repo_path(pipeline, file);
    path.rsplit_once('/')
        .map_or_else(String::new, |(d, _)| d.to_owned())
}

/// The trigger pattern of everything under the app file's directory.
pub(super) fn blueprint_glob(pipeline: &Pipeline) -> String {
    let dir = blueprint_dir(pipeline);
    if dir.is_empty() {
        "**".to_owned()
    } else {
        format!("{dir}/**")
    }
}

/// Whether a V2 trigger file-path pattern of ours (an exact path, `dir/**` or `**`) matches
/// `path` (a user's `paths` pattern is only compared as a string).
pub(super) fn matches(pattern: &str, path: &str) -> bool {
    pattern == "**"
        || pattern == path
        || pattern
            .strip_suffix("/**")
            .is_some_and(|dir| path.starts_with(&format!("{dir}/")))
}

/// The file-path patterns of a monorepo pipeline's trigger: `patterns` (its directory and
/// `paths`), then every file of `files` that no earlier pattern covers. A V2 trigger takes at
/// most 3 push filters of 8 patterns: past 24 the blueprint files collapse into the app file's
/// directory, and if that is still too many (files outside it), the pipeline runs on every
/// push.
pub(super) fn triggers(
    pipeline: &Pipeline,
    mut patterns: Vec<String>,
    files: &BTreeSet<&str>,
) -> Vec<String> {
    let first = patterns.len();
    for file in files {
        let path = repo_path(pipeline, file);
        if !patterns.iter().any(|p| matches(p, &path)) {
            patterns.push(path);
        }
    }
    if patterns.len() <= MAX_PATTERNS * MAX_FILTERS {
        return patterns;
    }
    let glob = blueprint_glob(pipeline);
    patterns.truncate(first);
    if !patterns.contains(&glob) {
        patterns.push(glob);
    }
    for file in files {
        let path = repo_path(pipeline, file);
        if !patterns.iter().any(|p| matches(p, &path)) {
            patterns.push(path);
        }
    }
    if patterns.len() <= MAX_PATTERNS * MAX_FILTERS {
        patterns
    } else {
        vec!["**".to_owned()]
    }
}

/// File-path patterns per push filter (`GitFilePathFilterCriteria.Includes`, 1–8 items).
pub const MAX_PATTERNS: usize = 8;
/// Push filters per trigger (`GitConfiguration.Push`, 1–3 items).
pub const MAX_FILTERS: usize = 3;
