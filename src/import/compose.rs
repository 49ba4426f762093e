//! `fleetform import compose`: a Docker Compose file → one blueprint service per Compose
//! service, in one placeholder environment. What Compose means but a blueprint cannot say
//! (volumes, networks, build, env files, startup order, …) becomes a note.

// Each converter walks one part of a service and its notes in one place; split further, the
// mapping from Compose's keys would be scattered.
#![allow(clippy::too_many_lines, clippy::single_match_else)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::convert::{self, literal};
use super::interpolate::{self, Missing};
use super::{Fields, Imported, Kind, Node, Notes, error, health, yaml};
use crate::diagnostic::{Code, Diagnostic, FileId, SourceMap};
use crate::source::{self, Document, escape_token};

/// What the command line adds to the file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--app`: the app name (else the file's `name:`, else `fallback`).
    pub app: Option<String>,
    /// The app name when neither `--app` nor `name:` gives one (the CLI passes the directory's).
    pub fallback: String,
    /// `--region`: the environment's region (else `us-east-1`, with a note).
    pub region: Option<String>,
    /// The environment files whose variables the file is interpolated with (the project's
    /// `.env`, or each `--env-file`), later ones winning, as Compose reads them.
    pub env_files: Vec<FileId>,
}

/// The environment every imported Compose app gets.
const ENVIRONMENT: &str = "dev";
const DEFAULT_REGION: &str = "us-east-1";

/// Imports the Compose file `file` of `sources`.
pub fn import(
    sources: &SourceMap,
    file: FileId,
    options: &Options,
) -> Result<Imported, Vec<Diagnostic>> {
    let mut doc = source::parse(file, &sources.get(file).text)?;
    let mut notes = Notes::default();
    let vars = variables(sources, &options.env_files, &mut notes);
    let mut unresolved = BTreeSet::new();
    let mut value = std::mem::take(&mut doc.value);
    interpolate_all(
        &doc,
        &mut value,
        String::new(),
        &vars,
        &mut unresolved,
        &mut notes,
    );
    doc.value = value;
    let Some(top) = doc.value.as_object() else {
        return Err(vec![error(
            Code::FF0710,
            &doc,
            "",
            "the file is not a compose file: it is not a mapping",
            "expected `services:`",
            "a compose file is a mapping with a `services:` key",
        )]);
    };
    let services = match top.get("services") {
        Some(Value::Object(s)) if !s.is_empty() => s,
        Some(_) => {
            return Err(vec![error(
                Code::FF0710,
                &doc,
                "/services",
                "`services` is not a non-empty mapping",
                "expected service names",
                "list each service under `services:` as `name: { image: … }`",
            )]);
        }
        None => {
            return Err(vec![error(
                Code::FF0710,
                &doc,
                "",
                "the file is not a compose file: it has no `services`",
                "no `services:` here",
                "a compose file lists its containers under `services:`",
            )]);
        }
    };
    let app = app_name(&doc, top, options, &mut notes);
    top_level(&doc, top, &mut notes);

    // Names first: `depends_on` may point forward.
    let mut names = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for key in services.keys() {
        let mut name = convert::name(key, 31, "svc");
        let base = name.clone();
        let mut n = 2;
        while taken.contains(&name) {
            let suffix = format!("-{n}");
            name = format!("{}{suffix}", &base[..base.len().min(31 - suffix.len())]);
            n += 1;
        }
        if &name != key {
            notes.add(
                Kind::Changed,
                &doc,
                &format!("/services/{}", escape_token(key)),
                format!("service `{key}` is named `{name}` in the blueprint"),
                "blueprint names are lowercase letters, digits and `-` (at most 31 characters)",
            );
        }
        taken.insert(name.clone());
        names.insert(key.clone(), name);
    }
    let published: Vec<&String> = services
        .iter()
        .filter(|(_, s)| {
            s.as_object()
                .and_then(first_published)
                .is_some_and(|(entry, _)| {
                    matches!(exposure(&entry), Exposure::Http | Exposure::Unsure)
                })
        })
        .map(|(k, _)| k)
        .collect();

    let mut out = Vec::new();
    let mut ported = BTreeSet::new();
    let mut depends = Vec::new();
    for (key, value) in services {
        let pointer = format!("/services/{}", escape_token(key));
        let ctx = Service {
            doc: &doc,
            key,
            name: &names[key],
            app: &app,
            pointer: &pointer,
            unresolved: &unresolved,
        };
        let Some(spec) = value.as_object() else {
            notes.wrong_type(&doc, &pointer, &format!("service `{key}`"), "a mapping");
            continue;
        };
        let several_routes = published.len() > 1;
        let (node, port) = ctx.convert(spec, published.contains(&key), several_routes, &mut notes);
        if port {
            ported.insert(key.clone());
        }
        if let Some(d) = spec.get("depends_on") {
            depends.push((key.clone(), pointer.clone(), d.clone()));
        }
        out.push((names[key].clone(), node));
    }
    let mut calls = calls(&doc, &depends, &names, &ported, &mut notes);
    let by_name = Names {
        blueprint: &names,
        ported: &ported,
        app: &app,
    };
    for (called_by, targets) in by_name.references(&doc, &mut out, &mut notes) {
        let list = calls.entry(called_by).or_default();
        list.extend(targets);
        list.sort();
        list.dedup();
    }
    for (name, node) in &mut out {
        if let (Some(c), Node::Map(entries)) = (calls.get(name.as_str()), node) {
            entries.push((
                "calls".into(),
                Node::List(c.iter().map(Node::str).collect()),
            ));
        }
    }

    let region = options.region.clone().unwrap_or_else(|| {
        notes.add(
            Kind::Todo,
            &doc,
            "/services",
            format!("the blueprint deploys environment `{ENVIRONMENT}` to `{DEFAULT_REGION}`"),
            "compose has no regions: edit `environments` (or import with `--region REGION`)",
        );
        DEFAULT_REGION.to_owned()
    });
    let mut blueprint = vec![
        ("blueprint".to_owned(), Node::int(1)),
        ("app".to_owned(), Node::str(&app)),
    ];
    blueprint.extend(notes.release_tag(&out));
    if !calls.is_empty() {
        blueprint.push(("discovery".into(), Node::str("cloud-map")));
    }
    blueprint.push((
        "environments".into(),
        Node::Map(vec![(
            ENVIRONMENT.into(),
            Node::Map(vec![(
                "regions".into(),
                Node::List(vec![Node::str(region)]),
            )]),
        )]),
    ));
    blueprint.push(("services".into(), Node::Map(out)));
    let file_name = &sources.get(file).name;
    let text = format!(
        "# Imported from {} by `fleetform import compose`; read the notes it printed.\n{}",
        file_name.replace('\n', " "),
        yaml::write(&Node::Map(blueprint))
    );
    crate::diagnostic::sort(&mut notes.list);
    Ok(Imported {
        blueprint: text,
        notes: notes.list,
    })
}

