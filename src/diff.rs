//! Semantic and text diffs of built stacks: pure functions on canonical JSON, no I/O.
//!
//! Stacks come from build output (file path → text, as [`crate::Build::files`] or a directory
//! read by the CLI) and are paired three ways: by path (a build against an earlier output), or
//! by role (the environment stack with the environment stack, a service's stack with the same
//! service's stack) between two regions or two environments. Each pair is compared in canonical
//! form (sorted keys, long-form intrinsics): which resources were added, removed or changed,
//! which changed properties force a replacement, which IAM statements and security-group rules
//! changed, and a unified diff. Values that are *expected* to differ (the region, partition, URL
//! suffix, per-region settings, the environment name) are replaced by placeholders first
//! ([`Expected`]); the values that differed only by those are listed apart.

mod canonical;
mod declared;
mod render;
mod replacement;
mod tables;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

pub use canonical::{canonicalize, parse};
pub use declared::{Overrides, compare_declared};
pub use render::{render_json, render_text};
pub use replacement::replaces;
pub use tables::Row;

use crate::model::App;
use crate::partition::{first_in_partition, partition_of};
use crate::resolved;

/// One stack of a build output.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedStack {
    pub env: String,
    pub region: String,
    /// The stack name (the file stem).
    pub name: String,
    /// `environment`, or the service's name.
    pub role: String,
    /// The template's path relative to the output directory.
    pub path: String,
    pub template: Value,
    pub config: Option<Value>,
}

/// Every stack of `app` in a build output (paths `{app}/{env}/{region}/{stack}.{ext}`, with
/// `{stack}.config.json` beside each template). The role comes from fleetform's naming: the
/// environment stack is `{app}-{env}`, a service's `{app}-{env}-{service}`.
pub fn load(files: &BTreeMap<String, String>, app: &str) -> Result<Vec<LoadedStack>, String> {
    let mut out = Vec::new();
    for (path, text) in files {
        let parts: Vec<&str> = path.split('/').collect();
        let [a, env, region, file] = parts.as_slice() else {
            continue;
        };
        if *a != app || file.ends_with(".config.json") {
            continue;
        }
        let Some(stem) = [".json", ".yaml", ".yml", ".template"]
            .iter()
            .find_map(|ext| file.strip_suffix(ext))
        else {
            continue;
        };
        let template = parse(path, text)?;
        let config_path = format!("{app}/{env}/{region}/{stem}.config.json");
        let config = match files.get(&config_path) {
            Some(text) => Some(parse(&config_path, text)?),
            None => None,
        };
        let env_stack = format!("{app}-{env}");
        let role = if stem == env_stack {
            "environment".to_owned()
        } else {
            stem.strip_prefix(&format!("{env_stack}-"))
                .unwrap_or(stem)
                .to_owned()
        };
        out.push(LoadedStack {
            env: (*env).to_owned(),
            region: (*region).to_owned(),
            name: stem.to_owned(),
            role,
            path: path.clone(),
            template,
            config,
        });
    }
    Ok(out)
}

/// Two stacks to compare; either may be missing (added or removed).
#[derive(Debug, Clone)]
pub struct StackPair {
    pub title: String,
    pub a: Option<LoadedStack>,
    pub b: Option<LoadedStack>,
}

fn pair_by<K: Ord + Clone>(
    a: Vec<LoadedStack>,
    b: Vec<LoadedStack>,
    key: impl Fn(&LoadedStack) -> K,
) -> Vec<StackPair> {
    let mut pairs: BTreeMap<K, (Option<LoadedStack>, Option<LoadedStack>)> = BTreeMap::new();
    for s in a {
        let k = key(&s);
        pairs.entry(k).or_default().0 = Some(s);
    }
    for s in b {
        let k = key(&s);
        pairs.entry(k).or_default().1 = Some(s);
    }
    pairs
        .into_values()
        .map(|(a, b)| {
            let title = match (&a, &b) {
                (Some(x), Some(y)) if x.name != y.name => format!("{} ↔ {}", x.name, y.name),
                (Some(x), _) | (None, Some(x)) => x.name.clone(),
                (None, None) => String::new(),
            };
            StackPair { title, a, b }
        })
        .collect()
}

