//! Per-region overrides (`environments.{env}.overrides.{region}`): for each environment ×
//! region that has some, the app's documents are merged with the override into one synthetic
//! app document, which goes through the same checks as a blueprint: the JSON Schema (so a
//! wrong type in an override is `FF01xx` at the override), the model, then every semantic rule.
//! The synthetic document's span index takes each value's span from where it was written (the
//! override where it set the value, the service's file elsewhere), so diagnostics point at the
//! right file and line. Problems already reported for the app itself are not repeated.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::context::Context;
use super::{rules, schema};
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::model::{App, AppFile};
use crate::source::{Document, SpanIndex, escape_token};

/// Checks every environment × region with overrides; returns the merged app of each, by
/// (environment, region). Appends new problems to `diags`.
pub fn resolve(
    sources: &SourceMap,
    ctx: &Context<'_>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<(String, String), App> {
    let mut regional = BTreeMap::new();
    for (env, e) in &ctx.app.environments {
        for (region, partial) in &e.overrides {
            // FF0422 reports overrides of regions the environment does not deploy to.
            if !e.regions.contains(region) {
                continue;
            }
            let doc = synthetic(ctx, env, region, partial);
            let mut found = schema::validate(&doc, sources);
            let app = if found.is_empty() {
                match serde_json::from_value::<AppFile>(doc.value.clone()) {
                    Ok(file) => Some(merged_app(&ctx.app, env, file)),
                    Err(err) => {
                        found.push(super::model_rejects(
                            &format!("the overrides of `{region}` do not match the blueprint model: {err}"),
                            ctx.app_key_span(&override_pointer(env, region)),
                            "in these overrides",
                        ));
                        None
                    }
                }
            } else {
                None
            };
            if let Some(app) = app {
                let docs =
                    |names: Vec<&String>| names.into_iter().map(|n| (n.clone(), &doc)).collect();
                let target_ctx = Context::new(
                    sources,
                    app,
                    &doc,
                    docs(ctx.app.services.keys().collect()),
                    docs(ctx.app.jobs.keys().collect()),
                )
                .only(env, region);
                found.extend(rules::run(&target_ctx));
                regional.insert((env.clone(), region.clone()), target_ctx.app);
            }
            for mut d in found {
                if !diags.iter().any(|seen| same(seen, &d)) {
                    d.message = format!(
                        "{} (`{region}` of environment `{env}`, with its overrides)",
                        d.message
                    );
                    diags.push(d);
                }
            }
        }
    }
    regional
}

/// Two diagnostics about the same problem at the same place (labels' texts may differ).
fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code
        && a.message == b.message
        && a.labels.first().map(|l| l.span) == b.labels.first().map(|l| l.span)
}

/// `/environments/{env}/overrides/{region}`.
pub fn override_pointer(env: &str, region: &str) -> String {
    format!(
        "/environments/{}/overrides/{}",
        escape_token(env),
        escape_token(region)
    )
}

/// The app merged with one region's overrides: the other settings stay the app's. Only
/// `env` is kept, so rules that walk environments judge the merged values where they apply.
fn merged_app(base: &App, env: &str, file: AppFile) -> App {
    let environments = base
        .environments
        .iter()
        .filter(|(name, _)| *name == env)
        .map(|(name, e)| (name.clone(), e.clone()))
        .collect();
    App {
        environments,
        tags: file.tags,
        cluster: file.cluster.unwrap_or_default(),
        ingress: file.ingress,
        services: file.services,
        jobs: file.jobs,
        ..base.clone()
    }
}

/// One app document holding every service and job of the app with `partial` merged over it,
/// and a span index pointing each value at the file and place it was written.
fn synthetic(ctx: &Context<'_>, env: &str, region: &str, partial: &Map<String, Value>) -> Document {
    let app_doc = ctx.app_doc;
    let mut value = app_doc.value.clone();
    let mut nodes: BTreeMap<String, _> = app_doc
        .spans
        .nodes
        .iter()
        .filter(|(p, _)| !p.starts_with("/services/") && !p.starts_with("/jobs/"))
        .map(|(p, n)| (p.clone(), *n))
        .collect();
    for (section, docs) in [("services", &ctx.service_docs), ("jobs", &ctx.job_docs)] {
        let mut all = Map::new();
        for (name, doc) in docs {
            let pointer = format!("/{section}/{}", escape_token(name));
            if let Some(v) = doc.value.pointer(&pointer) {
                all.insert(name.clone(), v.clone());
            }
            for (p, n) in doc.spans.nodes.range(pointer.clone()..) {
                if p != &pointer && !p.starts_with(&format!("{pointer}/")) {
                    break;
                }
                nodes.insert(p.clone(), *n);
            }
        }
        if let Value::Object(map) = &mut value {
            map.insert(section.to_owned(), Value::Object(all));
        }
    }
    let prefix = override_pointer(env, region);
    for (p, n) in app_doc.spans.nodes.range(format!("{prefix}/")..) {
        let Some(rest) = p.strip_prefix(&prefix).filter(|r| r.starts_with('/')) else {
            break;
        };
        // A map that merges into an existing one keeps the original's span; a replaced or new
        // value points at the override.
        let merges = app_doc.value.pointer(p).is_some_and(Value::is_object)
            && value.pointer(rest).is_some_and(Value::is_object);
        if !merges {
            nodes.insert(rest.to_owned(), *n);
        }
    }
    for (key, part) in partial {
        if let Some(map) = value.as_object_mut() {
            merge(map.entry(key.clone()).or_insert(Value::Null), part);
        }
    }
    Document {
        file: app_doc.file,
        value,
        spans: SpanIndex { nodes },
    }
}

/// Merges `over` into `base`: maps key by key, anything else replaces.
fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (b, o) => *b = o.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn merge_maps_by_key_and_replaces_the_rest() {
        let mut base = json!({"count": 6, "env": {"A": "1", "B": "2"}, "ports": [1, 2]});
        merge(
            &mut base,
            &json!({"count": 2, "env": {"B": "3"}, "ports": [3]}),
        );
        assert_eq!(
            base,
            json!({"count": 2, "env": {"A": "1", "B": "3"}, "ports": [3]})
        );
    }

    #[test]
    fn the_checked_app_carries_the_merged_app_of_each_region_with_overrides() {
        let file = json!({
            "blueprint": 1, "app": "shop",
            "environments": {
                "prod": {"regions": ["us-east-1", "eu-west-1"],
                    "overrides": {"eu-west-1": {"services": {"web": {"count": 1, "env": {"B": "2"}}}}}},
                "test": {"regions": ["us-east-1"]}
            },
            "services": {"web": {"image": "web:1.0", "cpu": 256, "memory": 512, "count": 3, "env": {"A": "1"}}}
        });
        let doc = Document {
            file: crate::diagnostic::FileId(0),
            value: file,
            spans: SpanIndex::default(),
        };
        let (apps, diags) = crate::check::check(&SourceMap::default(), &[doc]);
        assert!(diags.is_empty(), "{diags:?}");
        let app = &apps[0];
        assert!(app.has_overrides());
        let web = |env: &str, region: &str| {
            app.target_app(env, region).services["web"]
                .service()
                .clone()
        };
        assert_eq!(web("prod", "us-east-1").count, 3);
        assert_eq!(web("test", "us-east-1").count, 3);
        let merged = web("prod", "eu-west-1");
        assert_eq!(merged.count, 1);
        let env = merged.env.unwrap_or_default();
        assert_eq!(env.keys().collect::<Vec<_>>(), ["A", "B"]);
    }
}
