//! `fleetform plan`, `deploy` and `status`: the build against the CloudFormation API.
//!
//! The stacks come from the build's manifests, compiled in memory (or read from `--from DIR`).
//! Everything that talks to AWS is behind [`cloud::Cloud`]; ordering, rendering and the
//! decisions (exit codes, what to do with a stack in a given status) are plain functions.
//!
//! Exit codes: `plan` 0 no changes, 1 changes, 2 an error; `deploy` 0 every stack deployed or
//! up to date, 1 a stack failed (or a change was not confirmed), 2 usage, compile or AWS
//! setup error; `status` 0 every stack deployed as built without drift, 1 otherwise, 2 an
//! error.

mod aws;
mod change_set;
mod cloud;
mod decide;
#[allow(clippy::module_inception)] // `deploy::deploy`: the command among its siblings
mod deploy;
mod order;
mod plan;
mod progress;
mod status;
mod targets;
mod template;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use fleetform::Options;

use super::{Global, Inputs, Status, clock, fail, gather, report};
use targets::{Selection, Target};

/// Which stacks, from which build, in which account.
#[derive(Debug, clap::Args)]
pub struct Stacks {
    #[command(flatten)]
    inputs: Inputs,
    /// The environment whose stacks to take.
    #[arg(long, value_name = "ENV", required_unless_present = "pipeline")]
    env: Option<String>,
    /// Only the stacks in this region (repeatable; default every region of the environment).
    #[arg(long = "region", value_name = "REGION")]
    regions: Vec<String>,
    /// The pipeline stacks (`pipeline:`) instead of an environment's.
    #[arg(long, conflicts_with = "env")]
    pipeline: bool,
    /// Use the build in DIR (`fleetform build`'s output directory, or one app's directory in
    /// it) instead of compiling the blueprints.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// The AWS profile (else the standard credential chain: environment, default profile, SSO,
    /// container or instance role).
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// The S3 bucket for templates over 51,200 bytes, in each stack's region (default
    /// `fleetform-templates-{account}-{region}`, created when missing).
    #[arg(long, value_name = "BUCKET")]
    bucket: Option<String>,
    /// The value of the `ImageTag` parameter of the stacks that have one.
    #[arg(long, value_name = "TAG")]
    image_tag: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    stacks: Stacks,
    /// Output format (`markdown` for pull-request comments).
    #[arg(long, value_enum, default_value_t = PlanFormat::Human)]
    format: PlanFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PlanFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    #[command(flatten)]
    stacks: Stacks,
    /// Deploy without asking (needed without a terminal, e.g. in CI).
    #[arg(long, short)]
    yes: bool,
    /// The most stacks deployed at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    concurrency: u16,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    stacks: Stacks,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    format: StatusFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StatusFormat {
    Human,
    Json,
}

pub fn plan(args: &PlanArgs, global: Global) -> Status {
    let Some((targets, aws)) = prepare(&args.stacks, global) else {
        return Status::Error;
    };
    let plans = plan::plan(&aws, &targets, &run_name());
    let text = match args.format {
        PlanFormat::Human => change_set::human(&plans),
        PlanFormat::Json => change_set::json(&plans),
        PlanFormat::Markdown => change_set::markdown(&plans),
    };
    super::stdout_text(&text);
    status_of(change_set::exit_code(&plans))
}

pub fn deploy(args: &DeployArgs, global: Global) -> Status {
    if !args.yes && !std::io::stdin().is_terminal() {
        return fail(
            "deploy asks before each change and there is no terminal to ask on: pass `--yes` to deploy without asking",
        );
    }
    let Some((targets, aws)) = prepare(&args.stacks, global) else {
        return Status::Error;
    };
    let console = progress::Terminal::new(std::io::stderr().is_terminal());
    let options = deploy::Options {
        yes: args.yes,
        concurrency: usize::from(args.concurrency),
        run: run_name(),
    };
    let outcomes = deploy::deploy(&aws, &console, &targets, &options);
    let mut failed = false;
    for (target, outcome) in targets.iter().zip(&outcomes) {
        failed |= !matches!(
            outcome,
            deploy::Outcome::Deployed(_) | deploy::Outcome::UpToDate
        );
        summary!(
            global,
            "{} ({}): {}",
            target.name,
            target.region,
            deploy::describe(outcome)
        );
    }
    if failed { Status::Failed } else { Status::Ok }
}