/// Pairs stacks by their place in the output (`{env}/{region}/{stack}`), whatever the format.
pub fn pair_by_path(a: Vec<LoadedStack>, b: Vec<LoadedStack>) -> Vec<StackPair> {
    let mut pairs = pair_by(a, b, |s| (s.env.clone(), s.region.clone(), s.name.clone()));
    for p in &mut pairs {
        if let Some(s) = p.a.as_ref().or(p.b.as_ref()) {
            p.title = format!("{}/{}/{}", s.env, s.region, s.name);
        }
    }
    pairs
}

/// Pairs the stacks of environment `env_a` in `region_a` with those of `env_b` in `region_b`
/// by role; the environment stack comes first.
pub fn pair_by_role(
    stacks_a: &[LoadedStack],
    stacks_b: &[LoadedStack],
    (env_a, region_a): (&str, &str),
    (env_b, region_b): (&str, &str),
) -> Vec<StackPair> {
    let pick = |stacks: &[LoadedStack], env: &str, region: &str| -> Vec<LoadedStack> {
        stacks
            .iter()
            .filter(|s| s.env == env && s.region == region)
            .cloned()
            .collect()
    };
    pair_by(
        pick(stacks_a, env_a, region_a),
        pick(stacks_b, env_b, region_b),
        |s| (s.role != "environment", s.role.clone()),
    )
}

/// The regions to compare two environments in: `region` in both when given; else the first
/// region of `a` that `b` also deploys to; else the first region of each.
pub fn env_regions(
    (env_a, regions_a): (&str, &[String]),
    (env_b, regions_b): (&str, &[String]),
    region: Option<&str>,
) -> Result<(String, String), String> {
    if let Some(r) = region {
        for (env, regions) in [(env_a, regions_a), (env_b, regions_b)] {
            if !regions.iter().any(|x| x == r) {
                return Err(format!("environment `{env}` does not deploy to `{r}`"));
            }
        }
        return Ok((r.to_owned(), r.to_owned()));
    }
    if let Some(shared) = regions_a.iter().find(|r| regions_b.contains(r)) {
        return Ok((shared.clone(), shared.clone()));
    }
    match (regions_a.first(), regions_b.first()) {
        (Some(a), Some(b)) => Ok((a.clone(), b.clone())),
        _ => Err("an environment without regions".to_owned()),
    }
}

/// Replacements that hide expected differences: each side's strings have every `from`
/// replaced by its placeholder (longest first) before comparing.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    pub a: Vec<(String, String)>,
    pub b: Vec<(String, String)>,
    /// Whole values replaced first (per side), for partition facts that are not one string.
    pub values_a: Vec<(Value, Value)>,
    pub values_b: Vec<(Value, Value)>,
    /// Properties fleetform sets differently on each side by design.
    pub designed: Vec<Designed>,
}

/// A property that fleetform itself makes differ between two targets: in every resource of
/// type `kind`, `property` holds `a` on one side and `b` on the other, and both read as
/// `placeholder`.
#[derive(Debug, Clone)]
pub struct Designed {
    pub kind: &'static str,
    pub property: &'static str,
    pub a: Value,
    pub b: Value,
    pub placeholder: &'static str,
}

impl Expected {
    fn add(&mut self, a: &str, b: &str, placeholder: &str) {
        if a != b && !a.is_empty() && !b.is_empty() {
            self.a.push((a.to_owned(), placeholder.to_owned()));
            self.b.push((b.to_owned(), placeholder.to_owned()));
        }
    }

    fn sort(&mut self) {
        for list in [&mut self.a, &mut self.b] {
            list.sort_by(|x, y| y.0.len().cmp(&x.0.len()).then_with(|| x.0.cmp(&y.0)));
            list.dedup();
        }
    }