fn app_name(
    doc: &Document,
    top: &Map<String, Value>,
    options: &Options,
    notes: &mut Notes,
) -> String {
    let (raw, pointer) = match (&options.app, top.get("name").and_then(Value::as_str)) {
        (Some(app), _) => (app.clone(), None),
        (None, Some(name)) => (name.to_owned(), Some("/name")),
        (None, None) => (options.fallback.clone(), None),
    };
    let app = convert::app_name(&raw);
    if app != raw {
        notes.add(
            Kind::Changed,
            doc,
            pointer.unwrap_or(""),
            format!("the app is named `{app}` (from `{raw}`)"),
            "app names are lowercase letters, digits and `-`, at most 20 characters; pass `--app NAME` to choose",
        );
    }
    app
}

/// Top-level keys other than `services`.
fn top_level(doc: &Document, top: &Map<String, Value>, notes: &mut Notes) {
    for key in top.keys() {
        let help = match key.as_str() {
            "services" | "name" | "version" => continue,
            k if k.starts_with("x-") => continue,
            "volumes" => {
                "Fargate tasks have no named volumes: keep state in a managed store (RDS, S3, EFS)"
            }
            "networks" => {
                "every service of an app runs in the environment's VPC; `calls` opens ports between services"
            }
            "secrets" => {
                "secrets come from SSM Parameter Store or Secrets Manager: store the values there (services' `secrets:` refer to them)"
            }
            "configs" => "put configuration in the image, in `env`, or in SSM parameters",
            _ => "fleetform has no equivalent for it",
        };
        notes.add(
            Kind::Dropped,
            doc,
            &format!("/{}", escape_token(key)),
            format!("top-level `{key}` is not carried over"),
            help,
        );
    }
}

/// One Compose service being converted.
struct Service<'a> {
    doc: &'a Document,
    key: &'a str,
    name: &'a str,
    app: &'a str,
    pointer: &'a str,
    /// Pointers of strings whose interpolation lost a value (see [`interpolate_all`]).
    unresolved: &'a BTreeSet<String>,
}

