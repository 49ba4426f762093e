//! Running `plan`, `deploy` and `status` (the `aws` feature): the build's stacks, selected,
//! against the CloudFormation API.

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::Path;

use fleetform::Options;

use super::super::{Global, Inputs, Status, clock, fail, gather, report};
use super::targets::{self, Selection, Target};
use super::{DeployArgs, PlanArgs, PlanFormat, Stacks, StatusArgs, StatusFormat};
use super::{aws, change_set, progress};

pub fn plan(args: &PlanArgs, global: Global) -> Status {
    let Some((targets, aws)) = prepare(&args.stacks, global) else {
        return Status::Error;
    };
    let plans = super::plan::plan(&aws, &targets, &run_name());
    let text = match args.format {
        PlanFormat::Human => change_set::human(&plans),
        PlanFormat::Json => change_set::json(&plans),
        PlanFormat::Markdown => change_set::markdown(&plans),
    };
    super::super::stdout_text(&text);
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
    let options = super::deploy::Options {
        yes: args.yes,
        concurrency: usize::from(args.concurrency),
        run: run_name(),
    };
    let outcomes = super::deploy::deploy(&aws, &console, &targets, &options);
    let mut failed = false;
    for (target, outcome) in targets.iter().zip(&outcomes) {
        failed |= !matches!(
            outcome,
            super::deploy::Outcome::Deployed(_) | super::deploy::Outcome::UpToDate
        );
        summary!(
            global,
            "{} ({}): {}",
            target.name,
            target.region,
            super::deploy::describe(outcome)
        );
    }
    if failed { Status::Failed } else { Status::Ok }
}

pub fn status(args: &StatusArgs, global: Global) -> Status {
    let Some((targets, aws)) = prepare(&args.stacks, global) else {
        return Status::Error;
    };
    let statuses = super::status::status(&aws, &targets);
    super::super::stdout_text(&match args.format {
        StatusFormat::Human => super::status::human(&statuses),
        StatusFormat::Json => super::status::json(&statuses),
    });
    status_of(super::status::exit_code(&statuses))
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
        for (rel, text) in super::super::check::read_tree(&root, app)? {
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