    pub fn is_empty(&self) -> bool {
        self.a.is_empty()
            && self.b.is_empty()
            && self.values_a.is_empty()
            && self.values_b.is_empty()
            && self.designed.is_empty()
    }

    fn apply_a(&self, value: &Value) -> Value {
        let value = self.replace_designed(value, |d| &d.a);
        Self::apply(&self.a, &Self::replace_values(&self.values_a, &value))
    }

    fn apply_b(&self, value: &Value) -> Value {
        let value = self.replace_designed(value, |d| &d.b);
        Self::apply(&self.b, &Self::replace_values(&self.values_b, &value))
    }

    /// `value` with each designed property that holds this side's value replaced by its
    /// placeholder (only there: the same value elsewhere stays, and so does a value that
    /// differs from the design).
    fn replace_designed(&self, value: &Value, side: impl Fn(&Designed) -> &Value) -> Value {
        let mut value = value.clone();
        if self.designed.is_empty() {
            return value;
        }
        let Some(resources) = value.get_mut("Resources").and_then(Value::as_object_mut) else {
            return value;
        };
        for resource in resources.values_mut() {
            let kind = resource
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let Some(props) = resource
                .get_mut("Properties")
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            for d in self.designed.iter().filter(|d| d.kind == kind) {
                if let Some(v) = props.get_mut(d.property)
                    && *v == *side(d)
                {
                    *v = Value::from(d.placeholder);
                }
            }
        }
        value
    }