impl Service<'_> {
    fn at(&self, field: &str) -> String {
        format!("{}/{field}", self.pointer)
    }

    /// The blueprint service, and whether it has a port.
    fn convert(
        &self,
        spec: &Map<String, Value>,
        published: bool,
        several_routes: bool,
        notes: &mut Notes,
    ) -> (Node, bool) {
        let mut out = vec![("image".to_owned(), Node::str(self.image(spec, notes)))];
        let (cpu, memory) = self.size(spec, notes);
        out.push(("cpu".into(), Node::int(cpu)));
        out.push(("memory".into(), Node::int(memory)));
        let port = self.port(spec, notes);
        if let Some(p) = port {
            out.push(("port".into(), Node::int(p)));
        }
        if let Some(command) = self.command(spec, notes) {
            out.push(("command".into(), command));
        }
        let (env, secrets) = self.environment(spec, notes);
        if !env.is_empty() {
            out.push(("env".into(), Node::Map(env)));
        }
        if !secrets.is_empty() {
            out.push(("secrets".into(), Node::Map(secrets)));
        }
        if let Some(health) = spec.get("healthcheck").and_then(|h| {
            health::convert(
                self.doc,
                &self.at("healthcheck"),
                h,
                "test",
                self.key,
                notes,
            )
        }) {
            out.push(("health".into(), health));
        }
        if let Some(count) = self.count(spec, notes) {
            out.push(("count".into(), Node::Int(i64::try_from(count).unwrap_or(1))));
        }
        if let Some(route) = self.route(spec, several_routes && published, notes) {
            out.push(("route".into(), route));
        }
        out.extend(hardening(spec));
        self.leftovers(spec, notes);
        (Node::Map(out), port.is_some())
    }

    fn image(&self, spec: &Map<String, Value>, notes: &mut Notes) -> String {
        let built = spec.contains_key("build");
        if built {
            notes.add(
                Kind::Todo,
                self.doc,
                &self.at("build"),
                format!("service `{}` is built from source; fleetform deploys images", self.key),
                "build and push the image in CI (fleetform `pipeline:` builds into ECR) and set `image`",
            );
        }
        match spec.get("image") {
            Some(Value::String(image))
                if self.unresolved.contains(&self.at("image"))
                    || image.contains('$')
                    || image.trim().is_empty() =>
            {
                // ECS would pull the text as written (FF0480): the placeholder repository
                // fails loudly instead, and the note says which variable to fill in.
                notes.add(
                    Kind::Todo,
                    self.doc,
                    &self.at("image"),
                    format!(
                        "the image of service `{}` depends on a variable without a value (`{image}` after interpolation): the blueprint points at an ECR repository to fill",
                        self.key
                    ),
                    "set the variable in `.env` (or pass `--env-file`) and import again, or write the image in the blueprint",
                );
                self.ecr()
            }
            Some(Value::String(image)) if !image.contains("{{") => {
                if convert::has_tag(image) {
                    literal(image)
                } else {
                    notes.add(
                        Kind::Changed,
                        self.doc,
                        &self.at("image"),
                        format!("image `{image}` has no tag: imported as `{image}:latest`"),
                        "pin a version (`:1.4.2`) or use `:{{tag}}` so a redeploy runs the same code",
                    );
                    literal(&format!("{image}:latest"))
                }
            }
            other => {
                if other.is_some() {
                    notes.wrong_type(self.doc, &self.at("image"), "`image`", "an image reference");
                } else if !built {
                    notes.add(
                        Kind::Todo,
                        self.doc,
                        self.pointer,
                        format!("service `{}` has no image", self.key),
                        "set `image` in the blueprint",
                    );
                }
                self.ecr()
            }
        }
    }

    /// The ECR repository an image built or left unresolved is pushed to.
    fn ecr(&self) -> String {
        format!(
            "{{{{account}}}}.dkr.ecr.{{{{region}}}}.{{{{url_suffix}}}}/{}/{}:{{{{tag}}}}",
            self.app, self.name
        )
    }

    /// Fargate cpu and memory from `deploy.resources` (limits, else reservations) or the
    /// version-2 `cpus`/`mem_limit`, rounded up to a size Fargate offers.
    fn size(&self, spec: &Map<String, Value>, notes: &mut Notes) -> (u32, u32) {
        let resources = spec.get("deploy").and_then(|d| d.get("resources"));
        let pick = |field: &str, legacy: &str| {
            for part in ["limits", "reservations"] {
                if let Some(v) = resources
                    .and_then(|r| r.get(part))
                    .and_then(|p| p.get(field))
                {
                    return Some((v.clone(), format!("deploy/resources/{part}/{field}")));
                }
            }
            spec.get(legacy).map(|v| (v.clone(), legacy.to_owned()))
        };
        let mut cpu = 256;
        let mut memory = 512;
        let mut asked = None;
        if let Some((v, at)) = pick("cpus", "cpus") {
            let cpus = v
                .as_f64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
            match cpus {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Some(c) if c.is_finite() && c > 0.0 => {
                    cpu = (c * 1024.0).ceil().min(16384.0) as u32;
                    asked = Some(at);
                }
                _ => notes.wrong_type(self.doc, &self.at(&at), "`cpus`", "a number of CPUs"),
            }
        }
        if let Some((v, at)) = pick("memory", "mem_limit") {
            match convert::mebibytes(&v) {
                Some(m) if m > 0 => {
                    memory = m;
                    asked.get_or_insert(at);
                }
                _ => notes.wrong_type(
                    self.doc,
                    &self.at(&at),
                    "`memory`",
                    "a byte size like `512M`",
                ),
            }
        }
        let (c, m) = convert::fargate_size(cpu, memory);
        if let Some(at) = asked
            && (c, m) != (cpu, memory)
        {
            notes.add(
                Kind::Changed,
                self.doc,
                &self.at(&at),
                format!(
                    "service `{}` asks for {cpu} cpu units and {memory} MiB: rounded up to the Fargate size {c}/{m}",
                    self.key
                ),
                "Fargate offers fixed cpu/memory pairs (see `fleetform explain FF0301`)",
            );
        }
        (c, m)
    }

    /// The first container port of `ports` (then `expose`); other ports are noted.
    fn port(&self, spec: &Map<String, Value>, notes: &mut Notes) -> Option<u16> {
        let mut found: Vec<(u16, String)> = Vec::new();
        for field in ["ports", "expose"] {
            let Some(value) = spec.get(field) else {
                continue;
            };
            let Some(items) = value.as_array() else {
                notes.wrong_type(self.doc, &self.at(field), &format!("`{field}`"), "a list");
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                let at = format!("{field}/{i}");
                match port_entry(item).map(|e| (e.port, e.udp)) {
                    Some((port, udp)) => {
                        if udp {
                            notes.add(
                                Kind::Dropped,
                                self.doc,
                                &self.at(&at),
                                format!(
                                    "udp port {port} of service `{}` is not carried over",
                                    self.key
                                ),
                                "fleetform services take tcp traffic (the load balancer is HTTP)",
                            );
                        } else if !found.iter().any(|(p, _)| *p == port) {
                            found.push((port, at));
                        }
                    }
                    None => notes.wrong_type(
                        self.doc,
                        &self.at(&at),
                        "a port entry",
                        "a port like `8080:80` or a number",
                    ),
                }
            }
        }
        for (port, at) in found.iter().skip(1) {
            notes.add(
                Kind::Dropped,
                self.doc,
                &self.at(at),
                format!(
                    "port {port} of service `{}` is not carried over: a service has one port",
                    self.key
                ),
                "split the container into services, or add a container per port under `containers`",
            );
        }
        found.first().map(|(p, _)| *p)
    }

    fn command(&self, spec: &Map<String, Value>, notes: &mut Notes) -> Option<Node> {
        let words = |field: &str, notes: &mut Notes| -> Option<Vec<String>> {
            let value = spec.get(field)?;
            let parsed = match value {
                Value::String(s) => convert::split_command(s),
                Value::Array(items) => items.iter().map(convert::scalar_text).collect(),
                Value::Null => return None,
                _ => None,
            };
            if parsed.is_none() {
                notes.wrong_type(
                    self.doc,
                    &self.at(field),
                    &format!("`{field}`"),
                    "a list of strings or a command line",
                );
            }
            parsed
        };
        let entrypoint = words("entrypoint", notes);
        let command = words("command", notes);
        let all: Vec<String> = match (&entrypoint, command) {
            (None, None) => return None,
            (Some(e), c) => {
                notes.add(
                    Kind::Changed,
                    self.doc,
                    &self.at("entrypoint"),
                    format!("the entrypoint of service `{}` is prepended to its command", self.key),
                    "a blueprint sets only the command, which follows the image's ENTRYPOINT: this is right only for an image without one",
                );
                e.iter().cloned().chain(c.unwrap_or_default()).collect()
            }
            (None, Some(c)) => c,
        };
        Some(Node::List(
            all.iter().map(|w| Node::str(literal(w))).collect(),
        ))
    }

    /// `environment` (list or map) → plain variables and, for secret-looking names or values,
    /// secret references; `secrets` → secret references.
    fn environment(&self, spec: &Map<String, Value>, notes: &mut Notes) -> (Fields, Fields) {
        let mut env = Vec::new();
        let mut secrets = Vec::new();
        let mut pairs: Vec<(String, Option<String>, String)> = Vec::new();
        match spec.get("environment") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (k, v) in map {
                    let at = format!("environment/{}", escape_token(k));
                    pairs.push((k.clone(), convert::scalar_text(v), at));
                }
            }
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let at = format!("environment/{i}");
                    match item.as_str() {
                        Some(s) => match s.split_once('=') {
                            Some((k, v)) => pairs.push((k.to_owned(), Some(v.to_owned()), at)),
                            None => pairs.push((s.to_owned(), None, at)),
                        },
                        None => notes.wrong_type(
                            self.doc,
                            &self.at(&at),
                            "an `environment` entry",
                            "`NAME=value`",
                        ),
                    }
                }
            }
            Some(_) => notes.wrong_type(
                self.doc,
                &self.at("environment"),
                "`environment`",
                "a list or a mapping",
            ),
        }
        for (key, value, at) in pairs {
            if !convert::env_name(&key) {
                notes.add(
                    Kind::Dropped,
                    self.doc,
                    &self.at(&at),
                    format!(
                        "variable `{key}` of service `{}` is not carried over: not a valid name",
                        self.key
                    ),
                    "variable names are letters, digits and `_`, not starting with a digit",
                );
                continue;
            }
            let Some(value) = value else {
                notes.add(
                    Kind::Todo,
                    self.doc,
                    &self.at(&at),
                    format!("variable `{key}` of service `{}` takes its value from the shell running compose", self.key),
                    "add its value to `env` (or `secrets`) in the blueprint",
                );
                continue;
            };
            if convert::secret_name(&key) || convert::secret_value(&value) {
                let reference = format!(
                    "ssm:/{}/{{{{env}}}}/{}/{}",
                    self.app,
                    self.name,
                    convert::name(&key, 100, "secret")
                );
                notes.add(
                    Kind::Todo,
                    self.doc,
                    &self.at(&at),
                    format!("variable `{key}` of service `{}` looks secret: it becomes a secret reference, its value is not carried over", self.key),
                    format!("store the value as the SSM SecureString parameter `{}` (per environment)", &reference[4..]),
                );
                secrets.push((key, Node::str(reference)));
                continue;
            }
            env.push((key, Node::str(literal(&value))));
        }
        if spec.get("env_file").is_some() {
            notes.add(
                Kind::Dropped,
                self.doc,
                &self.at("env_file"),
                format!("the env files of service `{}` are not read", self.key),
                "add their variables to `env` (and secret ones to `secrets`) in the blueprint",
            );
        }
        self.secrets(spec, &mut secrets, notes);
        (env, secrets)
    }

    fn secrets(&self, spec: &Map<String, Value>, out: &mut Vec<(String, Node)>, notes: &mut Notes) {
        let Some(value) = spec.get("secrets") else {
            return;
        };
        let Some(items) = value.as_array() else {
            notes.wrong_type(self.doc, &self.at("secrets"), "`secrets`", "a list");
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let at = format!("secrets/{i}");
            let (source, target) = match item {
                Value::String(s) => (s.as_str(), s.as_str()),
                Value::Object(m) => match m.get("source").and_then(Value::as_str) {
                    Some(source) => (
                        source,
                        m.get("target").and_then(Value::as_str).unwrap_or(source),
                    ),
                    None => {
                        notes.wrong_type(
                            self.doc,
                            &self.at(&at),
                            "a secret",
                            "a name or `{ source: name }`",
                        );
                        continue;
                    }
                },
                _ => {
                    notes.wrong_type(
                        self.doc,
                        &self.at(&at),
                        "a secret",
                        "a name or `{ source: name }`",
                    );
                    continue;
                }
            };
            let target = target.rsplit('/').next().unwrap_or(target);
            let var = convert::env_name_from(target);
            let reference = format!(
                "ssm:/{}/{{{{env}}}}/{}",
                self.app,
                convert::name(source, 100, "secret")
            );
            notes.add(
                Kind::Todo,
                self.doc,
                &self.at(&at),
                format!("secret `{source}` of service `{}` becomes the variable `{var}` from SSM", self.key),
                format!(
                    "store it as the SSM SecureString parameter `{}`; compose mounted it as a file under /run/secrets, ECS injects a variable",
                    &reference[4..]
                ),
            );
            if !out.iter().any(|(k, _)| k == &var) {
                out.push((var, Node::str(reference)));
            }
        }
    }

    fn count(&self, spec: &Map<String, Value>, notes: &mut Notes) -> Option<u64> {
        let deploy = spec.get("deploy")?;
        let replicas = deploy.get("replicas")?;
        match replicas.as_u64() {
            Some(n) if n <= 5000 => Some(n),
            _ => {
                notes.wrong_type(
                    self.doc,
                    &self.at("deploy/replicas"),
                    "`replicas`",
                    "a number up to 5000",
                );
                None
            }
        }
    }

    /// The route of the service's first published port, when it is public HTTP: a port
    /// published only on the loopback address stays private, a non-HTTP one gets no route.
    fn route(&self, spec: &Map<String, Value>, several: bool, notes: &mut Notes) -> Option<Node> {
        let (entry, i) = first_published(spec)?;
        let at = self.at(&format!("ports/{i}"));
        let port = entry.port;
        match exposure(&entry) {
            Exposure::Private => {
                notes.add(
                    Kind::Changed,
                    self.doc,
                    &at,
                    format!("port {port} of service `{}` is published only on `{}`: it stays private (no route)", self.key, entry.host_ip),
                    "compose published it for tools on the host; other services reach it with `calls`, and a `route` would make it public",
                );
                return None;
            }
            Exposure::NotHttp(why) => {
                notes.add(
                    Kind::Dropped,
                    self.doc,
                    &at,
                    format!("the published port {port} of service `{}` is not routed: {why}", self.key),
                    "the load balancer speaks HTTP; other services reach the port with `calls`, clients outside AWS need a network load balancer you add yourself",
                );
                return None;
            }
            Exposure::Unsure => notes.add(
                Kind::Changed,
                self.doc,
                &at,
                format!("the published port {port} of service `{}` is routed as HTTP: compose does not say its protocol", self.key),
                "if it is not plain HTTP (TLS, gRPC, a database or game protocol), remove `route`: the load balancer speaks HTTP",
            ),
            Exposure::Http => {}
        }
        let path = if several {
            format!("/{}/*", self.name)
        } else {
            "/*".to_owned()
        };
        if several {
            notes.add(
                Kind::Changed,
                self.doc,
                &self.at("ports"),
                format!("the published port of service `{}` becomes the route `{path}` on the shared load balancer", self.key),
                "compose publishes host ports; fleetform routes one load balancer by path or host: adjust `route`",
            );
        }
        Some(Node::Map(vec![("path".into(), Node::str(path))]))
    }

    /// Notes for every service key not converted above.
    fn leftovers(&self, spec: &Map<String, Value>, notes: &mut Notes) {
        for (key, value) in spec {
            let help = match key.as_str() {
                "image" | "build" | "ports" | "expose" | "command" | "entrypoint"
                | "environment" | "env_file" | "secrets" | "healthcheck" | "depends_on"
                | "cpus" | "mem_limit" | "read_only" | "user" => continue,
                "cap_drop" if drops_all(value) => continue,
                k if k.starts_with("x-") => continue,
                "deploy" => {
                    self.deploy_leftovers(value, notes);
                    continue;
                }
                "volumes" => {
                    "Fargate tasks have no host or named volumes: keep state in a managed store (RDS, S3, EFS)"
                }
                "networks" | "network_mode" | "links" | "extra_hosts" | "dns" => {
                    "services reach each other by `calls` and the discovery name `{service}.{env}.{app}.internal`"
                }
                "restart" => "ECS replaces stopped tasks of a service by itself",
                "container_name" | "hostname" => {
                    "the discovery name is `{service}.{env}.{app}.internal`"
                }
                "logging" => "logs go to CloudWatch Logs (`logs.retention`)",
                "labels" => "tag the app with `tags` instead",
                "platform" => "Fargate runs linux/x86_64 unless told otherwise",
                _ => "fleetform has no equivalent for it",
            };
            notes.add(
                Kind::Dropped,
                self.doc,
                &self.at(&escape_token(key)),
                format!("`{key}` of service `{}` is not carried over", self.key),
                help,
            );
        }
    }

    /// `deploy.resources.limits`/`reservations` keys other than `cpus` and `memory`: GPU and
    /// other devices, generic resources, `pids`.
    fn resource_leftovers(&self, part: &str, value: &Value, notes: &mut Notes) {
        for key in value.as_object().into_iter().flat_map(Map::keys) {
            let (message, help) = match key.as_str() {
                "cpus" | "memory" => continue,
                "devices" => (
                    format!(
                        "the device reservations (GPUs) of service `{}` are not carried over",
                        self.key
                    ),
                    "Fargate has no GPUs: run the service on EC2 capacity with GPU instances (`capacity`) and reserve them there by hand",
                ),
                _ => (
                    format!(
                        "`deploy.resources.{part}.{key}` of service `{}` is not carried over",
                        self.key
                    ),
                    "a blueprint sizes the task with `cpu` and `memory` only",
                ),
            };
            notes.add(
                Kind::Dropped,
                self.doc,
                &self.at(&format!("deploy/resources/{part}/{}", escape_token(key))),
                message,
                help,
            );
        }
    }

    fn deploy_leftovers(&self, deploy: &Value, notes: &mut Notes) {
        let Some(d) = deploy.as_object() else {
            notes.wrong_type(self.doc, &self.at("deploy"), "`deploy`", "a mapping");
            return;
        };
        for key in d.keys() {
            let help = match key.as_str() {
                "replicas" => continue,
                "resources" => {
                    for part in d["resources"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, _)| k)
                    {
                        if ["limits", "reservations"].contains(&part.as_str()) {
                            self.resource_leftovers(part, &d["resources"][part], notes);
                        } else {
                            notes.add(
                                Kind::Dropped,
                                self.doc,
                                &self.at(&format!("deploy/resources/{}", escape_token(part))),
                                format!(
                                    "`deploy.resources.{part}` of service `{}` is not carried over",
                                    self.key
                                ),
                                "a blueprint sizes the task with `cpu` and `memory` only",
                            );
                        }
                    }
                    continue;
                }
                "mode" => "`scheduling: daemon` is the blueprint's global mode, on EC2 capacity",
                "update_config" | "rollback_config" => {
                    "rolling updates with rollback are the default; see `deploy` in the blueprint"
                }
                "restart_policy" => "ECS replaces stopped tasks of a service by itself",
                "placement" => "see `placement` (EC2 capacity) in the blueprint",
                _ => "fleetform has no equivalent for it",
            };
            notes.add(
                Kind::Dropped,
                self.doc,
                &self.at(&format!("deploy/{}", escape_token(key))),
                format!(
                    "`deploy.{key}` of service `{}` is not carried over",
                    self.key
                ),
                help,
            );
        }
    }
}

