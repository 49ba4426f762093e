//! Overrides of an environment: `environments.{env}.overrides.{region}` is a
//! [`RegionOverride`], the parts of the app (`services`, `jobs`, `cluster`, `ingress`, `tags`)
//! that differ in that region, so any blueprint value (a count, a flag, a list) can differ per
//! region. The key `all` ([`EVERY_REGION`]) holds what differs in every region of the
//! environment (a count, cpu, scaling bounds per environment), written once: a region's app is
//! the app, then `all` merged over it, then that region's own override ([`for_region`]). Its
//! JSON Schema is derived from these types like the rest of the model.
//!
//! Which sections and which names an override changes is typed; what it changes inside one
//! definition is a [`Changes`] mapping, deliberately open: the schema accepts any mapping there
//! and `check` validates the app merged with it, so a wrong value in an override is reported
//! where it was written, in the words the blueprint itself would get. [`RegionOverride::apply`]
//! merges an override over the typed app; the result is
//! [`crate::resolved::App::target_app`] (and each [`crate::resolved::Target`]'s `app`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{App, Cluster, Ingress, Job, Service};

/// Region (or [`EVERY_REGION`]) → what changes in that region.
pub type RegionOverrides = BTreeMap<String, RegionOverride>;

/// The key of `overrides` whose changes apply in every region of the environment, under each
/// region's own.
pub const EVERY_REGION: &str = "all";

/// What changes in `region` of an environment with `overrides`: its `all` override with the
/// region's own merged over it; `None` when neither exists.
pub fn for_region(overrides: &RegionOverrides, region: &str) -> Option<RegionOverride> {
    match (overrides.get(EVERY_REGION), overrides.get(region)) {
        (None, None) => None,
        (Some(only), None) | (None, Some(only)) => Some(only.clone()),
        (Some(all), Some(own)) => Some(all.then(own)),
    }
}

/// Whether `overrides` replace the value at `parts` in `region` (see [`RegionOverride::covers`]):
/// the environment's `all` or the region's own override sets it.
pub fn covered(overrides: &RegionOverrides, region: &str, parts: &[&str]) -> bool {
    [EVERY_REGION, region]
        .iter()
        .filter_map(|key| overrides.get(*key))
        .any(|o| o.covers(parts))
}

/// The keys of the app that an override may set: the fields of [`RegionOverride`].
pub const OVERRIDABLE: &[&str] = &["services", "jobs", "cluster", "ingress", "tags"];

/// What changes in this region of the environment.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionOverride {
    /// Services to change in this region: name → the values that differ.
    #[serde(default)]
    #[schemars(extend("x-values" = CHANGES))]
    pub services: BTreeMap<String, Changes>,
    /// Jobs to change in this region: name → the values that differ.
    #[serde(default)]
    #[schemars(extend("x-values" = CHANGES))]
    pub jobs: BTreeMap<String, Changes>,
    /// Cluster settings that differ in this region (capacity, insights, default strategy).
    pub cluster: Option<Changes>,
    /// Ingress settings that differ in this region.
    pub ingress: Option<Changes>,
    /// Stack tags added or changed in this region.
    pub tags: Option<Changes>,
}

/// The description of one definition's [`Changes`].
const CHANGES: &str = "The values to change, merged over the definition of that name (maps merge key by key; anything else replaces).";

/// The values an override changes in one definition (a service, a job, the cluster, the
/// ingress, the tags): a mapping merged over it key by key, where a mapping merges into a
/// mapping and any other value replaces.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Changes(pub Map<String, Value>);

impl JsonSchema for Changes {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Changes".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "object" })
    }
}

impl Changes {
    /// Merges `over` into these changes (maps key by key, anything else replaces).
    fn merge(&mut self, over: &Self) {
        for (k, v) in &over.0 {
            merge(self.0.entry(k.clone()).or_insert(Value::Null), v);
        }
    }

    /// `base` (a definition as written) with these changes merged over it.
    pub fn over(&self, base: &Value) -> Value {
        let mut merged = base.clone();
        merge(&mut merged, &Value::Object(self.0.clone()));
        merged
    }