    fn replace_values(values: &[(Value, Value)], value: &Value) -> Value {
        if let Some((_, to)) = values.iter().find(|(from, _)| from == value) {
            return to.clone();
        }
        match value {
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| Self::replace_values(values, v))
                    .collect(),
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Self::replace_values(values, v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// What differs between two regions of one environment: the region (and so availability
    /// zone names and the region in rendered images and ARNs), the partition of literal ARNs,
    /// the URL suffix, and the blueprint's per-region values (certificates, imported networks).
    pub fn regions(app: &resolved::App, env: &str, region_a: &str, region_b: &str) -> Self {
        let mut e = Self::default();
        per_region_values(&mut e, app, env, env, region_a, region_b);
        e.designed_facts(app, (env, region_a), (env, region_b));
        e.region_facts(region_a, region_b);
        e.sort();
        e
    }

    /// What differs between two environments: the environment name in names and paths
    /// (`{app}-{env}`, `{app}/{env}/`), the account, and the region facts when the regions differ.
    pub fn environments(
        app: &resolved::App,
        (env_a, region_a): (&str, &str),
        (env_b, region_b): (&str, &str),
    ) -> Self {
        let mut e = Self::default();
        let name = &app.name;
        e.add(
            &format!("{name}-{env_a}"),
            &format!("{name}-{env_b}"),
            &format!("{name}-{{env}}"),
        );
        e.add(
            &format!("{name}/{env_a}/"),
            &format!("{name}/{env_b}/"),
            &format!("{name}/{{env}}/"),
        );
        e.add(&format!("`{env_a}`"), &format!("`{env_b}`"), "`{env}`");
        let account = |env: &str| app.environments.get(env).and_then(|x| x.account.clone());
        if let (Some(a), Some(b)) = (account(env_a), account(env_b)) {
            e.add(&a, &b, "{account}");
        }
        per_region_values(&mut e, app, env_a, env_b, region_a, region_b);
        e.designed_facts(app, (env_a, region_a), (env_b, region_b));
        e.region_facts(region_a, region_b);
        e.sort();
        e
    }

    /// What fleetform's lowering makes differ between two targets on purpose: the audit trail
    /// records global-service events in the first region of each partition only.
    fn designed_facts(
        &mut self,
        app: &App,
        (env_a, region_a): (&str, &str),
        (env_b, region_b): (&str, &str),
    ) {
        let records = |env: &str, region: &str| {
            app.environments
                .get(env)
                .filter(|e| e.audit.cloudtrail)
                .map(|e| first_in_partition(&e.regions, region))
        };
        if let (Some(a), Some(b)) = (records(env_a, region_a), records(env_b, region_b))
            && a != b
        {
            self.designed.push(Designed {
                kind: "AWS::CloudTrail::Trail",
                property: "IncludeGlobalServiceEvents",
                a: Value::Bool(a),
                b: Value::Bool(b),
                placeholder: "{first region of the partition}",
            });
        }
    }

    fn region_facts(&mut self, region_a: &str, region_b: &str) {
        self.add(region_a, region_b, "{region}");
        let (Some(pa), Some(pb)) = (partition_of(region_a), partition_of(region_b)) else {
            return;
        };
        self.add(
            &format!("arn:{}:", pa.name()),
            &format!("arn:{}:", pb.name()),
            "arn:{partition}:",
        );
        // fleetform trusts more EC2 principals in some partitions (see `ec2_principals`).
        let principals = |p: crate::partition::Partition| -> Value {
            p.ec2_principals().iter().map(|s| Value::from(*s)).collect()
        };
        if pa.ec2_principals() != pb.ec2_principals() {
            let placeholder = Value::from("{ec2 principals}");
            self.values_a.push((principals(pa), placeholder.clone()));
            self.values_b.push((principals(pb), placeholder));
        }
        // Service principals are `SERVICE.amazonaws.com` in every partition, so the Chinese
        // suffix is mapped to the global one rather than both to a placeholder.
        let (sa, sb) = (pa.url_suffix(), pb.url_suffix());
        if sa != sb {
            let (list, long) = if sa.len() > sb.len() {
                (&mut self.a, sa)
            } else {
                (&mut self.b, sb)
            };
            list.push((long.to_owned(), "amazonaws.com".to_owned()));
        }
    }

    fn apply(side: &[(String, String)], value: &Value) -> Value {
        match value {
            Value::String(s) => {
                let mut s = s.clone();
                for (from, to) in side {
                    if s.contains(from.as_str()) {
                        s = s.replace(from.as_str(), to);
                    }
                }
                Value::String(s)
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| Self::apply(side, v)).collect())
            }
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Self::apply(side, v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// Per-region blueprint values of `env_a` in `region_a` and `env_b` in `region_b`.
fn per_region_values(
    e: &mut Expected,
    app: &App,
    env_a: &str,
    env_b: &str,
    region_a: &str,
    region_b: &str,
) {
    use crate::model::PerRegion;
    if let Some(PerRegion::Map(certs)) = app.ingress.as_ref().and_then(|i| i.certificate.as_ref())
        && let (Some(a), Some(b)) = (certs.get(region_a), certs.get(region_b))
    {
        e.add(a, b, "{certificate}");
    }
    let import = |env: &str, region: &str| {
        app.environments
            .get(env)
            .and_then(|x| x.network.import.as_ref())
            .and_then(|m| m.get(region))
            .cloned()
    };
    if let (Some(a), Some(b)) = (import(env_a, region_a), import(env_b, region_b)) {
        e.add(&a.vpc, &b.vpc, "{vpc}");
        for (kind, xs, ys) in [
            ("public", &a.public, &b.public),
            ("private", &a.private, &b.private),
        ] {
            for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                e.add(x, y, &format!("{{{kind}-subnet-{i}}}"));
            }
        }
    }
}

/// What happened to a stack or a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
    /// Changed only in ways that a region's overrides declare.
    Declared,
    Same,
}

impl Change {
    pub const fn name(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
            Self::Declared => "declared",
            Self::Same => "same",
        }
    }

    const fn sign(self) -> char {
        match self {
            Self::Added => '+',
            Self::Removed => '-',
            Self::Changed => '~',
            Self::Declared => '=',
            Self::Same => ' ',
        }
    }
}

/// A changed property of a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathChange {
    /// `Properties.ContainerDefinitions[0].Image`.
    pub path: String,
    /// The change replaces the resource (a create-only property, or the type).
    pub replacement: bool,
}