/// Well-known ports of protocols other than HTTP (databases, caches, brokers, mail, DNS, remote
/// shells and desktops, MQTT, Bolt, gRPC, game servers): published for clients that are not
/// browsers, so never an HTTP route.
const NOT_HTTP: &[u16] = &[
    21, 22, 23, 25, 53, 110, 143, 389, 465, 587, 636, 993, 995, 1433, 1521, 1883, 2181, 3306, 3389,
    4222, 5222, 5432, 5672, 5900, 6379, 6650, 7687, 8883, 9042, 9092, 9093, 11211, 25565, 27015,
    27017, 28015, 29092, 50051,
];

/// Ports conventionally served as plain HTTP by web apps and their development servers.
const HTTP: &[u16] = &[
    80, 3000, 4000, 4200, 5000, 5173, 8000, 8008, 8080, 8081, 8082, 8088, 8888, 9090,
];

/// One `ports`/`expose` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PortEntry {
    /// The (first) container port.
    port: u16,
    udp: bool,
    /// The host address it is published on (`""`: every address).
    host_ip: String,
    /// The long syntax's `app_protocol`, lowercased.
    app_protocol: Option<String>,
}

/// How a published port is carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exposure {
    /// Plain HTTP: a route.
    Http,
    /// Probably HTTP: a route, with a note.
    Unsure,
    /// Published only on the loopback address: no route.
    Private,
    /// Another protocol: no route.
    NotHttp(&'static str),
}