    /// Whether these changes replace the value at `parts` (a path inside the definition): they
    /// set that value, or a non-map value on the way to it.
    fn covers(&self, parts: &[&str]) -> bool {
        let Some((first, rest)) = parts.split_first() else {
            return true;
        };
        let Some(mut at) = self.0.get(*first) else {
            return false;
        };
        for part in rest {
            match at {
                Value::Object(map) => match map.get(*part) {
                    Some(v) => at = v,
                    None => return false,
                },
                _ => return true,
            }
        }
        true
    }
}

/// Merges `over` into `base`: maps key by key, anything else replaces.
pub fn merge(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (b, o) => *b = o.clone(),
    }
}

/// A definition with its changes merged over it and read back as its type. `written` is the
/// definition as the blueprint wrote it (`None` where the app has none, as for an app without
/// `cluster`).
fn changed<T: DeserializeOwned>(
    written: Option<&Value>,
    changes: &Changes,
) -> Result<T, serde_json::Error> {
    serde_json::from_value(changes.over(written.unwrap_or(&Value::Null)))
}

impl RegionOverride {
    /// This override with `over` merged over it, section by section and definition by
    /// definition, as [`Changes`] merge (so applying the result is applying `self`, then
    /// `over`).
    #[must_use]
    pub fn then(&self, over: &Self) -> Self {
        let named = |a: &BTreeMap<String, Changes>, b: &BTreeMap<String, Changes>| {
            let mut out = a.clone();
            for (name, changes) in b {
                out.entry(name.clone()).or_default().merge(changes);
            }
            out
        };
        let one = |a: &Option<Changes>, b: &Option<Changes>| match (a, b) {
            (Some(a), Some(b)) => {
                let mut out = a.clone();
                out.merge(b);
                Some(out)
            }
            (a, b) => b.clone().or_else(|| a.clone()),
        };
        Self {
            services: named(&self.services, &over.services),
            jobs: named(&self.jobs, &over.jobs),
            cluster: one(&self.cluster, &over.cluster),
            ingress: one(&self.ingress, &over.ingress),
            tags: one(&self.tags, &over.tags),
        }
    }

    /// The sections this override sets, in [`OVERRIDABLE`] order, each as the mapping merged
    /// over that section of the app (`services`: name → changes).
    pub fn sections(&self) -> Vec<(&'static str, Value)> {
        let named = |defs: &BTreeMap<String, Changes>| {
            Value::Object(
                defs.iter()
                    .map(|(name, c)| (name.clone(), Value::Object(c.0.clone())))
                    .collect(),
            )
        };
        let one = |c: &Option<Changes>| c.as_ref().map(|c| Value::Object(c.0.clone()));
        [
            (
                "services",
                (!self.services.is_empty()).then(|| named(&self.services)),
            ),
            ("jobs", (!self.jobs.is_empty()).then(|| named(&self.jobs))),
            ("cluster", one(&self.cluster)),
            ("ingress", one(&self.ingress)),
            ("tags", one(&self.tags)),
        ]
        .into_iter()
        .filter_map(|(key, v)| v.map(|v| (key, v)))
        .collect()
    }

    /// Whether this override replaces the value at `parts` (a path below the app's top level,
    /// such as `["services", "web", "count"]`): it sets that value, or a non-map value on the
    /// way to it.
    pub fn covers(&self, parts: &[&str]) -> bool {
        let named = |defs: &BTreeMap<String, Changes>, rest: &[&str]| match rest.split_first() {
            Some((name, rest)) => defs.get(*name).is_some_and(|c| c.covers(rest)),
            None => !defs.is_empty(),
        };
        let one = |c: &Option<Changes>, rest: &[&str]| c.as_ref().is_some_and(|c| c.covers(rest));
        match parts.split_first() {
            Some((&"services", rest)) => named(&self.services, rest),
            Some((&"jobs", rest)) => named(&self.jobs, rest),
            Some((&"cluster", rest)) => one(&self.cluster, rest),
            Some((&"ingress", rest)) => one(&self.ingress, rest),
            Some((&"tags", rest)) => one(&self.tags, rest),
            _ => false,
        }
    }

