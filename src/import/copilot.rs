//! `fleetform import copilot`: an AWS Copilot workspace (`copilot/.workspace`, service and job
//! manifests, environment manifests) → one blueprint. Load Balanced Web, Backend and Worker
//! Services become services, Scheduled Jobs become `jobs`, environments keep their names and get
//! a region (Copilot keeps regions outside the manifests). What has no blueprint equivalent
//! (queues, storage add-ons, ECS Exec, …) becomes a note.

// Each converter walks one manifest section and its notes in one place; split further, the
// mapping from Copilot's keys would be scattered.
#![allow(clippy::too_many_lines, clippy::single_match_else)]

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::convert::{self, literal};
use super::{Fields, Imported, Kind, Node, Notes, error, health, yaml};
use crate::check::route_grammar::{host_problem, path_suggestion};
use crate::diagnostic::{Code, Diagnostic, FileId, SourceMap};
use crate::source::{self, Document, escape_token};

/// The files of a workspace, as the CLI found them.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// `.workspace` (`application: NAME`).
    pub workspace: Option<FileId>,
    /// Directory name → `manifest.yml` of each service or job.
    pub services: Vec<(String, FileId)>,
    /// Environment directory name → its `manifest.yml`.
    pub environments: Vec<(String, FileId)>,
    /// Top-level directories without a manifest (`addons`, `pipelines`, …), for a note.
    pub skipped: Vec<String>,
    /// The `addons/` and `overrides/` directories of services and of `environments/`: the
    /// owner (a service directory or `environments`), the directory as shown, its file names.
    pub extensions: Vec<Extension>,
}