fn exposure(entry: &PortEntry) -> Exposure {
    let host = entry.host_ip.trim_matches(['[', ']']);
    if host.starts_with("127.") || host == "::1" || host == "localhost" {
        return Exposure::Private;
    }
    match entry.app_protocol.as_deref() {
        Some("http") => return Exposure::Http,
        Some(_) => return Exposure::NotHttp("its `app_protocol` is not `http`"),
        None => {}
    }
    if NOT_HTTP.contains(&entry.port) {
        Exposure::NotHttp("the port is a well-known non-HTTP service's")
    } else if HTTP.contains(&entry.port) {
        Exposure::Http
    } else {
        Exposure::Unsure
    }
}

/// The first tcp entry of `ports` and its index.
fn first_published(spec: &Map<String, Value>) -> Option<(PortEntry, usize)> {
    spec.get("ports")?
        .as_array()?
        .iter()
        .enumerate()
        .find_map(|(i, item)| port_entry(item).filter(|e| !e.udp).map(|e| (e, i)))
}

/// A `ports`/`expose` entry: `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]` (the host IP
/// may be `[IPv6]`), a number, or the long syntax `{ target, host_ip, protocol, app_protocol }`.
fn port_entry(item: &Value) -> Option<PortEntry> {
    let number = |p: u64| u16::try_from(p).ok().filter(|p| *p > 0);
    match item {
        Value::Number(n) => Some(PortEntry {
            port: number(n.as_u64()?)?,
            udp: false,
            host_ip: String::new(),
            app_protocol: None,
        }),
        Value::String(s) => {
            let (spec, proto) = s.split_once('/').unwrap_or((s, "tcp"));
            let (host_ip, ports) = match spec.strip_prefix('[') {
                Some(v6) => {
                    let (ip, rest) = v6.split_once(']')?;
                    (ip.to_owned(), rest.trim_start_matches(':'))
                }
                None => match spec.matches(':').count() {
                    2 => {
                        let (ip, rest) = spec.split_once(':')?;
                        (ip.to_owned(), rest)
                    }
                    _ => (String::new(), spec),
                },
            };
            let container = ports.rsplit(':').next()?;
            let first = container.split('-').next()?;
            Some(PortEntry {
                port: number(first.trim().parse().ok()?)?,
                udp: proto.eq_ignore_ascii_case("udp"),
                host_ip,
                app_protocol: None,
            })
        }
        Value::Object(m) => {
            let target = m.get("target")?;
            let port = target
                .as_u64()
                .or_else(|| target.as_str()?.parse().ok())
                .and_then(number)?;
            let text = |k: &str| m.get(k).and_then(Value::as_str);
            Some(PortEntry {
                port,
                udp: text("protocol") == Some("udp"),
                host_ip: text("host_ip").unwrap_or_default().to_owned(),
                app_protocol: text("app_protocol").map(str::to_ascii_lowercase),
            })
        }
        _ => None,
    }
}

