//! Merging files into apps: documents are grouped by `app`; exactly one file of each app (the
//! app file) has `environments`, and services and jobs are unioned from every file (FF0201-FF0203,
//! FF0208, FF0370, FF0371). A service split across files is the monorepo layout; the same
//! service (or job) in two files is an error because which definition wins would depend on file
//! order, and a job may not share a service's name because both make the stack
//! `{app}-{env}-{name}`.

use std::collections::BTreeMap;

use super::context::Context;
use crate::diagnostic::{Code, Diagnostic, SourceMap, Span};
use crate::model::{App, AppFile, SourceFiles, relative_to};
use crate::source::{Document, escape_token};

/// Keys only the app file may carry.
const APP_ONLY: &[&str] = &[
    "include",
    "vars",
    "tag",
    "tags",
    "cluster",
    "ingress",
    "discovery",
    "alarms",
    "dashboard",
    "config",
    "pipeline",
];

/// The documents of one app: each with its deserialized file when it passed the schema.
pub struct Group<'a> {
    pub name: String,
    pub members: Vec<(&'a Document, Option<&'a AppFile>)>,
}

/// Groups documents by their `app` string, in order of first appearance. Documents without
/// one are left out (the schema already reported them).
pub fn group<'a>(docs: &'a [Document], files: &'a [Option<AppFile>]) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for (doc, file) in docs.iter().zip(files) {
        let Some(name) = doc.value.get("app").and_then(serde_json::Value::as_str) else {
            continue;
        };
        let member = (doc, file.as_ref());
        match groups.iter_mut().find(|g| g.name == name) {
            Some(g) => g.members.push(member),
            None => groups.push(Group {
                name: name.to_owned(),
                members: vec![member],
            }),
        }
    }
    groups
}

fn is_app_file(doc: &Document) -> bool {
    doc.value.get("environments").is_some_and(|e| !e.is_null())
}

fn key(doc: &Document, pointer: &str) -> Span {
    doc.spans
        .key_span(pointer)
        .unwrap_or(Span::new(doc.file, 0, 0))
}

fn value(doc: &Document, pointer: &str) -> Span {
    doc.spans
        .value_span(pointer)
        .unwrap_or(Span::new(doc.file, 0, 0))
}

/// Merges one app's files. Returns the context for the rules when the app file passed the
/// schema, plus the structural problems found. `complete` is false when some file of the build
/// did not parse: it may be the missing app file, so FF0202 would only add noise.
pub fn merge<'a>(
    complete: bool,
    sources: &'a SourceMap,
    group: &Group<'a>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Context<'a>> {
    let app_docs: Vec<&Document> = group
        .members
        .iter()
        .map(|(d, _)| *d)
        .filter(|d| is_app_file(d))
        .collect();
    let Some(app_doc) = app_docs.first().copied() else {
        if !complete {
            return None;
        }
        let first = group.members[0].0;
        let mut d = Diagnostic::error(
            Code::FF0202,
            format!("app `{}` has no app file", group.name),
        )
        .label(
            value(first, "/app"),
            "no file of this app has `environments`",
        );
        for (other, _) in &group.members[1..] {
            d = d.label(value(other, "/app"), "also names this app");
        }
        diags.push(d.help(format!(
            "add `environments` to one file of app `{}`, or include that app file in the build",
            group.name
        )));
        return None;
    };
    for second in &app_docs[1..] {
        diags.push(
            Diagnostic::error(Code::FF0203, format!("app `{}` has two app files", group.name))
                .label(key(second, "/environments"), "second app file")
                .label(key(app_doc, "/environments"), "first app file")
                .help("keep `environments` (and the other app settings) in one file; the others may only define `services`"),
        );
    }
    app_settings_in_service_files(group, app_doc, diags);

    // Services and jobs: the first definition (in file order) is kept; later ones are errors.
    let first_seen = first_definitions(group, "services", Code::FF0201, "service", diags);
    let first_job = first_definitions(group, "jobs", Code::FF0370, "job", diags);
    jobs_named_like_services(&first_seen, &first_job, diags);

    let app_file = group
        .members
        .iter()
        .find(|(d, _)| std::ptr::eq(*d, app_doc))
        .and_then(|(_, f)| *f)?;
    let mut app = App {
        name: group.name.clone(),
        vars: app_file.vars.clone(),
        tag: app_file.tag.clone(),
        tags: app_file.tags.clone(),
        environments: app_file.environments.clone().unwrap_or_default(),
        cluster: app_file.cluster.clone().unwrap_or_default(),
        ingress: app_file.ingress.clone(),
        discovery: app_file.discovery,
        alarms: app_file.alarms.clone(),
        dashboard: app_file.dashboard,
        config: app_file.config.clone(),
        pipeline: app_file.pipeline.clone(),
        services: BTreeMap::new(),
        jobs: BTreeMap::new(),
        files: SourceFiles {
            app: file_name(sources, app_doc, app_doc),
            ..SourceFiles::default()
        },
    };
    let mut service_docs = BTreeMap::new();
    let mut job_docs = BTreeMap::new();
    for (doc, file) in &group.members {
        let Some(file) = file else { continue };
        let owns = |seen: &BTreeMap<String, &Document>, name: &String| {
            seen.get(name).is_some_and(|o| std::ptr::eq(*o, *doc))
        };
        for (name, service) in &file.services {
            if owns(&first_seen, name) {
                app.services.insert(name.clone(), service.clone());
                let path = file_name(sources, doc, app_doc);
                app.files.services.insert(name.clone(), path);
                service_docs.insert(name.clone(), *doc);
            }
        }
        for (name, job) in &file.jobs {
            if owns(&first_job, name) {
                app.jobs.insert(name.clone(), job.clone());
                let path = file_name(sources, doc, app_doc);
                app.files.jobs.insert(name.clone(), path);
                job_docs.insert(name.clone(), *doc);
            }
        }
    }
    Some(Context::new(sources, app, app_doc, service_docs, job_docs))
}

