//! Overrides (`environments.{env}.overrides.{region}`, and `overrides.all` under each region's
//! own): for each environment × region that has some, the app's documents are merged with the
//! region's override ([`crate::model::for_region`]) into one synthetic
//! app document, which goes through the same checks as a blueprint: the JSON Schema (so a
//! wrong type in an override is `FF01xx` at the override), then every semantic rule. The
//! region's typed app is [`RegionOverride::apply`]: the app's typed values, with each
//! definition the override changes read back from its merged value.
//! The synthetic document's span index takes each value's span from where it was written (the
//! override where it set the value, the service's file elsewhere), so diagnostics point at the
//! right file and line. Problems already reported for the app itself are not repeated.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::context::Context;
use super::{rules, schema};
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::model::{App, EVERY_REGION, Environment, RegionOverride, for_region, merge};
use crate::source::{Document, SpanIndex, escape_token, unescape_token};

/// Checks every environment × region with overrides; returns the merged app of each, by
/// (environment, region). Appends new problems to `diags`.
pub fn resolve(
    sources: &SourceMap,
    ctx: &Context<'_>,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<(String, String), App> {
    let mut regional = BTreeMap::new();
    for (env, e) in &ctx.app.environments {
        // FF0422 reports overrides of regions the environment does not deploy to.
        let mut regions: Vec<&String> = e.regions.iter().collect();
        regions.sort();
        regions.dedup();
        // Problems of `all` come out in every region: each is reported once per environment.
        let mut reported: Vec<Diagnostic> = Vec::new();
        for region in regions {
            let Some(partial) = for_region(&e.overrides, region) else {
                continue;
            };
            let partial = &partial;
            let (written, doc) = synthetic(ctx, env, region, partial);
            let mut found = schema::validate(&doc, sources);
            let app = if found.is_empty() {
                match partial.apply(&ctx.app, env, &written) {
                    Ok(app) => Some(app),
                    Err(err) => {
                        found.push(super::model_rejects(
                            &format!("the overrides of `{region}` do not match the blueprint model: {err}"),
                            ctx.app_key_span(&written_pointer(e, env, region)),
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
                if !diags.iter().chain(&reported).any(|seen| same(seen, &d)) {
                    reported.push(d.clone());
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

/// Where the override of `region` is written: its own, else the environment's `all`.
fn written_pointer(e: &Environment, env: &str, region: &str) -> String {
    let key = if e.overrides.contains_key(region) {
        region
    } else {
        EVERY_REGION
    };
    override_pointer(env, key)
}

/// `/environments/{env}/overrides/{region}`.
pub fn override_pointer(env: &str, region: &str) -> String {
    format!(
        "/environments/{}/overrides/{}",
        escape_token(env),
        escape_token(region)
    )
}

/// The app's JSON with every service and job as written, and one app document holding that
/// with `partial` merged over it, with a span index pointing each value at the file and place
/// it was written.
fn synthetic(
    ctx: &Context<'_>,
    env: &str,
    region: &str,
    partial: &RegionOverride,
) -> (Value, Document) {
    let app_doc = ctx.app_doc;
    let mut value = app_doc.value.clone();
    let mut nodes: HashMap<String, _> = app_doc
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
            if let Some(v) = crate::source::pointer(&doc.value, &pointer) {
                all.insert(name.clone(), v.clone());
            }
        }
        // Each file's spans are read once, whatever number of services it defines: the
        // spans of `/{section}/{name}…` come from the file that defines `name`.
        let mut files: Vec<&Document> = docs.values().copied().collect();
        files.sort_by_key(|d| d.file);
        files.dedup_by_key(|d| d.file);
        for doc in files {
            for (p, n) in &doc.spans.nodes {
                let Some(rest) = p
                    .strip_prefix('/')
                    .and_then(|r| r.strip_prefix(section))
                    .and_then(|r| r.strip_prefix('/'))
                else {
                    continue;
                };
                let name = rest.split('/').next().unwrap_or_default();
                if docs
                    .get(unescape_token(name).as_ref())
                    .is_some_and(|d| d.file == doc.file)
                {
                    nodes.insert(p.clone(), *n);
                }
            }
        }
        if let Value::Object(map) = &mut value {
            map.insert(section.to_owned(), Value::Object(all));
        }
    }
    let written = value.clone();
    // `all` first, so a value the region's own override sets again points there.
    let mut so_far = value.clone();
    for key in [EVERY_REGION, region] {
        let prefix = override_pointer(env, key);
        for (p, n) in &app_doc.spans.nodes {
            let Some(rest) = p.strip_prefix(&prefix).filter(|r| r.starts_with('/')) else {
                continue;
            };
            // A map that merges into an existing one keeps the original's span; a replaced or
            // new value points at the override.
            let merges = crate::source::pointer(&app_doc.value, p).is_some_and(Value::is_object)
                && crate::source::pointer(&so_far, rest).is_some_and(Value::is_object);
            if !merges {
                nodes.insert(rest.to_owned(), *n);
            }
        }
        if let (Some(own), Some(map)) = (
            ctx.app
                .environments
                .get(env)
                .and_then(|e| e.overrides.get(key)),
            so_far.as_object_mut(),
        ) {
            for (section, part) in own.sections() {
                merge(map.entry(section.to_owned()).or_insert(Value::Null), &part);
            }
        }
    }
    for (key, part) in partial.sections() {
        if let Some(map) = value.as_object_mut() {
            merge(map.entry(key.to_owned()).or_insert(Value::Null), &part);
        }
    }
    let doc = Document {
        file: app_doc.file,
        value,
        spans: SpanIndex { nodes },
    };
    (written, doc)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The checked apps of one blueprint given as JSON, which must have no problem.
    fn checked(file: Value) -> Vec<crate::resolved::App> {
        let doc = Document {
            file: crate::diagnostic::FileId(0),
            value: file,
            spans: SpanIndex::default(),
        };
        let (apps, diags) = crate::check::check(&SourceMap::default(), &[doc]);
        assert!(diags.is_empty(), "{diags:?}");
        apps
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
        let apps = checked(file);
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

    /// `overrides.all` applies in every region of its environment, under each region's own
    /// override, and nowhere else.
    #[test]
    fn all_applies_in_every_region_under_the_regions_own() {
        let file = json!({
            "blueprint": 1, "app": "shop",
            "environments": {
                "prod": {"regions": ["us-east-1", "eu-west-1"],
                    "overrides": {
                        "all": {"services": {"web": {"count": 4, "cpu": 512, "memory": 1024}}},
                        "eu-west-1": {"services": {"web": {"count": 2}}}
                    }},
                "test": {"regions": ["us-east-1"]}
            },
            "services": {"web": {"image": "web:1.0", "cpu": 256, "memory": 512, "count": 1}}
        });
        let apps = checked(file);
        let web = |env: &str, region: &str| {
            let s = apps[0].target_app(env, region).services["web"]
                .service()
                .clone();
            (s.count, s.cpu)
        };
        assert_eq!(web("test", "us-east-1"), (1, 256));
        assert_eq!(web("prod", "us-east-1"), (4, 512));
        assert_eq!(web("prod", "eu-west-1"), (2, 512));
        assert!(apps[0].has_overrides_at("prod", "us-east-1"));
        assert!(!apps[0].has_overrides_at("test", "us-east-1"));
    }

    /// Each section an override may set is applied over the typed app: maps (tags, a job's
    /// `env`) merge by key, other values replace, and what the override leaves alone is the
    /// app's own value.
    #[test]
    fn cluster_tags_and_jobs_are_applied_and_the_rest_is_the_apps() {
        let file = json!({
            "blueprint": 1, "app": "shop",
            "tags": {"team": "core", "cost": "a"},
            "cluster": {"insights": "enabled"},
            "environments": {"prod": {"regions": ["us-east-1", "eu-west-1"],
                "overrides": {"eu-west-1": {
                    "tags": {"cost": "b"},
                    "cluster": {"insights": "disabled"},
                    "jobs": {"nightly": {"env": {"B": "2"}, "command": ["run", "eu"]}}
                }}}},
            "services": {"web": {"image": "web:1.0", "cpu": 256, "memory": 512, "count": 3}},
            "jobs": {"nightly": {"image": "job:1.0", "cpu": 256, "memory": 512,
                "command": ["run"], "env": {"A": "1"}}}
        });
        let apps = checked(file);
        let (home, away) = (
            apps[0].target_app("prod", "us-east-1"),
            apps[0].target_app("prod", "eu-west-1"),
        );
        let tags = |app: &App| app.tags.values().cloned().collect::<Vec<_>>();
        assert_eq!(
            (tags(home), tags(away)),
            (
                vec!["a".into(), "core".into()],
                vec!["b".into(), "core".into()]
            )
        );
        assert_eq!(home.cluster.insights, crate::model::Insights::Enabled);
        assert_eq!(away.cluster.insights, crate::model::Insights::Disabled);
        let job = |app: &App| {
            let job = &app.jobs["nightly"];
            let env = job.env.clone().unwrap_or_default();
            (
                job.command.clone().unwrap_or_default(),
                env.into_keys().collect::<Vec<_>>(),
            )
        };
        assert_eq!(job(home), (vec!["run".to_owned()], vec!["A".to_owned()]));
        assert_eq!(
            job(away),
            (
                vec!["run".to_owned(), "eu".to_owned()],
                vec!["A".to_owned(), "B".to_owned()]
            )
        );
        assert_eq!(away.services["web"].count, 3);
    }

    /// A definition that the merge leaves invalid for the model is an error, not a default.
    #[test]
    fn applying_changes_the_model_rejects_is_an_error() {
        let web = json!({"image": "web:1.0", "cpu": 256, "memory": 512, "count": 3});
        let apps = checked(json!({
            "blueprint": 1, "app": "shop",
            "environments": {"prod": {"regions": ["us-east-1"]}},
            "services": {"web": web}
        }));
        let written = json!({"services": {"web": web}});
        let partial: RegionOverride =
            serde_json::from_value(json!({"services": {"web": {"count": "two"}}})).unwrap();
        let err = partial.apply(&apps[0], "prod", &written).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
        let partial: RegionOverride =
            serde_json::from_value(json!({"services": {"web": {"count": 1}}})).unwrap();
        let app = partial.apply(&apps[0], "prod", &written).unwrap();
        assert_eq!(
            (app.services["web"].count, apps[0].services["web"].count),
            (1, 3)
        );
    }
}