#[derive(Debug, Clone)]
pub struct ResourceDiff {
    pub id: String,
    pub kind: String,
    pub change: Change,
    pub paths: Vec<PathChange>,
}

impl ResourceDiff {
    pub fn replacement(&self) -> bool {
        self.paths.iter().any(|p| p.replacement)
    }
}

/// A value that differs only by what [`Expected`] hides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedValue {
    pub path: String,
    pub a: String,
    pub b: String,
}

/// A value that differs because a region's overrides set it (see [`compare_declared`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredValue {
    pub path: String,
    pub a: String,
    pub b: String,
    /// The overrides that set it, e.g. `environments.prod.overrides.cn-north-1`.
    pub by: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct StackDiff {
    pub title: String,
    pub a: Option<String>,
    pub b: Option<String>,
    pub change: Change,
    pub resources: Vec<ResourceDiff>,
    /// Changed paths outside `Resources` (parameters, outputs; `config:` for the
    /// configuration file).
    pub other: Vec<String>,
    pub iam_removed: Vec<Row>,
    pub iam_added: Vec<Row>,
    pub security_removed: Vec<Row>,
    pub security_added: Vec<Row>,
    pub expected: Vec<ExpectedValue>,
    /// Differences that overrides declare; the fields above hold only the unexpected ones.
    pub declared: Vec<DeclaredValue>,
    /// Unified diff of the canonical (normalised) template and configuration.
    pub text: String,
}

/// The IAM statements and security-group rules one template adds to and removes from another:
/// what reviewers must see before a deploy (`plan` shows it against the deployed template).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityChanges {
    pub iam_added: Vec<Row>,
    pub iam_removed: Vec<Row>,
    pub rules_added: Vec<Row>,
    pub rules_removed: Vec<Row>,
}

impl SecurityChanges {
    pub fn is_empty(&self) -> bool {
        self.iam_added.is_empty()
            && self.iam_removed.is_empty()
            && self.rules_added.is_empty()
            && self.rules_removed.is_empty()
    }

    /// The two tables as `diff` prints them under a stack (nothing when nothing changes).
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        render::rows(
            &mut out,
            "IAM statements",
            &self.iam_removed,
            &self.iam_added,
        );
        render::rows(
            &mut out,
            "security group rules",
            &self.rules_removed,
            &self.rules_added,
        );
        out
    }
}

/// Compares the IAM statements and security-group rules of two CloudFormation templates (as
/// JSON values; anything without `Resources` has none, so a new stack adds all of `after`'s).
pub fn security_changes(before: &Value, after: &Value) -> SecurityChanges {
    let (iam_removed, iam_added) = tables::changes(&tables::iam(before), &tables::iam(after));
    let (rules_removed, rules_added) =
        tables::changes(&tables::security(before), &tables::security(after));
    SecurityChanges {
        iam_added,
        iam_removed,
        rules_added,
        rules_removed,
    }
}

/// The comparison of every pair.
#[derive(Debug, Clone)]
pub struct Report {
    /// What the two sides are, e.g. `prod/us-east-1` and `prod/eu-west-1`.
    pub a: String,
    pub b: String,
    pub stacks: Vec<StackDiff>,
}

impl Report {
    /// Whether anything differs beyond the expected and the declared differences.
    pub fn has_differences(&self) -> bool {
        self.stacks
            .iter()
            .any(|s| !matches!(s.change, Change::Same | Change::Declared))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn show_path(segs: &[Seg]) -> String {
    let mut out = String::new();
    for s in segs {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// Paths of the smallest parts that differ; an intrinsic, a list whose length changed or a
/// value whose type changed is one part.
fn changed_paths(old: &Value, new: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(x), Value::Object(y))
            if !canonical::is_intrinsic(old) && !canonical::is_intrinsic(new) =>
        {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                prefix.push(Seg::Key(k.clone()));
                match (x.get(k), y.get(k)) {
                    (Some(v), Some(w)) => changed_paths(v, w, prefix, out),
                    _ => out.push(prefix.clone()),
                }
                prefix.pop();
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                prefix.push(Seg::Index(i));
                changed_paths(v, w, prefix, out);
                prefix.pop();
            }
        }
        _ => out.push(prefix.clone()),
    }
}

fn at<'v>(value: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, s| match s {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
    })
}