    /// `base` with this override applied: every definition it changes is the definition as
    /// written (`written`, the app's JSON with every service and job) with the changes merged
    /// over it, read back as its type; everything else stays `base`'s typed value. Only `env`
    /// is kept of the environments, so rules that walk environments judge the merged values
    /// where they apply. Fails as the model would on the merged document.
    pub fn apply(&self, base: &App, env: &str, written: &Value) -> Result<App, serde_json::Error> {
        let at = |section: &str| written.get(section);
        let named = |section: &str, name: &str| at(section).and_then(|defs| defs.get(name));
        let mut app = base.clone();
        app.environments.retain(|name, _| name == env);
        for (name, changes) in &self.services {
            let service: Service = changed(named("services", name), changes)?;
            app.services.insert(name.clone(), service);
        }
        for (name, changes) in &self.jobs {
            let job: Job = changed(named("jobs", name), changes)?;
            app.jobs.insert(name.clone(), job);
        }
        if let Some(changes) = &self.cluster {
            let cluster: Option<Cluster> = changed(at("cluster"), changes)?;
            app.cluster = cluster.unwrap_or_default();
        }
        if let Some(changes) = &self.ingress {
            let ingress: Ingress = changed(at("ingress"), changes)?;
            app.ingress = Some(ingress);
        }
        if let Some(changes) = &self.tags {
            let tags: BTreeMap<String, String> = changed(at("tags"), changes)?;
            app.tags = tags;
        }
        Ok(app)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn region(value: Value) -> RegionOverride {
        serde_json::from_value(value).unwrap()
    }

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
    fn an_override_names_only_the_sections_of_the_app_it_may_change() {
        let err = serde_json::from_value::<RegionOverride>(json!({"vars": {}})).unwrap_err();
        assert!(err.to_string().contains("unknown field `vars`"), "{err}");
        let err =
            serde_json::from_value::<RegionOverride>(json!({"services": {"web": 3}})).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
        let sections = region(json!({"tags": {"a": "b"}, "services": {"web": {"count": 1}}}));
        let keys: Vec<_> = sections.sections().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["services", "tags"]);
    }

    #[test]
    fn a_region_merges_its_own_override_over_the_environments() {
        let overrides: RegionOverrides = serde_json::from_value(json!({
            "all": {"services": {"web": {"count": 4, "env": {"A": "1", "B": "1"}}},
                    "tags": {"tier": "prod"}},
            "eu-west-1": {"services": {"web": {"env": {"B": "2"}}, "api": {"count": 1}}}
        }))
        .unwrap();
        let eu = for_region(&overrides, "eu-west-1").unwrap();
        assert_eq!(
            Value::Object(eu.services["web"].0.clone()),
            json!({"count": 4, "env": {"A": "1", "B": "2"}})
        );
        assert_eq!(eu.services["api"].0["count"], json!(1));
        assert_eq!(eu.tags.unwrap().0["tier"], json!("prod"));
        let us = for_region(&overrides, "us-east-1").unwrap();
        assert_eq!(us.services["web"].0["env"], json!({"A": "1", "B": "1"}));
        assert!(!us.services.contains_key("api"));
        assert!(for_region(&RegionOverrides::new(), "us-east-1").is_none());
        assert!(covered(
            &overrides,
            "us-east-1",
            &["services", "web", "count"]
        ));
        assert!(covered(
            &overrides,
            "eu-west-1",
            &["services", "api", "count"]
        ));
        assert!(!covered(
            &overrides,
            "us-east-1",
            &["services", "api", "count"]
        ));
    }

    #[test]
    fn coverage() {
        let partial = region(json!({
            "services": {"cart": {"count": 2, "env": {"A": "x"}, "command": ["a"]}},
            "cluster": {"insights": "disabled"}
        }));
        assert!(partial.covers(&["services", "cart", "count"]));
        assert!(partial.covers(&["services", "cart", "env", "A"]));
        assert!(!partial.covers(&["services", "cart", "env", "B"]));
        assert!(partial.covers(&["services", "cart", "command", "0"]));
        assert!(!partial.covers(&["services", "web", "count"]));
        assert!(partial.covers(&["cluster", "insights"]));
        assert!(!partial.covers(&["cluster", "capacity"]));
        assert!(!partial.covers(&["ingress"]));
        assert!(!partial.covers(&[]));
    }
}
