//! Merging files into apps: documents are grouped by `app`; exactly one file of each app (the
//! app file) has `environments`, and services are unioned from every file (FF0201-FF0203,
//! FF0208). A service split across files is the monorepo layout; the same service in two files
//! is an error because which definition wins would depend on file order.

use std::collections::BTreeMap;

use super::context::Context;
use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::model::{App, AppFile};
use crate::source::{Document, escape_token};

/// Keys only the app file may carry.
const APP_ONLY: &[&str] = &["include", "vars", "tag", "tags", "cluster", "ingress"];

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
        let mut d = Diagnostic::error("FF0202", format!("app `{}` has no app file", group.name))
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
            Diagnostic::error("FF0203", format!("app `{}` has two app files", group.name))
                .label(key(second, "/environments"), "second app file")
                .label(key(app_doc, "/environments"), "first app file")
                .help("keep `environments` (and the other app settings) in one file; the others may only define `services`"),
        );
    }
    app_settings_in_service_files(group, app_doc, diags);

    // Services: the first definition (in file order) is kept; later ones are errors.
    let mut first_seen: BTreeMap<String, &Document> = BTreeMap::new();
    for (doc, _) in &group.members {
        let Some(services) = doc
            .value
            .get("services")
            .and_then(serde_json::Value::as_object)
        else {
            continue;
        };
        for name in services.keys() {
            let pointer = format!("/services/{}", escape_token(name));
            if let Some(first) = first_seen.get(name) {
                diags.push(
                    Diagnostic::error("FF0201", format!("service `{name}` is defined twice"))
                        .label(key(doc, &pointer), "defined again here")
                        .label(key(first, &pointer), "first defined here")
                        .help("keep one definition: a service lives in exactly one file"),
                );
            } else {
                first_seen.insert(name.clone(), doc);
            }
        }
    }

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
        services: BTreeMap::new(),
    };
    let mut service_docs = BTreeMap::new();
    for (doc, file) in &group.members {
        let Some(file) = file else { continue };
        for (name, service) in &file.services {
            let owner = first_seen.get(name).copied();
            if owner.is_some_and(|o| std::ptr::eq(o, *doc)) {
                app.services.insert(name.clone(), service.clone());
                service_docs.insert(name.clone(), *doc);
            }
        }
    }
    Some(Context {
        sources,
        app,
        app_doc,
        service_docs,
        aliased: std::cell::RefCell::default(),
    })
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
                    Diagnostic::error("FF0208", format!("`{k}` is only allowed in the app file"))
                        .label(key(doc, &format!("/{k}")), "in a service file")
                        .label(key(app_doc, "/environments"), "the app file")
                        .help(format!("move `{k}` to the app file of `{}`", group.name)),
                );
            }
        }
    }
}