/// The path of `doc`'s file relative to the app file's directory (empty for a document whose
/// file is not in `sources`, as in tests that parse text without a file).
fn file_name(sources: &SourceMap, doc: &Document, app_doc: &Document) -> String {
    let name = |d: &Document| {
        sources
            .ids()
            .any(|id| id == d.file)
            .then(|| sources.get(d.file).name.clone())
    };
    match (name(doc), name(app_doc)) {
        (Some(file), Some(app)) => relative_to(&file, &app),
        _ => String::new(),
    }
}

/// The first document (in file order) defining each name under `section`; every later
/// definition is reported with `code` (FF0201 for services, FF0370 for jobs).
fn first_definitions<'a>(
    group: &Group<'a>,
    section: &str,
    code: Code,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, &'a Document> {
    let mut first_seen: BTreeMap<String, &Document> = BTreeMap::new();
    for (doc, _) in &group.members {
        let Some(names) = doc
            .value
            .get(section)
            .and_then(serde_json::Value::as_object)
        else {
            continue;
        };
        for name in names.keys() {
            let pointer = format!("/{section}/{}", escape_token(name));
            if let Some(first) = first_seen.get(name) {
                diags.push(
                    Diagnostic::error(code, format!("{what} `{name}` is defined twice"))
                        .label(key(doc, &pointer), "defined again here")
                        .label(key(first, &pointer), "first defined here")
                        .help(format!(
                            "keep one definition: a {what} lives in exactly one file"
                        )),
                );
            } else {
                first_seen.insert(name.clone(), doc);
            }
        }
    }
    first_seen
}

/// FF0371: a job with a service's name. Both would be the stack `{app}-{env}-{name}` (and
/// the task family and log group of that name), so deploying one replaces the other.
fn jobs_named_like_services(
    services: &BTreeMap<String, &Document>,
    jobs: &BTreeMap<String, &Document>,
    diags: &mut Vec<Diagnostic>,
) {
    for (name, job_doc) in jobs {
        let Some(service_doc) = services.get(name) else {
            continue;
        };
        let escaped = escape_token(name);
        diags.push(
            Diagnostic::error(
                Code::FF0371,
                format!("job `{name}` has the name of service `{name}`"),
            )
            .label(key(job_doc, &format!("/jobs/{escaped}")), "job defined here")
            .label(
                key(service_doc, &format!("/services/{escaped}")),
                "service of the same name",
            )
            .help(format!(
                "rename the job (e.g. `{name}-job`): services and jobs share the stack names `{{app}}-{{env}}-{{name}}`"
            )),
        );
    }
}

/// FF0208: app-level keys in a service file.
fn app_settings_in_service_files(
    group: &Group<'_>,
    app_doc: &Document,
    diags: &mut Vec<Diagnostic>,
) {
    for (doc, _) in &group.members {
        if is_app_file(doc) {
            continue;
        }
        for k in APP_ONLY {
            if doc.value.get(*k).is_some() {
                diags.push(
                    Diagnostic::error(
                        Code::FF0208,
                        format!("`{k}` is only allowed in the app file"),
                    )
                    .label(key(doc, &format!("/{k}")), "in a service file")
                    .label(key(app_doc, "/environments"), "the app file")
                    .help(format!("move `{k}` to the app file of `{}`", group.name)),
                );
            }
        }
    }
}