/// `depends_on` → `calls` to dependencies with a port; the rest (and startup order) noted.
fn calls(
    doc: &Document,
    depends: &[(String, String, Value)],
    names: &BTreeMap<String, String>,
    ported: &BTreeSet<String>,
    notes: &mut Notes,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, pointer, value) in depends {
        let at = format!("{pointer}/depends_on");
        let targets: Vec<String> = match value {
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            Value::Object(m) => m.keys().cloned().collect(),
            _ => {
                notes.wrong_type(doc, &at, "`depends_on`", "a list or a mapping");
                continue;
            }
        };
        let mut called = Vec::new();
        for target in targets {
            match names.get(&target) {
                Some(name) if ported.contains(&target) => called.push(name.clone()),
                Some(_) => notes.add(
                    Kind::Dropped,
                    doc,
                    &at,
                    format!(
                        "service `{key}` depends on `{target}`, which has no port: not carried over"
                    ),
                    "ECS starts services independently; make the service wait for what it needs",
                ),
                None => notes.add(
                    Kind::Dropped,
                    doc,
                    &at,
                    format!("service `{key}` depends on the unknown service `{target}`"),
                    "check the name",
                ),
            }
        }
        if !called.is_empty() {
            notes.add(
                Kind::Changed,
                doc,
                &at,
                format!("`depends_on` of service `{key}` becomes `calls`: network access and a DNS name, not startup order"),
                "reach each service at `{service}.{env}.{app}.internal` (app `discovery: cloud-map`); update hostnames in `env`",
            );
            called.sort();
            called.dedup();
            out.insert(names[key].clone(), called);
        }
    }
    out
}