/// An `addons/` or `overrides/` directory of a workspace.
#[derive(Debug, Clone, Default)]
pub struct Extension {
    /// The service directory it belongs to, or `environments`.
    pub owner: String,
    /// The directory, as shown to the user.
    pub dir: String,
    /// `true` for `overrides/`, `false` for `addons/`.
    pub overrides: bool,
    /// The names of the files in it, sorted.
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--app`: the app name instead of the workspace's application.
    pub app: Option<String>,
    /// `--region`: the region of every environment (else `us-east-1`, with a note).
    pub region: Option<String>,
}

const DEFAULT_REGION: &str = "us-east-1";

/// Imports a Copilot workspace.
pub fn import(
    sources: &SourceMap,
    workspace: &Workspace,
    options: &Options,
) -> Result<Imported, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut parse = |id: FileId| match source::parse(id, &sources.get(id).text) {
        Ok(doc) => Some(doc),
        Err(mut d) => {
            diags.append(&mut d);
            None
        }
    };
    let ws = workspace.workspace.and_then(&mut parse);
    let services: Vec<(String, Document)> = workspace
        .services
        .iter()
        .filter_map(|(n, id)| parse(*id).map(|d| (n.clone(), d)))
        .collect();
    let envs: Vec<(String, Document)> = workspace
        .environments
        .iter()
        .filter_map(|(n, id)| parse(*id).map(|d| (n.clone(), d)))
        .collect();
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut notes = Notes::default();
    let application = match (&options.app, &ws) {
        (Some(app), _) => app.clone(),
        (None, Some(doc)) => match doc.value.get("application").and_then(Value::as_str) {
            Some(app) => app.to_owned(),
            None => {
                return Err(vec![error(
                    Code::FF0711,
                    doc,
                    "",
                    "`.workspace` names no `application`",
                    "expected `application: NAME`",
                    "Copilot's `.workspace` holds `application: NAME`; or pass `--app NAME`",
                )]);
            }
        },
        (None, None) => {
            return Err(vec![
                Diagnostic::error(Code::FF0711, "the directory has no `.workspace`")
                    .help("point at the `copilot/` directory of a Copilot workspace, or pass `--app NAME`"),
            ]);
        }
    };
    let app = convert::app_name(&application);
    if app != application
        && let Some(doc) = &ws
    {
        notes.add(
                Kind::Changed,
                doc,
                "/application",
                format!("the app is named `{app}` (from `{application}`)"),
                "app names are lowercase letters, digits and `-`, at most 20 characters; pass `--app NAME` to choose",
            );
    }
    if services.is_empty() {
        return Err(vec![
            Diagnostic::error(
                Code::FF0711,
                "the workspace has no service or job manifests",
            )
            .help("Copilot keeps each service's manifest at `copilot/<name>/manifest.yml`"),
        ]);
    }

    let region = options
        .region
        .clone()
        .unwrap_or_else(|| DEFAULT_REGION.to_owned());
    let mut env_names: BTreeMap<String, Node> = BTreeMap::new();
    let mut env_vars: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut renamed = Vec::new();
    let mut env_renames = BTreeMap::new();
    for (dir, doc) in &envs {
        let raw = doc.value.get("name").and_then(Value::as_str).unwrap_or(dir);
        let name = env_name(raw, &env_names);
        // Only a name Copilot accepts (letters, digits, `-`) is kept in the var: it is used
        // in secret paths and host names.
        let valid = raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if name != raw {
            renamed.push((doc, raw, name.clone(), valid));
        }
        env_renames.insert(raw.to_owned(), name.clone());
        env_vars.entry(name.clone()).or_default().insert(
            ENV_NAME_VAR.to_owned(),
            if valid { raw } else { &name }.to_owned(),
        );
        let node = environment(doc, &name, &region, &mut notes);
        env_names.insert(name, node);
    }
    let keep_names = renamed.iter().any(|(_, _, _, valid)| *valid);
    for (doc, raw, name, valid) in &renamed {
        let help = if *valid {
            format!(
                "environment names are lowercase letters, digits and `-`, at most 16 characters; `${{COPILOT_ENVIRONMENT_NAME}}` in the manifests becomes the var `{ENV_NAME_VAR}`, which keeps `{raw}`, but names built from `{{{{env}}}}` (stacks, SSM paths) use `{name}`"
            )
        } else {
            "environment names are lowercase letters, digits and `-`, at most 16 characters"
                .to_owned()
        };
        notes.add(
            Kind::Changed,
            doc,
            "/name",
            format!("environment `{raw}` is named `{name}` in the blueprint"),
            help,
        );
    }
    if !keep_names {
        env_vars.clear();
    }
    let mut ctx = Context {
        app: app.clone(),
        vars: Vec::new(),
        env_vars,
        env_name: if keep_names {
            format!("{{{{{ENV_NAME_VAR}}}}}")
        } else {
            "{{env}}".to_owned()
        },
        env_names: env_renames,
        discovery: false,
    };
    let env_name = ctx.env_name.clone();
    let mut out_services = Vec::new();
    let mut service_docs: Vec<&Document> = Vec::new();
    let mut out_jobs = Vec::new();
    let mut errors = Vec::new();
    for (dir, doc) in &services {
        let Some(spec) = doc.value.as_object() else {
            errors.push(error(
                Code::FF0711,
                doc,
                "",
                "the manifest is not a mapping",
                "expected `name:` and `type:`",
                "a Copilot manifest is a mapping with `name` and `type`",
            ));
            continue;
        };
        let raw = spec.get("name").and_then(Value::as_str).unwrap_or(dir);
        let name = convert::name(raw, 31, "svc");
        if name != raw {
            notes.add(
                Kind::Changed,
                doc,
                "/name",
                format!("`{raw}` is named `{name}` in the blueprint"),
                "blueprint names are lowercase letters, digits and `-` (at most 31 characters)",
            );
        }
        let kind = spec.get("type").and_then(Value::as_str).unwrap_or_default();
        let kind = match kind {
            "Load Balanced Web Service" => Type::Web,
            "Backend Service" => Type::Backend,
            "Worker Service" => Type::Worker,
            "Scheduled Job" => Type::Job,
            "Request-Driven Web Service" | "Static Site" => {
                notes.add(Kind::Dropped, doc, "/type", format!("`{raw}` is a {kind}, which fleetform does not deploy"), "App Runner services and static sites are not ECS services: migrate them separately");
                continue;
            }
            other => {
                errors.push(error(Code::FF0711, doc, "/type", format!("unknown manifest type `{other}`"), "expected a Copilot service or job type", "`type` is `Load Balanced Web Service`, `Backend Service`, `Worker Service` or `Scheduled Job`"));
                continue;
            }
        };
        let manifest = Manifest {
            doc,
            env_name: &env_name,
            spec,
            name: &name,
            kind,
        };
        let node = manifest.convert(&mut ctx, &mut notes);
        if kind == Type::Job {
            out_jobs.push((name, node));
        } else {
            service_docs.push(doc);
            out_services.push((name, node));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    distinct_routes(&mut out_services, &service_docs, &mut notes);
    if let Some(first) = service_docs.first() {
        ctx.discovery |= built_in_discovery(&mut out_services, &app, first, &mut notes);
    }
    for dir in &workspace.skipped {
        notes.list.push(
            Diagnostic::warning(Code::FF0701, format!("`{dir}` is not carried over"))
                .help("add-ons (CloudFormation templates), pipelines and other directories without a `manifest.yml` have no blueprint equivalent; see `pipeline:` for CI/CD"),
        );
    }
    for ext in &workspace.extensions {
        let owner = if ext.owner == "environments" {
            "the environments".to_owned()
        } else {
            format!("`{}`", ext.owner)
        };
        let files = ext.files.join(", ");
        let (message, help) = if ext.overrides {
            (
                format!(
                    "the CloudFormation overrides of {owner} (`{}`: {files}) are not applied",
                    ext.dir
                ),
                "overrides patch the templates Copilot writes (YAML patches or CDK); fleetform writes its own: carry each change over as blueprint settings by hand",
            )
        } else {
            (
                format!(
                    "the add-ons of {owner} (`{}`: {files}) are not carried over",
                    ext.dir
                ),
                "an add-on is a CloudFormation template Copilot deploys with the service or environment (DynamoDB, Aurora, S3, IAM policies): deploy it as its own stack, grant access with `permissions`, and pass its outputs in `env` or `secrets`",
            )
        };
        notes
            .list
            .push(Diagnostic::warning(Kind::Dropped.code(), message).help(help));
    }
    if env_names.is_empty() {
        env_names.insert(
            "test".into(),
            Node::Map(vec![(
                "regions".into(),
                Node::List(vec![Node::str(&region)]),
            )]),
        );
    }
    for extra in ctx.env_vars.keys() {
        if !env_names.contains_key(extra) {
            env_names.insert(
                extra.clone(),
                Node::Map(vec![(
                    "regions".into(),
                    Node::List(vec![Node::str(&region)]),
                )]),
            );
        }
    }
    if options.region.is_none() {
        let (doc, at) = envs
            .first()
            .map_or((&services[0].1, "/name"), |(_, d)| (d, "/name"));
        notes.add(
            Kind::Todo,
            doc,
            at,
            format!("every environment deploys to `{DEFAULT_REGION}`"),
            "Copilot records regions outside the manifests: edit `environments.<env>.regions` (or import with `--region REGION`)",
        );
    }
    if ctx.env_name != "{{env}}" {
        // Environments known only from service overrides keep their name.
        for name in env_names.keys() {
            ctx.env_vars
                .entry(name.clone())
                .or_default()
                .entry(ENV_NAME_VAR.to_owned())
                .or_insert_with(|| name.clone());
        }
    }
    // Per-environment variable values.
    let mut environments = Vec::new();
    for (name, node) in env_names {
        let mut node = node;
        if let (Some(vars), Node::Map(entries)) = (ctx.env_vars.get(&name), &mut node) {
            entries.push((
                "vars".into(),
                Node::Map(
                    vars.iter()
                        .map(|(k, v)| (k.clone(), Node::str(v)))
                        .collect(),
                ),
            ));
        }
        environments.push((name, node));
    }
    let mut blueprint = vec![
        ("blueprint".to_owned(), Node::int(1)),
        ("app".to_owned(), Node::str(&app)),
    ];
    let everything: Vec<(String, Node)> = out_services.iter().chain(&out_jobs).cloned().collect();
    blueprint.extend(notes.release_tag(&everything));
    if !ctx.vars.is_empty() {
        blueprint.push((
            "vars".into(),
            Node::Map(
                ctx.vars
                    .iter()
                    .map(|(k, v)| (k.clone(), Node::str(v)))
                    .collect(),
            ),
        ));
    }
    if ctx.discovery {
        blueprint.push(("discovery".into(), Node::str("cloud-map")));
    }
    blueprint.push(("environments".into(), Node::Map(environments)));
    if !out_services.is_empty() {
        blueprint.push(("services".into(), Node::Map(out_services)));
    }
    if !out_jobs.is_empty() {
        blueprint.push(("jobs".into(), Node::Map(out_jobs)));
    }
    let text = format!(
        "# Imported from the Copilot application `{}` by `fleetform import copilot`; read the notes it printed.\n{}",
        application.replace(['\n', '\r'], " "),
        yaml::write(&Node::Map(blueprint))
    );
    crate::diagnostic::sort(&mut notes.list);
    Ok(Imported {
        blueprint: text,
        notes: notes.list,
    })
}

/// What the whole app collects while services are converted.
struct Context {
    app: String,
    /// App `vars` (defaults of per-environment variables).
    vars: Vec<(String, String)>,
    /// Environment → var → value.
    env_vars: BTreeMap<String, BTreeMap<String, String>>,
    /// Some service uses Service Connect: the app gets Cloud Map discovery.
    discovery: bool,
    /// What `${COPILOT_ENVIRONMENT_NAME}` becomes: `{{env}}`, or the var holding Copilot's
    /// name when an environment had to be renamed.
    env_name: String,
    /// Copilot environment name → blueprint environment name.
    env_names: BTreeMap<String, String>,
}

/// The var that holds each environment's Copilot name when one was renamed.
const ENV_NAME_VAR: &str = "COPILOT_ENVIRONMENT_NAME";

/// A blueprint environment name (at most 16 characters) for Copilot's `raw`, distinct from
/// the names already `taken`.
fn env_name(raw: &str, taken: &BTreeMap<String, Node>) -> String {
    let base = convert::name(raw, 16, "env");
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains_key(&name) {
        let suffix = format!("-{n}");
        name = format!(
            "{}{suffix}",
            base[..base.len().min(16 - suffix.len())].trim_end_matches('-')
        );
        n += 1;
    }
    name
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Web,
    Backend,
    Worker,
    Job,
}

/// The entries of a blueprint mapping node.
fn entries(node: &mut Node) -> Option<&mut Vec<(String, Node)>> {
    match node {
        Node::Map(entries) => Some(entries),
        _ => None,
    }
}

/// Load Balanced Web Services that Copilot routes apart (by alias, or in separate
/// environments) but whose routes came out the same (FF0304): each after the first is routed
/// under its own name instead, with a note.
fn distinct_routes(services: &mut [(String, Node)], docs: &[&Document], notes: &mut Notes) {
    let mut seen: Vec<Node> = Vec::new();
    for ((name, node), doc) in services.iter_mut().zip(docs) {
        let Some(route) = entries(node)
            .and_then(|e| e.iter_mut().find(|(k, _)| k == "route"))
            .and_then(|(_, r)| entries(r))
        else {
            continue;
        };
        let matched = |r: &Vec<(String, Node)>| -> Node {
            let get = |key: &str| r.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
            Node::List(vec![
                get("host").unwrap_or(Node::str("")),
                get("path").unwrap_or(Node::str("/*")),
            ])
        };
        if seen.contains(&matched(route)) {
            let paths = vec![
                Node::str(format!("/{name}")),
                Node::str(format!("/{name}/*")),
            ];
            notes.add(
                Kind::Changed,
                doc,
                "/http",
                format!("`{name}` is routed at `/{name}/*`: another service already takes its host and path"),
                "Copilot separates them by alias or environment; give each service its own `route.host` or `route.path`",
            );
            match route.iter_mut().find(|(k, _)| k == "path") {
                Some((_, p)) => *p = Node::List(paths),
                None => route.insert(0, ("path".into(), Node::List(paths))),
            }
        }
        seen.push(matched(route));
    }
}

/// Copilot registers every service with a port as `{svc}.{env}.{app}.local` and lets the
/// services of an environment reach each other. Carried as Cloud Map discovery
/// (`{svc}.{env}.{app}.internal`), `calls` from each service to every other one with a port, and
/// the variable Copilot sets, `COPILOT_SERVICE_DISCOVERY_ENDPOINT`. Returns whether discovery
/// is needed.
fn built_in_discovery(
    services: &mut [(String, Node)],
    app: &str,
    doc: &Document,
    notes: &mut Notes,
) -> bool {
    fn has_port(node: &Node) -> bool {
        match node {
            Node::Map(entries) => entries
                .iter()
                .any(|(k, v)| k == "port" || (k == "containers" && has_port_in(v))),
            _ => false,
        }
    }
    fn has_port_in(containers: &Node) -> bool {
        match containers {
            Node::Map(list) => list.first().is_some_and(|(_, c)| has_port(c)),
            _ => false,
        }
    }
    let ported: Vec<String> = services
        .iter()
        .filter(|(_, n)| has_port(n))
        .map(|(name, _)| name.clone())
        .collect();
    if services.len() < 2 || ported.is_empty() {
        return false;
    }
    notes.add(
        Kind::Changed,
        doc,
        "/name",
        "Copilot's service discovery names `{svc}.{env}.{app}.local` become `{svc}.{env}.{app}.internal`",
        format!("each service `calls` the others with a port, and `COPILOT_SERVICE_DISCOVERY_ENDPOINT` is set to `{{{{env}}}}.{app}.internal`; update names written out in full"),
    );
    let endpoint = format!("{{{{env}}}}.{app}.internal");
    for (name, node) in services.iter_mut() {
        let calls: Vec<Node> = ported
            .iter()
            .filter(|p| *p != name)
            .map(Node::str)
            .collect();
        let Some(entries) = entries(node) else {
            continue;
        };
        // The main container's variables: the service's own, or its first container's.
        let main = match entries.iter().position(|(k, _)| k == "containers") {
            Some(i) => match &mut entries[i].1 {
                Node::Map(list) => list.first_mut().and_then(|(_, c)| self::entries(c)),
                _ => None,
            },
            None => Some(&mut *entries),
        };
        if let Some(main) = main {
            if !main.iter().any(|(k, _)| k == "env") {
                main.push(("env".into(), Node::Map(Vec::new())));
            }
            if let Some((_, Node::Map(vars))) = main.iter_mut().find(|(k, _)| k == "env")
                && !vars
                    .iter()
                    .any(|(k, _)| k == "COPILOT_SERVICE_DISCOVERY_ENDPOINT")
            {
                vars.push((
                    "COPILOT_SERVICE_DISCOVERY_ENDPOINT".into(),
                    Node::str(&endpoint),
                ));
            }
        }
        if !calls.is_empty() {
            entries.push(("calls".into(), Node::List(calls)));
        }
    }
    true
}

/// An environment manifest → `{ regions, network }`.
fn environment(doc: &Document, name: &str, region: &str, notes: &mut Notes) -> Node {
    let mut out = vec![("regions".to_owned(), Node::List(vec![Node::str(region)]))];
    let Some(spec) = doc.value.as_object() else {
        notes.wrong_type(
            doc,
            "",
            &format!("the manifest of environment `{name}`"),
            "a mapping",
        );
        return Node::Map(out);
    };
    for (key, value) in spec {
        let at = format!("/{}", escape_token(key));
        match key.as_str() {
            "name" | "type" => {}
            "network" => {
                if let Some(network) = network(doc, &at, value, region, notes) {
                    out.push(("network".into(), network));
                }
            }
            "http" => notes.add(Kind::Dropped, doc, &at, format!("the load balancer settings of environment `{name}` are not carried over"), "set `ingress` (public, certificate per region, idle timeout) in the blueprint: it applies to every environment"),
            "observability" => notes.add(Kind::Dropped, doc, &at, format!("`observability` of environment `{name}` is not carried over"), "Container Insights is `cluster.insights` (on by default) for the whole app"),
            _ => notes.add(Kind::Dropped, doc, &at, format!("`{key}` of environment `{name}` is not carried over"), "fleetform has no equivalent for it"),
        }
    }
    Node::Map(out)
}

/// `network.vpc` → a created network's `cidr`/`azs`, or an imported network in `region`.
fn network(
    doc: &Document,
    at: &str,
    value: &Value,
    region: &str,
    notes: &mut Notes,
) -> Option<Node> {
    let vpc = value.get("vpc")?;
    let subnets = |kind: &str| -> Vec<Value> {
        vpc.get("subnets")
            .and_then(|s| s.get(kind))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let ids = |kind: &str| -> Vec<Node> {
        subnets(kind)
            .iter()
            .filter_map(|s| {
                s.get("id")
                    .and_then(Value::as_str)
                    .map(|id| Node::str(literal(id)))
            })
            .collect()
    };
    for key in value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
        .filter(|k| *k != "vpc")
    {
        notes.add(
            Kind::Dropped,
            doc,
            &format!("{at}/{}", escape_token(key)),
            format!("`network.{key}` is not carried over"),
            "fleetform has no equivalent for it",
        );
    }
    if let Some(id) = vpc.get("id").and_then(Value::as_str) {
        let (public, private) = (ids("public"), ids("private"));
        let id_ok = |prefix: &str, id: &str| {
            id.strip_prefix(prefix).is_some_and(|hex| {
                (8..=17).contains(&hex.len())
                    && hex
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            })
        };
        let subnets_ok = |list: &[Node]| {
            list.len() >= 2
                && list
                    .iter()
                    .all(|n| matches!(n, Node::Str(s) if id_ok("subnet-", s)))
        };
        if !(id_ok("vpc-", id) && subnets_ok(&public) && subnets_ok(&private)) {
            notes.wrong_type(
                doc,
                &format!("{at}/vpc"),
                "the imported VPC",
                "a VPC ID with at least two public and two private subnet IDs",
            );
            return None;
        }
        notes.add(
            Kind::Changed,
            doc,
            &format!("{at}/vpc"),
            format!("the imported VPC `{id}` is placed in region `{region}`"),
            "an imported network is per region in a blueprint: check the region",
        );
        return Some(Node::Map(vec![(
            "import".into(),
            Node::Map(vec![(
                region.to_owned(),
                Node::Map(vec![
                    ("vpc".into(), Node::str(literal(id))),
                    ("public".into(), Node::List(public)),
                    ("private".into(), Node::List(private)),
                ]),
            )]),
        )]));
    }
    let mut out = Vec::new();
    if let Some(cidr) = vpc.get("cidr").and_then(Value::as_str) {
        out.push(("cidr".into(), Node::str(literal(cidr))));
    }
    let azs = subnets("public").len().max(subnets("private").len());
    if (2..=6).contains(&azs) {
        out.push(("azs".into(), Node::int(i64::try_from(azs).unwrap_or(2))));
    }
    for key in vpc
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
        .filter(|k| !["cidr", "subnets", "id"].contains(&k.as_str()))
    {
        notes.add(
            Kind::Dropped,
            doc,
            &format!("{at}/vpc/{}", escape_token(key)),
            format!("`network.vpc.{key}` is not carried over"),
            "a created network has `cidr`, `azs` and `nat`",
        );
    }
    if vpc.get("subnets").is_some() {
        notes.add(
            Kind::Changed,
            doc,
            &format!("{at}/vpc/subnets"),
            "subnet CIDRs are not carried over: fleetform derives them from the network's `cidr`",
            "only the number of availability zones is kept",
        );
    }
    (!out.is_empty()).then_some(Node::Map(out))
}

/// One service or job manifest being converted.
struct Manifest<'a> {
    doc: &'a Document,
    /// What `${COPILOT_ENVIRONMENT_NAME}` becomes (see [`Context::env_name`]).
    env_name: &'a str,
    spec: &'a Map<String, Value>,
    name: &'a str,
    kind: Type,
}

impl Manifest<'_> {
    fn note(&self, notes: &mut Notes, kind: Kind, at: &str, message: String, help: &str) {
        notes.add(kind, self.doc, at, message, help);
    }

    fn convert(&self, ctx: &mut Context, notes: &mut Notes) -> Node {
        let mut out = Vec::new();
        let main = self.container(self.spec, "", self.name, ctx, notes);
        let sidecars = self.sidecars(ctx, notes);
        let (cpu, memory) = self.size(notes);
        let routed = self.kind == Type::Web && self.spec.get("http") != Some(&Value::Bool(false));
        if self.kind != Type::Web && self.spec.contains_key("http") {
            // A Backend Service's `http` puts it behind an internal load balancer.
            self.note(
                notes,
                Kind::Dropped,
                "/http",
                format!("the internal load balancer (`http`) of `{}` is not carried over", self.name),
                "fleetform routes only its public load balancer: other services reach this one through `calls` and Cloud Map discovery (its path, alias and health check are not used)",
            );
        }
        if sidecars.is_empty() {
            out.extend(main);
        } else {
            let mut containers = vec![(self.name.to_owned(), Node::Map(main))];
            containers.extend(sidecars);
            out.push(("containers".into(), Node::Map(containers)));
        }
        out.push(("cpu".into(), Node::int(cpu)));
        out.push(("memory".into(), Node::int(memory)));
        let mut capacity = None;
        if self.kind == Type::Job {
            self.job(&mut out, notes);
        } else {
            let has_port =
                port_number(self.spec.get("image").and_then(|i| i.get("port"))).is_some();
            let route = if routed && has_port {
                self.route(!out.iter().any(|(k, _)| k == "containers"), notes)
            } else {
                if routed {
                    self.note(
                        notes,
                        Kind::Dropped,
                        "/http",
                        format!(
                            "service `{}` has no `image.port`, so its route is not carried over",
                            self.name
                        ),
                        "add `port` and `route` in the blueprint",
                    );
                }
                None
            };
            capacity = self.count(&mut out, route.is_some(), notes);
            if let Some(route) = route {
                out.push(("route".into(), route));
            }
        }
        if let Some(capacity) = capacity {
            out.push(("capacity".into(), capacity));
        }
        self.rest(&mut out, ctx, notes);
        out.push(("hardening".into(), self.hardening()));
        Node::Map(out)
    }

    /// Copilot runs tasks with a writable root filesystem (unless `storage.readonly_fs`) and the
    /// container runtime's default capabilities; the blueprint keeps both, so the imported
    /// service behaves as before (removing the opt-outs hardens it).
    fn hardening(&self) -> Node {
        let read_only =
            self.spec.get("storage").and_then(|s| s.get("readonly_fs")) == Some(&Value::Bool(true));
        let mut opt_outs = Vec::new();
        if !read_only {
            opt_outs.push(("read-only-root".into(), Node::Bool(false)));
        }
        opt_outs.push(("drop-capabilities".into(), Node::Bool(false)));
        Node::Map(opt_outs)
    }

    /// The container fields of the manifest (or of a sidecar at `base`).
    fn container(
        &self,
        spec: &Map<String, Value>,
        base: &str,
        repo: &str,
        ctx: &mut Context,
        notes: &mut Notes,
    ) -> Vec<(String, Node)> {
        let mut out = Vec::new();
        let image = spec.get("image");
        let image_text = self.image(image, base, repo, &ctx.app, notes);
        out.push(("image".to_owned(), Node::str(image_text)));
        let (port, port_at) = if base.is_empty() {
            (image.and_then(|i| i.get("port")), "/image/port".to_owned())
        } else {
            (spec.get("port"), format!("{base}/port"))
        };
        if port.is_some() {
            match port_number(port) {
                Some(p) if self.kind != Type::Job => out.push(("port".into(), Node::int(p))),
                Some(_) => self.note(
                    notes,
                    Kind::Dropped,
                    &port_at,
                    format!("the port of job `{}` is not carried over", self.name),
                    "nothing connects to a job",
                ),
                None => notes.wrong_type(self.doc, &port_at, "`port`", "a port number"),
            }
        }
        if !base.is_empty()
            && let Some(essential) = spec.get("essential").and_then(Value::as_bool)
        {
            out.push(("essential".into(), Node::Bool(essential)));
        }
        if let Some(command) = self.command(spec, base, notes) {
            out.push(("command".into(), command));
        }
        let (env, secrets) = self.variables(spec, base, ctx, notes);
        if !env.is_empty() {
            out.push(("env".into(), Node::Map(env)));
        }
        if !secrets.is_empty() {
            out.push(("secrets".into(), Node::Map(secrets)));
        }
        let check = if base.is_empty() {
            image.and_then(|i| i.get("healthcheck"))
        } else {
            spec.get("healthcheck")
        };
        if let Some(h) = check {
            let at = if base.is_empty() {
                "/image/healthcheck".to_owned()
            } else {
                format!("{base}/healthcheck")
            };
            if self.kind == Type::Job {
                self.note(
                    notes,
                    Kind::Dropped,
                    &at,
                    format!(
                        "the health check of job `{}` is not carried over",
                        self.name
                    ),
                    "jobs have no health check in a blueprint",
                );
            } else if let Some(node) =
                health::convert(self.doc, &at, h, "command", self.name, notes)
            {
                out.push(("health".into(), node));
            }
        }
        out
    }

    /// The image of the main container (`base` empty: `image.location` or `image.build`) or of
    /// a sidecar (`image` as a string, or `{ location }` / `{ build }`). A built image, or one
    /// that still needs a shell variable, points at the ECR repository `{app}/{repo}` to fill;
    /// a tag that is one shell variable becomes `{{tag}}`. Other `image` keys are noted.
    fn image(
        &self,
        image: Option<&Value>,
        base: &str,
        repo: &str,
        app: &str,
        notes: &mut Notes,
    ) -> String {
        let ecr = format!(
            "{{{{account}}}}.dkr.ecr.{{{{region}}}}.{{{{url_suffix}}}}/{app}/{repo}:{{{{tag}}}}"
        );
        let (location, at) = match image {
            Some(Value::String(s)) => (Some(s.as_str()), format!("{base}/image")),
            Some(Value::Object(m)) => {
                for key in m.keys() {
                    let help = match key.as_str() {
                        "location" | "build" => continue,
                        "port" | "healthcheck" if base.is_empty() => continue,
                        "depends_on" => {
                            "a blueprint starts a task's containers together: make the container wait for what it needs, or keep it `essential`"
                        }
                        "labels" => "Docker labels are not set; tag the app with `tags` instead",
                        "credentials" => {
                            "the blueprint pulls from ECR and public registries with the task's execution role"
                        }
                        _ => "a blueprint container has an image reference only",
                    };
                    self.note(
                        notes,
                        Kind::Dropped,
                        &format!("{base}/image/{}", escape_token(key)),
                        format!("`image.{key}` of `{}` is not carried over", self.name),
                        help,
                    );
                }
                (
                    m.get("location").and_then(Value::as_str),
                    format!("{base}/image/location"),
                )
            }
            _ => (None, format!("{base}/image")),
        };
        // Braces are no part of an image reference (and would read as interpolation).
        if location.is_some_and(|l| l.contains("{{")) {
            notes.wrong_type(self.doc, &at, "`image`", "an image reference");
            return ecr;
        }
        let Some(loc) = location else {
            let build = if image.is_some_and(Value::is_object) {
                format!("{base}/image/build")
            } else {
                format!("{base}/image")
            };
            self.note(notes, Kind::Todo, &build, format!("the image of `{}` is built by Copilot", if base.is_empty() { self.name.to_owned() } else { format!("{}{base}", self.name) }), "build and push it in CI (fleetform `pipeline:` builds into ECR); the blueprint points at an ECR repository to fill");
            return ecr;
        };
        let text = literal(loc)
            .replace("${COPILOT_APPLICATION_NAME}", "{{app}}")
            .replace("${COPILOT_ENVIRONMENT_NAME}", self.env_name)
            .replace("${COPILOT_SERVICE_NAME}", self.name);
        if text.contains('$') {
            // Copilot substitutes shell variables when it deploys; ECS would not (FF0480).
            let (repository, tag) = text.rsplit_once(':').unwrap_or((&text, ""));
            let one_variable = tag.starts_with("${")
                && tag.ends_with('}')
                && tag.matches('$').count() == 1
                && !repository.contains('$');
            if one_variable {
                self.note(
                    notes,
                    Kind::Changed,
                    &at,
                    format!("the tag `{tag}` of image `{loc}`, a shell variable Copilot substitutes, becomes `{{{{tag}}}}`"),
                    "set the app `tag` (or pass `ImageTag` per deploy) to the value the variable held",
                );
                return format!("{repository}:{{{{tag}}}}");
            }
            self.note(
                notes,
                Kind::Todo,
                &at,
                format!("image `{loc}` of `{}` needs shell variables Copilot substitutes: the blueprint points at an ECR repository to fill", self.name),
                "write the image reference with its values (or `{{tag}}`) in the blueprint",
            );
            return ecr;
        }
        if convert::has_tag(loc) {
            text
        } else {
            self.note(
                notes,
                Kind::Changed,
                &at,
                format!("image `{loc}` has no tag: imported as `{loc}:latest`"),
                "pin a version (`:1.4.2`) or use `:{{tag}}`",
            );
            format!("{text}:latest")
        }
    }

    /// Replaces Copilot's `${COPILOT_…}` names with blueprint interpolation; other `${…}`
    /// (shell variables Copilot substitutes) stay literal, with a note.
    fn substitute(&self, text: &str, at: &str, notes: &mut Notes) -> String {
        let mut out = literal(text)
            .replace("${COPILOT_APPLICATION_NAME}", "{{app}}")
            .replace("${COPILOT_ENVIRONMENT_NAME}", self.env_name)
            .replace("${COPILOT_SERVICE_NAME}", self.name);
        // Copilot's service discovery names (`{svc}.{env}.{app}.local`) are Cloud Map's
        // `{svc}.{env}.{app}.internal` in a blueprint (see [`built_in_discovery`]).
        let local = format!(".{}.{{{{app}}}}.local", self.env_name);
        if out.contains(&local) {
            out = out.replace(&local, &format!(".{}.{{{{app}}}}.internal", self.env_name));
            self.note(
                notes,
                Kind::Changed,
                at,
                format!(
                    "the service discovery name in `{text}` ends in `.internal` instead of `.local`"
                ),
                "the blueprint's Cloud Map names are `{service}.{env}.{app}.internal`",
            );
        }
        if out.contains("${") {
            self.note(
                notes,
                Kind::Todo,
                at,
                format!("`{text}` uses a shell variable Copilot substitutes; written literally"),
                "replace `${…}` with a value, `{{tag}}` or a blueprint `vars` name",
            );
        }
        out
    }

    fn command(&self, spec: &Map<String, Value>, base: &str, notes: &mut Notes) -> Option<Node> {
        let words = |field: &str, notes: &mut Notes| -> Option<Vec<String>> {
            let parsed = match spec.get(field)? {
                Value::String(s) => convert::split_command(s),
                Value::Array(items) => items.iter().map(convert::scalar_text).collect(),
                _ => None,
            };
            if parsed.is_none() {
                notes.wrong_type(
                    self.doc,
                    &format!("{base}/{field}"),
                    &format!("`{field}`"),
                    "a list of strings or a command line",
                );
            }
            parsed
        };
        let entrypoint = words("entrypoint", notes);
        let command = words("command", notes);
        if entrypoint.is_some() {
            self.note(notes, Kind::Changed, &format!("{base}/entrypoint"), format!("the entrypoint of `{}` is prepended to its command", self.name), "a blueprint sets only the command, which follows the image's ENTRYPOINT: this is right only for an image without one");
        }
        let all: Vec<String> = entrypoint
            .into_iter()
            .flatten()
            .chain(command.into_iter().flatten())
            .collect();
        (!all.is_empty()).then(|| Node::List(all.iter().map(|w| Node::str(literal(w))).collect()))
    }

    /// `variables` and `secrets`, plus per-environment `variables` overrides (as `vars`).
    fn variables(
        &self,
        spec: &Map<String, Value>,
        base: &str,
        ctx: &mut Context,
        notes: &mut Notes,
    ) -> (Fields, Fields) {
        let mut env = Vec::new();
        let mut secrets = Vec::new();
        let overrides: BTreeMap<String, Map<String, Value>> = if base.is_empty() {
            self.spec
                .get("environments")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(e, o)| Some((e.clone(), o.get("variables")?.as_object()?.clone())))
                .collect()
        } else {
            BTreeMap::new()
        };
        let vars = spec.get("variables");
        let mut names: Vec<String> = vars
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for o in overrides.values() {
            for k in o.keys() {
                if !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
        if vars.is_some_and(|v| !v.is_object()) {
            notes.wrong_type(
                self.doc,
                &format!("{base}/variables"),
                "`variables`",
                "a mapping",
            );
        }
        for key in names {
            let at = format!("{base}/variables/{}", escape_token(&key));
            let value = vars.and_then(|v| v.get(&key));
            if !convert::env_name(&key) {
                self.note(
                    notes,
                    Kind::Dropped,
                    &at,
                    format!(
                        "variable `{key}` of `{}` is not a valid name: not carried over",
                        self.name
                    ),
                    "variable names are letters, digits and `_`",
                );
                continue;
            }
            let text = match value {
                None => None,
                Some(v) => {
                    match convert::scalar_text(v) {
                        Some(t) => Some(t),
                        None => {
                            // `{ from_cfn: … }`: a CloudFormation export.
                            self.note(notes, Kind::Dropped, &at, format!("variable `{key}` of `{}` is not a plain value: not carried over", self.name), "put the value (or an SSM parameter under `secrets`) in the blueprint");
                            continue;
                        }
                    }
                }
            };
            if convert::secret_name(&key) || text.as_deref().is_some_and(convert::secret_value) {
                let reference = format!(
                    "ssm:/{}/{{{{env}}}}/{}/{}",
                    ctx.app,
                    self.name,
                    convert::name(&key, 100, "secret")
                );
                self.note(notes, Kind::Todo, &at, format!("variable `{key}` of `{}` looks secret: it becomes a secret reference, its value is not carried over", self.name), &format!("store the value as the SSM SecureString parameter `{}` (per environment)", &reference[4..]));
                secrets.push((key, Node::str(reference)));
                continue;
            }
            let per_env: Vec<(&String, Option<String>)> = overrides
                .iter()
                .filter_map(|(e, o)| o.get(&key).map(|v| (e, convert::scalar_text(v))))
                .collect();
            let plain = text.as_deref().map(|t| self.substitute(t, &at, notes));
            if per_env.is_empty() {
                env.push((key, Node::str(plain.unwrap_or_default())));
                continue;
            }
            let values_ok = per_env.iter().all(|(_, v)| {
                v.as_ref()
                    .is_some_and(|v| !v.contains("{{") && !v.contains("${"))
            }) && text
                .as_deref()
                .is_none_or(|t| !t.contains("{{") && !t.contains("${"));
            if !values_ok {
                self.note(notes, Kind::Dropped, "/environments", format!("per-environment values of `{key}` of `{}` are not carried over", self.name), "blueprint `vars` are plain text: write the values into each environment's `vars` by hand");
                env.push((key, Node::str(plain.unwrap_or_default())));
                continue;
            }
            let var = format!("{}_{key}", self.name);
            ctx.vars
                .push((var.clone(), text.clone().unwrap_or_default()));
            if text.is_none() {
                self.note(
                    notes,
                    Kind::Changed,
                    "/environments",
                    format!(
                        "`{key}` of `{}` is set only in some environments: elsewhere it is empty",
                        self.name
                    ),
                    "ECS cannot leave a variable out per environment; the app var default is \"\"",
                );
            }
            for (e, v) in per_env {
                let e = ctx
                    .env_names
                    .get(e.as_str())
                    .cloned()
                    .unwrap_or_else(|| convert::name(e, 16, "env"));
                ctx.env_vars
                    .entry(e)
                    .or_default()
                    .insert(var.clone(), v.unwrap_or_default());
            }
            env.push((key, Node::str(format!("{{{{{var}}}}}"))));
        }
        if let Some(value) = spec.get("secrets") {
            let Some(map) = value.as_object() else {
                notes.wrong_type(
                    self.doc,
                    &format!("{base}/secrets"),
                    "`secrets`",
                    "a mapping",
                );
                return (env, secrets);
            };
            for (key, v) in map {
                let at = format!("{base}/secrets/{}", escape_token(key));
                if !convert::env_name(key) {
                    self.note(
                        notes,
                        Kind::Dropped,
                        &at,
                        format!(
                            "secret `{key}` of `{}` is not a valid variable name: not carried over",
                            self.name
                        ),
                        "variable names are letters, digits and `_`",
                    );
                    continue;
                }
                let reference = match v {
                    Value::String(s) => {
                        let s = self.substitute(s, &at, notes);
                        if s.starts_with("arn:") {
                            self.note(notes, Kind::Todo, &at, format!("secret `{key}` of `{}` is given by ARN", self.name), "write it as `ssm:/name` or `secretsmanager:name`: fleetform builds the ARN per region");
                            continue;
                        }
                        format!("ssm:{s}")
                    }
                    Value::Object(m) => {
                        match m.get("secretsmanager").and_then(Value::as_str) {
                            Some(sm) => {
                                let sm = self.substitute(sm, &at, notes);
                                // Copilot: `name:json-key:version-stage:version-id`.
                                let mut parts = sm.splitn(4, ':');
                                let secret = parts.next().unwrap_or_default().to_owned();
                                let key_part = parts.next().unwrap_or_default();
                                if parts.any(|p| !p.is_empty()) {
                                    self.note(notes, Kind::Dropped, &at, format!("the version of secret `{key}` of `{}` is not carried over", self.name), "ECS then reads the current version");
                                }
                                if key_part.is_empty() {
                                    format!("secretsmanager:{secret}")
                                } else {
                                    format!("secretsmanager:{secret}#{key_part}")
                                }
                            }
                            None => {
                                self.note(notes, Kind::Dropped, &at, format!("secret `{key}` of `{}` is not carried over", self.name), "write it as `ssm:/name` or `secretsmanager:name` in the blueprint");
                                continue;
                            }
                        }
                    }
                    _ => {
                        notes.wrong_type(
                            self.doc,
                            &at,
                            &format!("secret `{key}`"),
                            "an SSM parameter name or `{ secretsmanager: name }`",
                        );
                        continue;
                    }
                };
                if !convert::secret_reference(&reference) {
                    notes.wrong_type(
                        self.doc,
                        &at,
                        &format!("secret `{key}`"),
                        "an SSM parameter name or `{ secretsmanager: name }`",
                    );
                    continue;
                }
                secrets.push((key.clone(), Node::str(reference)));
            }
        }
        (env, secrets)
    }

    fn sidecars(&self, ctx: &mut Context, notes: &mut Notes) -> Vec<(String, Node)> {
        let Some(value) = self.spec.get("sidecars") else {
            return Vec::new();
        };
        let Some(map) = value.as_object() else {
            notes.wrong_type(self.doc, "/sidecars", "`sidecars`", "a mapping");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, spec) in map {
            let base = format!("/sidecars/{}", escape_token(key));
            let Some(spec) = spec.as_object() else {
                notes.wrong_type(self.doc, &base, &format!("sidecar `{key}`"), "a mapping");
                continue;
            };
            let mut name = convert::name(key, 31, "sidecar");
            if name == self.name {
                name = format!("{}-sidecar", &name[..name.len().min(23)]);
            }
            let repo = format!("{}-{name}", self.name);
            let mut node = self.container(spec, &base, &repo, ctx, notes);
            if !spec.contains_key("essential") {
                // Copilot sidecars are essential unless told otherwise, as in ECS.
                node.push(("essential".into(), Node::Bool(true)));
            }
            for k in spec.keys() {
                if ![
                    "image",
                    "port",
                    "essential",
                    "variables",
                    "secrets",
                    "command",
                    "entrypoint",
                    "healthcheck",
                ]
                .contains(&k.as_str())
                {
                    self.note(notes, Kind::Dropped, &format!("{base}/{}", escape_token(k)), format!("`{k}` of sidecar `{key}` of `{}` is not carried over", self.name), "a blueprint container has image, port, essential, command, env, secrets and health");
                }
            }
            out.push((name, Node::Map(node)));
        }
        out
    }

    fn size(&self, notes: &mut Notes) -> (u32, u32) {
        let get = |k: &str| {
            self.spec
                .get(k)
                .and_then(Value::as_u64)
                .and_then(|v| u32::try_from(v).ok())
        };
        for k in ["cpu", "memory"] {
            if self.spec.get(k).is_some() && get(k).is_none() {
                notes.wrong_type(self.doc, &format!("/{k}"), &format!("`{k}`"), "a number");
            }
        }
        let (cpu, memory) = (get("cpu").unwrap_or(256), get("memory").unwrap_or(512));
        let (c, m) = convert::fargate_size(cpu, memory);
        if (c, m) != (cpu, memory) {
            self.note(notes, Kind::Changed, "/cpu", format!("`{}` asks for {cpu} cpu units and {memory} MiB: rounded up to the Fargate size {c}/{m}", self.name), "Fargate offers fixed cpu/memory pairs (see `fleetform explain FF0301`)");
        }
        (c, m)
    }

    /// `http` → `route`.
    fn route(&self, single: bool, notes: &mut Notes) -> Option<Node> {
        let http = self.spec.get("http")?.as_object()?;
        let mut out = Vec::new();
        let path = http.get("path").and_then(Value::as_str).unwrap_or("/");
        let path = path.trim_matches('/');
        if path.is_empty() {
            out.push(("path".to_owned(), Node::str("/*")));
        } else {
            // What the load balancer refuses (FF0442) is matched by `?` instead; that also
            // leaves no `{{` to escape.
            let paths = [format!("/{path}"), format!("/{path}/*")].map(|p| path_suggestion(&p));
            if paths[0] != format!("/{path}") {
                self.note(
                    notes,
                    Kind::Changed,
                    "/http/path",
                    format!("the path `{path}` of `{}` is routed as `{}`", self.name, paths[0]),
                    "a load-balancer path takes letters, digits and `_ - . $ / ~ \" ' @ : + &`, at most 128 characters; `?` matches any other",
                );
            }
            out.push((
                "path".to_owned(),
                Node::List(paths.iter().map(|p| Node::str(literal(p))).collect()),
            ));
        }
        let aliases: Vec<&str> = match http.get("alias") {
            Some(Value::String(host)) => vec![host.as_str()],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().or_else(|| i.get("name")?.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        let mut hosts = Vec::new();
        for host in aliases {
            if host_problem(host).is_some() {
                self.note(
                    notes,
                    Kind::Dropped,
                    "/http/alias",
                    format!("the alias `{host}` of `{}` is not a host the load balancer accepts", self.name),
                    "a load-balancer host is a DNS name of letters, digits, `-` and `.`: add it to `route.host`",
                );
            } else {
                hosts.push(Node::str(host));
            }
        }
        match hosts.len() {
            0 => {}
            1 => out.extend(hosts.pop().map(|h| ("host".to_owned(), h))),
            _ => out.push(("host".into(), Node::List(hosts))),
        }
        match http.get("healthcheck") {
            Some(Value::String(p)) => out.push(("health".into(), Node::str(health_path(p)))),
            Some(Value::Object(h)) => {
                if let Some(p) = h.get("path").and_then(Value::as_str) {
                    out.push(("health".into(), Node::str(health_path(p))));
                }
                for k in h.keys().filter(|k| *k != "path") {
                    self.note(
                        notes,
                        Kind::Dropped,
                        &format!("/http/healthcheck/{}", escape_token(k)),
                        format!(
                            "`http.healthcheck.{k}` of `{}` is not carried over",
                            self.name
                        ),
                        "the target group health check takes only a path in a blueprint",
                    );
                }
            }
            _ => {}
        }
        if !single {
            let target = http
                .get("target_container")
                .and_then(Value::as_str)
                .map_or_else(|| self.name.to_owned(), |t| convert::name(t, 31, "sidecar"));
            out.push(("container".into(), Node::str(target)));
        }
        for k in http.keys() {
            if !["path", "alias", "healthcheck", "target_container"].contains(&k.as_str()) {
                self.note(
                    notes,
                    Kind::Dropped,
                    &format!("/http/{}", escape_token(k)),
                    format!("`http.{k}` of `{}` is not carried over", self.name),
                    "a route has path, host, health, priority and container",
                );
            }
        }
        Some(Node::Map(out))
    }

    /// `count` → `count`, or `scaling` for a range; returns a capacity for Spot counts.
    fn count(
        &self,
        out: &mut Vec<(String, Node)>,
        routed: bool,
        notes: &mut Notes,
    ) -> Option<Node> {
        let count = self.spec.get("count")?;
        if let Some(n) = count.as_u64() {
            out.push((
                "count".into(),
                Node::Int(i64::try_from(n.min(5000)).unwrap_or(1)),
            ));
            return None;
        }
        let Some(c) = count.as_object() else {
            notes.wrong_type(self.doc, "/count", "`count`", "a number or a mapping");
            return None;
        };
        if let Some(spot) = c.get("spot").and_then(Value::as_u64) {
            out.push((
                "count".into(),
                Node::Int(i64::try_from(spot.min(5000)).unwrap_or(1)),
            ));
            return Some(Node::str("spot"));
        }
        let (min, max) = match c.get("range") {
            Some(Value::String(r)) => match r.split_once('-').and_then(|(a, b)| {
                Some((a.trim().parse::<u64>().ok()?, b.trim().parse::<u64>().ok()?))
            }) {
                Some(p) => p,
                None => {
                    notes.wrong_type(self.doc, "/count/range", "`count.range`", "`MIN-MAX`");
                    return None;
                }
            },
            Some(Value::Object(r)) => {
                if r.contains_key("spot_from") {
                    self.note(notes, Kind::Dropped, "/count/range/spot_from", format!("`spot_from` of `{}` is not carried over", self.name), "use a capacity strategy (`capacity: [{ provider: fargate, base: N }, { provider: spot, weight: 1 }]`)");
                }
                match (
                    r.get("min").and_then(Value::as_u64),
                    r.get("max").and_then(Value::as_u64),
                ) {
                    (Some(a), Some(b)) => (a, b),
                    _ => {
                        notes.wrong_type(
                            self.doc,
                            "/count/range",
                            "`count.range`",
                            "`{ min, max }`",
                        );
                        return None;
                    }
                }
            }
            _ => {
                notes.wrong_type(
                    self.doc,
                    "/count",
                    "`count`",
                    "a number or a mapping with `range`",
                );
                return None;
            }
        };
        // Application Auto Scaling bounds: 0 ≤ min ≤ max, 1 ≤ max ≤ 5000.
        let max = max.clamp(1, 5000);
        let min = min.min(max);
        let mut scaling = vec![
            ("min".to_owned(), Node::Int(i64::try_from(min).unwrap_or(1))),
            ("max".to_owned(), Node::Int(i64::try_from(max).unwrap_or(1))),
        ];
        for (field, key) in [
            ("cpu_percentage", "cpu"),
            ("memory_percentage", "memory"),
            ("requests", "requests"),
        ] {
            let Some(v) = c.get(field) else { continue };
            for k in v.as_object().into_iter().flat_map(Map::keys) {
                if k != "value" {
                    let help = if k == "cooldown" {
                        "a blueprint's scaling has one cooldown for every target: set `scaling.cooldown`"
                    } else {
                        "a scaling target has a value only"
                    };
                    self.note(
                        notes,
                        Kind::Dropped,
                        &format!("/count/{field}/{}", escape_token(k)),
                        format!("`count.{field}.{k}` of `{}` is not carried over", self.name),
                        help,
                    );
                }
            }
            let n = v
                .as_u64()
                .or_else(|| v.get("value").and_then(Value::as_u64));
            match n {
                Some(_) if key == "requests" && !routed => self.note(
                    notes,
                    Kind::Dropped,
                    &format!("/count/{field}"),
                    format!(
                        "`count.requests` of `{}` is not carried over: it has no route",
                        self.name
                    ),
                    "scaling on requests needs a route",
                ),
                Some(n) if n >= 1 && n <= if key == "requests" { 1_000_000 } else { 100 } => {
                    scaling.push((key.to_owned(), Node::Int(i64::try_from(n).unwrap_or(1))));
                }
                _ => notes.wrong_type(
                    self.doc,
                    &format!("/count/{field}"),
                    &format!("`{field}`"),
                    "a number",
                ),
            }
        }
        // Copilot's keys are `in` and `out` (durations), as the blueprint's; unset, Copilot
        // uses 120 s in and 60 s out, which are written out so the service scales as it did.
        {
            let cd = c.get("cooldown").cloned().unwrap_or_default();
            let mut cooldown = Vec::new();
            for (key, default) in [("in", 120), ("out", 60)] {
                let Some(v) = cd.get(key) else {
                    cooldown.push((key.to_owned(), Node::int(default)));
                    continue;
                };
                match convert::seconds(v).map(|s| s.min(86_400)) {
                    Some(s) => {
                        cooldown.push((key.to_owned(), Node::Int(i64::try_from(s).unwrap_or(0))));
                    }
                    None => notes.wrong_type(
                        self.doc,
                        &format!("/count/cooldown/{key}"),
                        &format!("`count.cooldown.{key}`"),
                        "a duration like `60s`",
                    ),
                }
            }
            for k in cd.as_object().into_iter().flat_map(Map::keys) {
                if k != "in" && k != "out" {
                    self.note(
                        notes,
                        Kind::Dropped,
                        &format!("/count/cooldown/{}", escape_token(k)),
                        format!(
                            "`count.cooldown.{k}` of `{}` is not carried over",
                            self.name
                        ),
                        "a cooldown has `in` and `out`",
                    );
                }
            }
            if !cooldown.is_empty() {
                scaling.push(("cooldown".into(), Node::Map(cooldown)));
            }
        }
        for k in c.keys() {
            if ![
                "range",
                "cpu_percentage",
                "memory_percentage",
                "requests",
                "cooldown",
            ]
            .contains(&k.as_str())
            {
                self.note(notes, Kind::Dropped, &format!("/count/{}", escape_token(k)), format!("`count.{k}` of `{}` is not carried over", self.name), "target tracking in a blueprint is on cpu, memory and requests; see `scaling.steps` for other metrics");
            }
        }
        out.push(("scaling".into(), Node::Map(scaling)));
        None
    }

    /// A Scheduled Job's `on.schedule` → `schedule`.
    fn job(&self, out: &mut Vec<(String, Node)>, notes: &mut Notes) {
        let Some(on) = self.spec.get("on") else {
            return;
        };
        let Some(schedule) = on.get("schedule").and_then(Value::as_str) else {
            notes.wrong_type(self.doc, "/on", "`on`", "`{ schedule: … }`");
            return;
        };
        match schedule_expression(schedule) {
            Some(expr) if expr.is_empty() => {}
            Some(expr) => out.push(("schedule".into(), Node::str(expr))),
            None => self.note(notes, Kind::Dropped, "/on/schedule", format!("the schedule `{schedule}` of job `{}` is not carried over", self.name), "write it as `cron(…)` (six fields), `rate(…)` or `at(…)` (see `fleetform explain FF0372`)"),
        }
    }

    /// Everything else of the manifest: mapped where the blueprint has it, else noted.
    fn rest(&self, out: &mut Vec<(String, Node)>, ctx: &mut Context, notes: &mut Notes) {
        for (key, value) in self.spec {
            let at = format!("/{}", escape_token(key));
            let help = match key.as_str() {
                "name" | "type" | "image" | "cpu" | "memory" | "count" | "http" | "variables"
                | "secrets" | "sidecars" | "command" | "entrypoint" | "on" => continue,
                "network" => {
                    self.network(out, value, ctx, notes);
                    continue;
                }
                "logging" => {
                    if let Some(days) = value.get("retention").and_then(Value::as_u64) {
                        // CloudWatch Logs takes fixed retention periods: the next one up.
                        const DAYS: [u64; 22] = [
                            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
                            1827, 2192, 2557, 2922, 3288, 3653,
                        ];
                        let kept = DAYS.iter().copied().find(|d| *d >= days).unwrap_or(3653);
                        if kept != days {
                            self.note(notes, Kind::Changed, "/logging/retention", format!("log retention {days} days of `{}` becomes {kept}", self.name), "CloudWatch Logs keeps logs for fixed periods (see `logs.retention`)");
                        }
                        out.push((
                            "logs".into(),
                            Node::Map(vec![(
                                "retention".into(),
                                Node::Int(i64::try_from(kept).unwrap_or(30)),
                            )]),
                        ));
                    }
                    if value
                        .as_object()
                        .is_some_and(|m| m.keys().any(|k| k != "retention"))
                    {
                        self.note(
                            notes,
                            Kind::Dropped,
                            &at,
                            format!("FireLens logging of `{}` is not carried over", self.name),
                            "logs go to CloudWatch Logs (`logs.retention`)",
                        );
                    }
                    continue;
                }
                "deployment" => {
                    match value.get("rolling").and_then(Value::as_str) {
                        Some("recreate") => out.push((
                            "deploy".into(),
                            Node::Map(vec![(
                                "rolling".into(),
                                Node::Map(vec![
                                    ("minimum-healthy-percent".into(), Node::int(0)),
                                    ("maximum-percent".into(), Node::int(100)),
                                ]),
                            )]),
                        )),
                        Some("default") | None => {}
                        Some(other) => self.note(
                            notes,
                            Kind::Dropped,
                            &at,
                            format!(
                                "rolling deployment `{other}` of `{}` is not carried over",
                                self.name
                            ),
                            "see `deploy.rolling` in the blueprint",
                        ),
                    }
                    if value
                        .as_object()
                        .is_some_and(|m| m.keys().any(|k| k != "rolling"))
                    {
                        self.note(notes, Kind::Dropped, &at, format!("deployment settings of `{}` other than `rolling` are not carried over", self.name), "see `deploy` (circuit breaker, alarms) in the blueprint");
                    }
                    continue;
                }
                "environments" => {
                    self.overrides(value, notes);
                    continue;
                }
                "exec" if self.kind != Type::Job => {
                    match value {
                        Value::Bool(false) => {}
                        Value::Bool(true) => out.push(("exec".into(), Node::Bool(true))),
                        _ => notes.wrong_type(self.doc, &at, "`exec`", "`true` or `false`"),
                    }
                    continue;
                }
                "retries" | "timeout" if self.kind == Type::Job => {
                    "a job in a blueprint does not retry failed tasks or time out: the task should bound itself (Scheduler `retries` are for starting it)"
                }
                "subscribe" => {
                    "the SQS queue and SNS subscriptions are not created: define them elsewhere and grant access with `permissions`"
                }
                "publish" => {
                    "SNS topics are not created: define them elsewhere and grant access with `permissions`"
                }
                "storage" => {
                    "Fargate tasks have no persistent volumes in a blueprint: keep state in a managed store (RDS, S3, EFS)"
                }
                "platform" => {
                    "fleetform tasks run on linux/x86_64 Fargate (or EC2 capacity of your choice)"
                }
                "observability" => "X-Ray tracing is not set up",
                "taskdef_overrides" => "the blueprint has no raw task-definition overrides",
                _ => "fleetform has no equivalent for it",
            };
            self.note(
                notes,
                Kind::Dropped,
                &at,
                format!("`{key}` of `{}` is not carried over", self.name),
                help,
            );
        }
    }

    fn network(
        &self,
        out: &mut Vec<(String, Node)>,
        value: &Value,
        ctx: &mut Context,
        notes: &mut Notes,
    ) {
        let Some(n) = value.as_object() else {
            notes.wrong_type(self.doc, "/network", "`network`", "a mapping");
            return;
        };
        for (key, v) in n {
            let at = format!("/network/{}", escape_token(key));
            match key.as_str() {
                "vpc" => {
                    if v.get("placement").and_then(Value::as_str) == Some("public") {
                        out.push(("public-ip".into(), Node::Bool(true)));
                    }
                    if v.get("security_groups").is_some() {
                        self.note(
                            notes,
                            Kind::Dropped,
                            "/network/vpc/security_groups",
                            format!(
                                "extra security groups of `{}` are not carried over",
                                self.name
                            ),
                            "`calls` opens ports between services of the app",
                        );
                    }
                }
                "connect" if v != &Value::Bool(false) => {
                    ctx.discovery = true;
                    self.note(notes, Kind::Changed, &at, format!("Service Connect of `{}` becomes Cloud Map discovery", self.name), "services are reached at `{service}.{env}.{app}.internal`; declare who calls whom with `calls`");
                }
                "connect" => {}
                _ => self.note(
                    notes,
                    Kind::Dropped,
                    &at,
                    format!("`network.{key}` of `{}` is not carried over", self.name),
                    "fleetform has no equivalent for it",
                ),
            }
        }
    }

    /// `environments.<env>`: variables were taken by [`Self::variables`]; the rest is noted.
    fn overrides(&self, value: &Value, notes: &mut Notes) {
        let Some(envs) = value.as_object() else {
            notes.wrong_type(self.doc, "/environments", "`environments`", "a mapping");
            return;
        };
        for (env, o) in envs {
            for key in o
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
                .filter(|k| *k != "variables")
            {
                self.note(notes, Kind::Dropped, &format!("/environments/{}/{}", escape_token(env), escape_token(key)), format!("`{key}` of `{}` in environment `{env}` is not carried over", self.name), &format!("write its blueprint counterpart under `environments.{env}.overrides.all.services.{}` (typed values such as `count`, `cpu`, `memory`); per-environment strings can also go through `vars`", self.name));
            }
        }
    }
}

/// A target group health-check path: Copilot accepts one without the leading `/`.
fn health_path(path: &str) -> String {
    let path = literal(path.trim());
    if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    }
}

/// A port as Copilot writes it: `8080`, `"8080"` or `"8080/tcp"`.
fn port_number(value: Option<&Value>) -> Option<u16> {
    let text = convert::scalar_text(value?)?;
    text.split('/')
        .next()?
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
}

/// A Copilot schedule → an `EventBridge` Scheduler expression (empty for `none`), or `None`
/// when it cannot be converted.
fn schedule_expression(text: &str) -> Option<String> {
    let t = text.trim();
    let fixed = match t {
        "none" => return Some(String::new()),
        "@yearly" | "@annually" => "cron(0 0 1 1 ? *)",
        "@monthly" => "cron(0 0 1 * ? *)",
        "@weekly" => "cron(0 0 ? * SUN *)",
        "@daily" | "@midnight" => "cron(0 0 * * ? *)",
        "@hourly" => "rate(1 hour)",
        _ => "",
    };
    if !fixed.is_empty() {
        return Some(fixed.to_owned());
    }
    if t.starts_with("cron(") || t.starts_with("rate(") || t.starts_with("at(") {
        return Some(t.to_owned());
    }
    if let Some(every) = t.strip_prefix("@every ") {
        let seconds = convert::seconds(&Value::String(every.trim().to_owned()))?;
        if seconds == 0 || seconds % 60 != 0 {
            return None;
        }
        let minutes = seconds / 60;
        return Some(if minutes % 1440 == 0 {
            plural_rate(minutes / 1440, "day")
        } else if minutes % 60 == 0 {
            plural_rate(minutes / 60, "hour")
        } else {
            plural_rate(minutes, "minute")
        });
    }
    let fields: Vec<&str> = t.split_whitespace().collect();
    let [minute, hour, dom, month, dow] = fields.as_slice() else {
        return None;
    };
    // Unix cron counts weekdays 0-6 from Sunday (7 is Sunday too); Scheduler names them.
    let dow = if *dow == "*" {
        "?".to_owned()
    } else {
        let names = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
        let mut out = String::new();
        for c in dow.split_inclusive([',', '-']) {
            let (num, sep) = c.split_at(c.trim_end_matches([',', '-']).len());
            let name = match num.parse::<usize>() {
                Ok(n) if n < 8 => names[n].to_owned(),
                Err(_) if num.chars().all(|c| c.is_ascii_alphabetic()) => num.to_ascii_uppercase(),
                _ => return None,
            };
            out.push_str(&name);
            out.push_str(sep);
        }
        out
    };
    let dom = match (*dom, dow.as_str()) {
        (d, "?") => d.to_owned(),
        ("*", _) => "?".to_owned(),
        _ => return None,
    };
    Some(format!("cron({minute} {hour} {dom} {month} {dow} *)"))
}

fn plural_rate(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("rate(1 {unit})")
    } else {
        format!("rate({n} {unit}s)")
    }
}

#[cfg(test)]
mod tests {
    use super::schedule_expression;

    #[test]
    fn schedules_convert_to_scheduler_expressions() {
        let s = schedule_expression;
        assert_eq!(s("@daily").as_deref(), Some("cron(0 0 * * ? *)"));
        assert_eq!(s("@every 90m").as_deref(), Some("rate(90 minutes)"));
        assert_eq!(s("@every 2h").as_deref(), Some("rate(2 hours)"));
        assert_eq!(s("30 2 * * *").as_deref(), Some("cron(30 2 * * ? *)"));
        assert_eq!(s("0 9 * * 1-5").as_deref(), Some("cron(0 9 ? * MON-FRI *)"));
        assert_eq!(s("0 9 1 * 1"), None);
        assert_eq!(s("@every 30s"), None);
        assert_eq!(s("none").as_deref(), Some(""));
    }
}