pub fn status(args: &StatusArgs, global: Global) -> Status {
    let Some((targets, aws)) = prepare(&args.stacks, global) else {
        return Status::Error;
    };
    let statuses = status::status(&aws, &targets);
    super::stdout_text(&match args.format {
        StatusFormat::Human => status::human(&statuses),
        StatusFormat::Json => status::json(&statuses),
    });
    status_of(status::exit_code(&statuses))
}

fn status_of(code: u8) -> Status {
    match code {
        0 => Status::Ok,
        1 => Status::Failed,
        _ => Status::Error,
    }
}

/// The stacks selected from the build, and the AWS clients; `None` after printing why not.
fn prepare(stacks: &Stacks, global: Global) -> Option<(Vec<Target>, aws::Aws)> {
    let (files, apps) = match &stacks.from {
        Some(dir) => match read_build(dir) {
            Ok(build) => build,
            Err(message) => {
                fail(&message);
                return None;
            }
        },
        None => compile(&stacks.inputs, global)?,
    };
    let selection = Selection {
        environment: stacks.env.as_deref(),
        pipeline: stacks.pipeline,
        regions: &stacks.regions,
        image_tag: stacks.image_tag.as_deref(),
    };
    let (targets, stacksets) = match targets::select(&files, &apps, &selection) {
        Ok(selected) => selected,
        Err(message) => {
            fail(&message);
            return None;
        }
    };
    for skipped in &stacksets {
        err!("note: skipping {skipped}");
    }
    match aws::Aws::new(stacks.profile.as_deref(), stacks.bucket.clone()) {
        Ok(aws) => Some((targets, aws)),
        Err(message) => {
            fail(&message);
            None
        }
    }
}

/// Compiles the blueprints (diagnostics on stderr); `None` on errors.
fn compile(inputs: &Inputs, global: Global) -> Option<(BTreeMap<String, String>, Vec<String>)> {
    let gathered = match gather::gather(inputs) {
        Ok(g) => g,
        Err(message) => {
            report::unreadable(&message, global);
            return None;
        }
    };
    let now = match clock::now() {
        Ok(now) => now,
        Err(message) => {
            report::unreadable(&message, global);
            return None;
        }
    };
    let options = Options {
        now: Some(now),
        ..Options::default()
    };
    let (build, _) = report::compile(&gathered, &options, global);
    build.map(|b| (b.files, b.apps))
}

/// A build written earlier: `DIR/{app}/manifest.json` for each app, or `DIR/manifest.json`
/// when DIR is one app's directory.
fn read_build(dir: &Path) -> Result<(BTreeMap<String, String>, Vec<String>), String> {
    let (root, apps) = if dir.join("manifest.json").is_file() {
        let parent = dir.parent().unwrap_or(Path::new("."));
        let app = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| format!("cannot read `{}`: not an app directory", dir.display()))?;
        (parent.to_path_buf(), vec![app])
    } else {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        let mut apps: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().join("manifest.json").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        apps.sort();
        (dir.to_path_buf(), apps)
    };
    if apps.is_empty() {
        return Err(format!(
            "`{}` holds no build (no manifest.json)",
            dir.display()
        ));
    }
    let mut files = BTreeMap::new();
    for app in &apps {
        for (rel, text) in super::check::read_tree(&root, app)? {
            files.insert(format!("{app}/{rel}"), text);
        }
    }
    Ok((files, apps))
}

/// A name for this run's change sets and uploaded templates, unique enough between runs.
fn run_name() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    format!("fleetform-{millis}")
}