/// The variables of the environment files, later files winning; unreadable lines are noted.
fn variables(sources: &SourceMap, files: &[FileId], notes: &mut Notes) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    for &id in files {
        let file = sources.get(id);
        let (found, bad) = interpolate::env_file(&file.text);
        vars.extend(found);
        for line in bad {
            notes.list.push(
                Diagnostic::warning(
                    Kind::Skipped.code(),
                    format!(
                        "line {line} of the environment file `{}` is not `NAME=value`; skipped",
                        file.name
                    ),
                )
                .help("write `NAME=value` (quotes optional) and import again"),
            );
        }
    }
    vars
}

/// Interpolates every string of the file as Compose does, noting each variable without a value
/// by where it is used; `unresolved` collects the pointers of strings that lost a value.
fn interpolate_all(
    doc: &Document,
    value: &mut Value,
    pointer: String,
    vars: &BTreeMap<String, String>,
    unresolved: &mut BTreeSet<String>,
    notes: &mut Notes,
) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                interpolate_all(doc, item, format!("{pointer}/{i}"), vars, unresolved, notes);
            }
        }
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                let at = format!("{pointer}/{}", escape_token(k));
                interpolate_all(doc, item, at, vars, unresolved, notes);
            }
        }
        Value::String(text) if text.contains('$') => {
            let mut missing = Vec::new();
            let Some(out) = interpolate::interpolate(text, vars, &mut missing) else {
                notes.add(
                    Kind::Skipped,
                    doc,
                    &pointer,
                    format!("`{text}` at `{pointer}` is not valid compose interpolation; kept as written"),
                    "compose accepts `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:?error}`, `${NAME:+alt}` and `$$` for `$`",
                );
                unresolved.insert(pointer);
                return;
            };
            for m in missing {
                let (kind, message, help) = match m {
                    Missing::Unset(name) => (
                        Kind::Todo,
                        format!(
                            "variable `{name}` at `{pointer}` is not set: compose would substitute an empty string, and so does the blueprint"
                        ),
                        format!(
                            "set `{name}` in `.env` (or pass `--env-file`) and import again, or write the value in the blueprint"
                        ),
                    ),
                    Missing::Defaulted(name, default) => (
                        Kind::Changed,
                        format!(
                            "variable `{name}` at `{pointer}` is not set: its default `{default}` is written"
                        ),
                        format!(
                            "set `{name}` in `.env` (or pass `--env-file`) and import again to use another value"
                        ),
                    ),
                    Missing::Required(name, message) => (
                        Kind::Todo,
                        format!(
                            "variable `{name}` at `{pointer}` is required (`{message}`) but not set: the blueprint has an empty string there"
                        ),
                        format!(
                            "set `{name}` in `.env` (or pass `--env-file`) and import again, or write the value in the blueprint"
                        ),
                    ),
                };
                if kind == Kind::Todo {
                    unresolved.insert(pointer.clone());
                }
                notes.add(kind, doc, &pointer, message, help);
            }
            *text = out;
        }
        _ => {}
    }
}

/// Compose's name-based networking: every service reaches every other by its name.
struct Names<'a> {
    /// Compose key → blueprint name.
    blueprint: &'a BTreeMap<String, String>,
    /// Compose keys of services with a port.
    ported: &'a BTreeSet<String>,
    app: &'a str,
}

