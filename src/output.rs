//! Output files of a build: templates, template configuration files and the manifest.
//!
//! Layout, relative to the output directory:
//! - `{app}/{env}/{region}/{stack}.json` (or `.yaml`): the template;
//! - `{app}/{env}/{region}/{stack}.config.json`: `{"Parameters": …, "Tags": …}` for CodePipeline
//!   or `aws cloudformation deploy --parameter-overrides`;
//! - `{app}/_pipeline/{region}/{stack}.json` and `.config.json`: CI/CD stacks (`pipeline:`),
//!   which serve every environment (the `_` keeps them apart from environment names);
//! - `{app}/{env}/stacksets/{stack}.json`: StackSet admin templates (`environments.{env}.stackset`);
//! - `{app}/manifest.json`: every stack with its region, files, deploy order and the blueprint
//!   files that shape it (`sources`), and every StackSet template (`stacksets`), so the manifest
//!   names every file the build wrote.

use std::collections::BTreeMap;

use serde_json::json;

use crate::cfn::Template;
use crate::diagnostic::Diagnostic;
use crate::emit::{self, Format};
use crate::layout::PIPELINE_DIR;
use crate::limits;
use crate::lower::{Stack, StackKind};

/// The manifest of one app while its files are written; [`Manifest::write`] adds it to the files.
#[derive(Debug)]
pub struct Manifest {
    pub(crate) app: String,
    pub(crate) stacks: Vec<serde_json::Value>,
    pub(crate) stacksets: Vec<serde_json::Value>,
}

impl Manifest {
    /// Adds `sources` to each stack (given in stack order): the blueprint files, relative to the
    /// app file's directory, that shape it (see `lower::pipeline::sources`).
    pub fn add_sources(&mut self, sources: impl Iterator<Item = Vec<String>>) {
        for (entry, files) in self.stacks.iter_mut().zip(sources) {
            entry["sources"] = json!(files);
        }
    }

    /// Adds `{app}/manifest.json`; `stacksets` and how to deploy them only when there are any.
    pub fn write(self, files: &mut BTreeMap<String, String>) {
        // Built by hand: `json!` would copy every stack entry through `to_value`.
        let mut manifest = serde_json::Map::new();
        manifest.insert("fleetform".into(), env!("CARGO_PKG_VERSION").into());
        manifest.insert("app".into(), self.app.clone().into());
        manifest.insert(
            "deploy".into(),
            "deploy stacks in list order; stacks of one environment and region whose depends_on are deployed may go in parallel".into(),
        );
        manifest.insert("stacks".into(), serde_json::Value::Array(self.stacks));
        let mut manifest = serde_json::Value::Object(manifest);
        if !self.stacksets.is_empty() {
            manifest["stacksets_deploy"] = json!(STACKSETS_DEPLOY);
            manifest["stacksets"] = serde_json::Value::Array(self.stacksets);
        }
        files.insert(format!("{}/manifest.json", self.app), emit::json(&manifest));
    }
}

/// How to deploy the manifest's `stacksets` (the alternative to its per-region stacks).
const STACKSETS_DEPLOY: &str = "instead of an environment's per-region stacks (the `stacks` entries with `stackset`): deploy each StackSet template as stack `name` in its administration `region`, in list order, once its depends_on are complete; StackSets then deploys stack `stack` to `regions` in that order";

/// One stack as text: its template and configuration files, and what [`limits::check`] finds.
#[derive(Debug)]
pub struct Emitted {
    text: String,
    config: String,
    problems: Vec<Diagnostic>,
}

/// Emits `stack`. Unless `keep_template`, its template is dropped then, on the thread that
/// emitted it: the typed templates are about three times the size of their text, and holding
/// every one to the end of a build made its peak memory (every page of which the kernel faults
/// in and zeroes) the sum of the two. Only the StackSet stage looks at templates after this.
pub fn emit_stack(stack: &mut Stack, format: Format, keep_template: bool) -> Emitted {
    let text = match format {
        Format::Json => emit::json(&stack.template),
        Format::Yaml => emit::yaml(&stack.template),
    };
    let config = Config {
        parameters: &stack.parameters,
        tags: &stack.tags,
    };
    let config = emit::json(&config);
    let problems = limits::check(stack, &text);
    if !keep_template {
        stack.template = Template::new(String::new());
    }
    Emitted {
        text,
        config,
        problems,
    }
}