fn short(value: Option<&Value>) -> String {
    match value {
        None => "(none)".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// Compares every pair; `expected` hides the differences one expects between the two sides.
pub fn compare(a: &str, b: &str, pairs: &[StackPair], expected: &Expected) -> Report {
    let stacks = pairs.iter().map(|p| compare_pair(p, expected)).collect();
    Report {
        a: a.to_owned(),
        b: b.to_owned(),
        stacks,
    }
}

fn compare_pair(pair: &StackPair, expected: &Expected) -> StackDiff {
    let empty = Value::Object(serde_json::Map::new());
    let side = |s: &Option<LoadedStack>| {
        s.as_ref().map(|s| {
            (
                s.template.clone(),
                s.config.clone().unwrap_or_else(|| empty.clone()),
            )
        })
    };
    let (raw_a, raw_b) = (side(&pair.a), side(&pair.b));
    let norm_a = raw_a
        .as_ref()
        .map(|(t, c)| (expected.apply_a(t), expected.apply_a(c)));
    let norm_b = raw_b
        .as_ref()
        .map(|(t, c)| (expected.apply_b(t), expected.apply_b(c)));
    let change = match (&norm_a, &norm_b) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        (Some(x), Some(y)) if x == y => Change::Same,
        _ => Change::Changed,
    };
    let (ta, ca) = norm_a.clone().unwrap_or((empty.clone(), empty.clone()));
    let (tb, cb) = norm_b.clone().unwrap_or((empty.clone(), empty.clone()));

    let expected_values = match (&raw_a, &raw_b) {
        (Some(ra), Some(rb)) => expected_values((ra, rb), (&ta, &ca), (&tb, &cb)),
        _ => Vec::new(),
    };

    let resources = if change == Change::Same {
        Vec::new()
    } else {
        resource_diffs(&ta, &tb)
    };
    let mut other = Vec::new();
    if change == Change::Changed {
        let strip = |t: &Value| {
            let mut t = t.clone();
            if let Some(m) = t.as_object_mut() {
                m.remove("Resources");
            }
            t
        };
        let mut paths = Vec::new();
        changed_paths(&strip(&ta), &strip(&tb), &mut Vec::new(), &mut paths);
        other.extend(paths.iter().map(|p| show_path(p)));
        let mut paths = Vec::new();
        changed_paths(&ca, &cb, &mut Vec::new(), &mut paths);
        other.extend(paths.iter().map(|p| format!("config: {}", show_path(p))));
    }
    let SecurityChanges {
        iam_added,
        iam_removed,
        rules_added: security_added,
        rules_removed: security_removed,
    } = security_changes(&ta, &tb);

    let name_a = pair.a.as_ref().map(|s| s.path.clone());
    let name_b = pair.b.as_ref().map(|s| s.path.clone());
    let text = if change == Change::Same {
        String::new()
    } else {
        unified_pair(
            norm_a.as_ref(),
            norm_b.as_ref(),
            name_a.as_deref(),
            name_b.as_deref(),
        )
    };
    StackDiff {
        title: pair.title.clone(),
        a: name_a,
        b: name_b,
        change,
        resources,
        other,
        iam_removed,
        iam_added,
        security_removed,
        security_added,
        expected: expected_values,
        declared: Vec::new(),
        text,
    }
}

/// Values that differ in the raw templates but not once normalised.
fn expected_values(
    (raw_a, raw_b): (&(Value, Value), &(Value, Value)),
    (ta, ca): (&Value, &Value),
    (tb, cb): (&Value, &Value),
) -> Vec<ExpectedValue> {
    let mut out = Vec::new();
    for (prefix, (ra, rb), (na, nb)) in [
        ("", (&raw_a.0, &raw_b.0), (ta, tb)),
        ("config: ", (&raw_a.1, &raw_b.1), (ca, cb)),
    ] {
        let mut paths = Vec::new();
        changed_paths(ra, rb, &mut Vec::new(), &mut paths);
        for p in paths {
            if at(na, &p) == at(nb, &p) {
                out.push(ExpectedValue {
                    path: format!("{prefix}{}", show_path(&p)),
                    a: short(at(ra, &p)),
                    b: short(at(rb, &p)),
                });
            }
        }
    }
    out
}

/// Unified diffs of the canonical template and configuration of two stacks.
fn unified_pair(
    a: Option<&(Value, Value)>,
    b: Option<&(Value, Value)>,
    name_a: Option<&str>,
    name_b: Option<&str>,
) -> String {
    let show = |v: Option<&(Value, Value)>, config: bool| {
        v.map(|x| canonical::pretty(if config { &x.1 } else { &x.0 }))
            .unwrap_or_default()
    };
    let header = |side: &str, name: Option<&str>, config: bool| match name {
        None => "/dev/null".to_owned(),
        Some(n) if config => {
            let stem = n.rsplit_once('.').map_or(n, |(stem, _)| stem);
            format!("{side}/{stem}.config.json")
        }
        Some(n) => format!("{side}/{n}"),
    };
    let mut text = String::new();
    for config in [false, true] {
        text.push_str(&unified(
            &show(a, config),
            &show(b, config),
            &header("a", name_a, config),
            &header("b", name_b, config),
        ));
    }
    text
}

fn unified(a: &str, b: &str, header_a: &str, header_b: &str) -> String {
    if a == b {
        return String::new();
    }
    similar::TextDiff::from_lines(a, b)
        .unified_diff()
        .context_radius(3)
        .header(header_a, header_b)
        .to_string()
}

fn resource_diffs(old: &Value, new: &Value) -> Vec<ResourceDiff> {
    let empty = serde_json::Map::new();
    let ra = old
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let rb = new
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let ids: BTreeSet<&String> = ra.keys().chain(rb.keys()).collect();
    let kind_of = |r: &Value| {
        r.get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut out = Vec::new();
    for id in ids {
        let diff = match (ra.get(id), rb.get(id)) {
            (Some(x), None) => ResourceDiff {
                id: id.clone(),
                kind: kind_of(x),
                change: Change::Removed,
                paths: Vec::new(),
            },
            (None, Some(y)) => ResourceDiff {
                id: id.clone(),
                kind: kind_of(y),
                change: Change::Added,
                paths: Vec::new(),
            },
            (Some(x), Some(y)) if x != y => {
                let kind = kind_of(y);
                let mut paths = Vec::new();
                changed_paths(x, y, &mut Vec::new(), &mut paths);
                let paths = paths
                    .iter()
                    .map(|p| {
                        let replacement = match p.first() {
                            Some(Seg::Key(k)) if k == "Type" => true,
                            Some(Seg::Key(k)) if k == "Properties" => {
                                let below: Vec<String> = p[1..]
                                    .iter()
                                    .map(|s| match s {
                                        Seg::Key(k) => k.clone(),
                                        Seg::Index(i) => i.to_string(),
                                    })
                                    .collect();
                                replaces(&kind, &below)
                            }
                            _ => false,
                        };
                        PathChange {
                            path: show_path(p),
                            replacement,
                        }
                    })
                    .collect();
                ResourceDiff {
                    id: id.clone(),
                    kind,
                    change: Change::Changed,
                    paths,
                }
            }
            _ => continue,
        };
        out.push(diff);
    }
    out
}

#[cfg(test)]
mod tests;