impl Names<'_> {
    /// Finds other services named as hosts in each service's `env` and `command` (a URL's host,
    /// `name:port`, or the whole value of a `…HOST`/`…URL`-like variable), rewrites each to its
    /// discovery name `{service}.{{env}}.{app}.internal` and returns the `calls` that opens;
    /// a named service without a port is noted as lost connectivity.
    fn references(
        &self,
        doc: &Document,
        out: &mut [(String, Node)],
        notes: &mut Notes,
    ) -> BTreeMap<String, Vec<String>> {
        let keys: BTreeMap<&str, &str> = self
            .blueprint
            .iter()
            .map(|(k, v)| (v.as_str(), k.as_str()))
            .collect();
        let mut calls: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, node) in out.iter_mut() {
            let Node::Map(entries) = node else { continue };
            let key = keys.get(name.as_str()).copied().unwrap_or(name.as_str());
            let pointer = format!("/services/{}", escape_token(key));
            let mut found: Vec<(String, String)> = Vec::new();
            for (field, value) in entries.iter_mut() {
                match (field.as_str(), value) {
                    ("env", Node::Map(vars)) => {
                        for (var, v) in vars {
                            if let Node::Str(text) = v {
                                let at = format!("{pointer}/environment");
                                self.rewrite(text, Some(var), key, &at, &mut found);
                            }
                        }
                    }
                    ("command", Node::List(words)) => {
                        for w in words {
                            if let Node::Str(text) = w {
                                let at = format!("{pointer}/command");
                                self.rewrite(text, None, key, &at, &mut found);
                            }
                        }
                    }
                    _ => {}
                }
            }
            // Variables that became secret references keep their value out of the blueprint,
            // but the connection they describe is still needed.
            let environment = doc.value.pointer(&format!("{pointer}/environment"));
            let pairs: Vec<(String, String)> = match environment {
                Some(Value::Object(map)) => map
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), convert::scalar_text(v)?)))
                    .collect(),
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|i| i.as_str()?.split_once('='))
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect(),
                _ => Vec::new(),
            };
            for (var, mut value) in pairs {
                let at = format!("{pointer}/environment");
                self.rewrite(&mut value, Some(&var), key, &at, &mut found);
            }
            for (target, at) in found {
                let target_name = &self.blueprint[&target];
                if self.ported.contains(&target) {
                    notes.add(
                        Kind::Changed,
                        doc,
                        &at,
                        format!("service `{key}` reaches `{target}` by its compose name: it becomes `calls: [{target_name}]` and the name `{target_name}.{{{{env}}}}.{}.internal`", self.app),
                        "compose resolves service names on its network; in AWS services find each other through Cloud Map (app `discovery: cloud-map`)",
                    );
                    calls
                        .entry(name.clone())
                        .or_default()
                        .push(target_name.clone());
                } else {
                    notes.add(
                        Kind::Dropped,
                        doc,
                        &at,
                        format!("service `{key}` reaches `{target}` by its compose name, but `{target}` has no port: the connection is not carried over"),
                        "give the called service a `port` in the blueprint, then add it to `calls`",
                    );
                }
            }
        }
        calls
    }

    /// Rewrites host references to other services in `text`, recording (target, pointer).
    fn rewrite(
        &self,
        text: &mut String,
        var: Option<&str>,
        own: &str,
        at: &str,
        found: &mut Vec<(String, String)>,
    ) {
        let hostish = var.is_some_and(|v| {
            let v = v.to_ascii_uppercase();
            ["HOST", "ADDR", "SERVER", "ENDPOINT", "URL", "URI", "DSN"]
                .iter()
                .any(|w| v.contains(w))
        });
        let token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
        let mut out = String::new();
        let mut rest = text.as_str();
        let whole = text.clone();
        while !rest.is_empty() {
            let start = rest.find(token_char).unwrap_or(rest.len());
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let end = rest.find(|c| !token_char(c)).unwrap_or(rest.len());
            let token = &rest[..end];
            let after = &rest[end..];
            let before = &out;
            let host_position = before.ends_with("://")
                || (before.ends_with('@') && before.contains("://"))
                || after
                    .strip_prefix(':')
                    .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_digit()))
                || (hostish && token == whole);
            match self.blueprint.get(token) {
                Some(target) if host_position && token != own => {
                    let _ = write!(out, "{target}.{{{{env}}}}.{}.internal", self.app);
                    if !found.iter().any(|(t, _)| t == token) {
                        found.push((token.to_owned(), at.to_owned()));
                    }
                }
                _ => out.push_str(token),
            }
            rest = after;
        }
        *text = out;
    }
}

/// Whether a `cap_drop` list drops every capability.
fn drops_all(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|caps| caps.iter().any(|c| c.as_str() == Some("ALL")))
}

/// `user` and the hardening opt-outs that keep a Compose service as it ran: Compose gives a
/// writable root filesystem (unless `read_only`) and the runtime's default capabilities
/// (unless `cap_drop: [ALL]`); a root `user` is kept on purpose. Removing the opt-outs hardens
/// the service.
fn hardening(spec: &Map<String, Value>) -> Vec<(String, Node)> {
    let mut out = Vec::new();
    let user = match spec.get("user") {
        Some(Value::String(u)) if !u.is_empty() => Some(u.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let root = user.as_deref().is_some_and(|u| {
        let name = u.split(':').next().unwrap_or(u);
        name == "root" || (!name.is_empty() && name.bytes().all(|b| b == b'0'))
    });
    if let Some(user) = user {
        out.push(("user".into(), Node::str(user)));
    }
    let mut opt_outs = Vec::new();
    if spec.get("read_only") != Some(&Value::Bool(true)) {
        opt_outs.push(("read-only-root".into(), Node::Bool(false)));
    }
    if !spec.get("cap_drop").is_some_and(drops_all) {
        opt_outs.push(("drop-capabilities".into(), Node::Bool(false)));
    }
    if root {
        opt_outs.push(("non-root".into(), Node::Bool(false)));
    }
    if !opt_outs.is_empty() {
        out.push(("hardening".into(), Node::Map(opt_outs)));
    }
    out
}