/// [`emit_stack`] of each stack, in order. Emitting is independent per stack and a large share
/// of a build's time, so it runs on scoped threads; the texts do not depend on the thread count.
pub fn emit_all(stacks: &mut [Stack], format: Format, keep_templates: bool) -> Vec<Emitted> {
    crate::parallel::map_mut(stacks, 16, |stack| {
        emit_stack(stack, format, keep_templates)
    })
}

/// Adds the files of one app's stacks (`emitted`, as [`emit_stack`] made them, in stack order)
/// to `files`; returns each stack's template path (a key of `files`), in stack order, the app's
/// manifest (to write once the StackSets are added) and the stacks' limit problems, in order.
pub fn write_app(
    app: &str,
    stacks: &[Stack],
    emitted: Vec<Emitted>,
    format: Format,
    files: &mut BTreeMap<String, String>,
) -> (Vec<String>, Manifest, Vec<Diagnostic>) {
    let mut paths = Vec::with_capacity(stacks.len());
    let mut manifest_stacks = Vec::new();
    let mut problems = Vec::new();
    let ext = match format {
        Format::Json => "json",
        Format::Yaml => "yaml",
    };
    for (stack, emitted) in stacks.iter().zip(emitted) {
        let Emitted {
            text,
            config,
            problems: limits,
        } = emitted;
        problems.extend(limits);
        // Concatenations, not `format!` (whose buffer grows piece by piece): two paths a stack.
        let dir = if stack.kind.is_pipeline() {
            [app, "/", PIPELINE_DIR, "/", &stack.region].concat()
        } else {
            [app, "/", &stack.environment, "/", &stack.region].concat()
        };
        let template_path = [&dir, "/", &stack.name, ".", ext].concat();
        let config_path = [&dir, "/", &stack.name, ".config.json"].concat();
        paths.push(template_path.clone());
        files.insert(template_path.clone(), text);
        files.insert(config_path.clone(), config);
        let (kind, service) = match &stack.kind {
            StackKind::Environment => ("environment", None),
            StackKind::Observability => ("observability", None),
            StackKind::Callers(_) => ("callers", None),
            StackKind::LoadBalancer(_) => ("load-balancer", None),
            StackKind::Service(name) => ("service", Some(name.as_str())),
            StackKind::Job(_) => ("job", None),
            StackKind::Pipeline(name) => ("pipeline", name.as_deref()),
            StackKind::PipelineArtifacts => ("pipeline-artifacts", None),
            StackKind::PipelineDeploy => ("pipeline-deploy", None),
            StackKind::PipelineIam => ("pipeline-iam", None),
            StackKind::PipelineAccount(_) => ("pipeline-account", None),
        };
        let environment = (!stack.kind.is_pipeline()).then_some(stack.environment.as_str());
        let mut entry = json!({
            "name": stack.name,
            "environment": environment,
            "region": stack.region,
            "kind": kind,
            "service": service,
            "template": strip_app(&template_path, app),
            "configuration": strip_app(&config_path, app),
            "depends_on": stack.depends_on,
            // The IAM stacks name their roles and boundary policy.
            "capabilities": [if matches!(stack.kind, StackKind::PipelineIam | StackKind::PipelineAccount(_)) {
                "CAPABILITY_NAMED_IAM"
            } else {
                "CAPABILITY_IAM"
            }],
        });
        // The account an administrator deploys a bootstrap stack in.
        if let StackKind::PipelineAccount(account) = &stack.kind {
            entry["account"] = json!(account);
        }
        if let StackKind::Job(name) = &stack.kind {
            entry["job"] = json!(name);
            entry["run_task"] = json!(run_task_lookup(stack));
        }
        manifest_stacks.push(entry);
    }
    let manifest = Manifest {
        app: app.to_owned(),
        stacks: manifest_stacks,
        stacksets: Vec::new(),
    };
    (paths, manifest, problems)
}

/// A template configuration file: `{"Parameters": …, "Tags": …}`.
#[derive(serde::Serialize)]
#[serde(rename_all = "PascalCase")]
struct Config<'a> {
    parameters: &'a BTreeMap<String, String>,
    tags: &'a BTreeMap<String, String>,
}

/// The command that prints a deployed job stack's `aws ecs run-task` command (its
/// `RunTaskCommand` output, which only CloudFormation can resolve).
fn run_task_lookup(stack: &Stack) -> String {
    format!(
        "aws cloudformation describe-stacks --region {} --stack-name {} --query \"Stacks[0].Outputs[?OutputKey=='RunTaskCommand'].OutputValue\" --output text",
        stack.region, stack.name
    )
}

pub(crate) fn strip_app(path: &str, app: &str) -> String {
    path.strip_prefix(&format!("{app}/"))
        .unwrap_or(path)
        .to_owned()
}
