//! `fleetform diff [PATH…] (--env ENV R1 R2 | --envs E1 E2 [--region R] | --against DIR)`:
//! compile in memory and compare stacks: two regions of one environment, two environments, or
//! the build against an earlier output directory. Exit 0 when nothing differs (beyond the
//! expected differences between regions or environments and the differences that a region's
//! `overrides` declare), 1 on differences, 2 on any error (invalid blueprints included).

use std::path::{Path, PathBuf};

use fleetform::Options;
use fleetform::diff::{self, Expected, LoadedStack, Report};
use fleetform::model::EVERY_REGION;
use fleetform::resolved;

use super::{Global, Inputs, Status, fail, gather, report};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("mode").required(true).args(["env", "envs", "against"])))]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Compare two regions of one environment, stack by stack.
    #[arg(long, num_args = 3, value_names = ["ENV", "REGION_A", "REGION_B"])]
    env: Option<Vec<String>>,
    /// Compare two environments, stack by stack (in `--region`, else a region both deploy to,
    /// else the first region of each).
    #[arg(long, num_args = 2, value_names = ["ENV_A", "ENV_B"])]
    envs: Option<Vec<String>>,
    /// With `--envs`: the region to compare in.
    #[arg(long, value_name = "REGION", requires = "envs")]
    region: Option<String>,
    /// Compare the build with an earlier output directory (e.g. `snapshots`).
    #[arg(long, value_name = "DIR")]
    against: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

pub fn run(args: &Args, global: Global) -> Status {
    let gathered = match gather::gather(&args.inputs) {
        Ok(g) => g,
        Err(message) => return report::unreadable(&message, global),
    };
    let (Some(build), _) = report::compile(&gathered, &Options::default(), global) else {
        return Status::Error;
    };
    let reports = if let Some(dir) = &args.against {
        against(dir, &build)
    } else {
        let apps = validated(&gathered.sources);
        by_role(args, &build, &apps)
    };
    let reports = match reports {
        Ok(r) => r,
        Err(message) => return fail(&message),
    };
    match args.format {
        OutputFormat::Text => {
            let texts: Vec<String> = reports.iter().map(diff::render_text).collect();
            super::stdout_text(&texts.join("\n"));
        }
        OutputFormat::Json => {
            let doc = serde_json::json!({
                "differences": reports.iter().any(Report::has_differences),
                "reports": reports.iter().map(diff::render_json).collect::<Vec<_>>(),
            });
            super::stdout_text(&fleetform::emit::json(&doc));
        }
    }
    if reports.iter().any(Report::has_differences) {
        Status::Failed
    } else {
        Status::Ok
    }
}

/// The merged, validated apps (the build succeeded, so every app is here).
pub(super) fn validated(sources: &fleetform::diagnostic::SourceMap) -> Vec<resolved::App> {
    let docs: Vec<_> = sources
        .ids()
        .filter_map(|id| fleetform::source::parse(id, &sources.get(id).text).ok())
        .collect();
    fleetform::check::check(sources, &docs).0
}

fn by_role(
    args: &Args,
    build: &fleetform::Build,
    apps: &[resolved::App],
) -> Result<Vec<Report>, String> {
    let mut reports = Vec::new();
    let (env_a, env_b) = match (&args.env, &args.envs) {
        (Some(e), _) => (e[0].as_str(), e[0].as_str()),
        (_, Some(e)) => (e[0].as_str(), e[1].as_str()),
        _ => return Ok(reports),
    };
    for app in apps {
        let (Some(a), Some(b)) = (app.environments.get(env_a), app.environments.get(env_b)) else {
            continue;
        };
        let (region_a, region_b, expected) = if let Some(e) = &args.env {
            for r in &e[1..] {
                if !a.regions.contains(r) {
                    return Err(format!(
                        "environment `{env_a}` of app `{}` does not deploy to `{r}`",
                        app.name
                    ));
                }
            }
            let expected = Expected::regions(app, env_a, &e[1], &e[2]);
            (e[1].clone(), e[2].clone(), expected)
        } else {
            let (ra, rb) = diff::env_regions(
                (env_a, &a.regions),
                (env_b, &b.regions),
                args.region.as_deref(),
            )
            .map_err(|e| format!("app `{}`: {e}", app.name))?;
            let expected = Expected::environments(app, (env_a, &ra), (env_b, &rb));
            (ra, rb, expected)
        };
        reports.push(compare_targets(
            app,
            build,
            (env_a, &region_a),
            (env_b, &region_b),
            &expected,
        )?);
    }
    if reports.is_empty() {
        let missing = if env_a == env_b {
            format!("`{env_a}`")
        } else {
            format!("`{env_a}` and `{env_b}`")
        };
        return Err(format!("no app has the environment {missing}"));
    }
    Ok(reports)
}

/// Compares `app`'s stacks of two targets by role. When either target has overrides, the
/// differences they declare are told apart (see [`diff::compare_declared`]).
pub(super) fn compare_targets(
    app: &resolved::App,
    build: &fleetform::Build,
    (env_a, region_a): (&str, &str),
    (env_b, region_b): (&str, &str),
    expected: &Expected,
) -> Result<Report, String> {
    let stacks = diff::load(&build.files, &app.name)?;
    let pairs = diff::pair_by_role(&stacks, &stacks, (env_a, region_a), (env_b, region_b));
    let (title_a, title_b) = (
        format!("{}: {env_a}/{region_a}", app.name),
        format!("{}: {env_b}/{region_b}", app.name),
    );
    // The overrides a target has: the environment's `all`, its region's own, or both.
    let label = |env: &str, region: &str| {
        let overrides = &app.environments.get(env)?.overrides;
        let keys: Vec<String> = [EVERY_REGION, region]
            .into_iter()
            .filter(|key| overrides.contains_key(*key))
            .map(|key| format!("environments.{env}.overrides.{key}"))
            .collect();
        (app.has_overrides_at(env, region) && !keys.is_empty()).then(|| keys.join(" + "))
    };
    let (label_a, label_b) = (label(env_a, region_a), label(env_b, region_b));
    if label_a.is_none() && label_b.is_none() {
        return Ok(diff::compare(&title_a, &title_b, &pairs, expected));
    }
    let base = diff::load(&fleetform::build_without_overrides(app), &app.name)?;
    let baseline = diff::pair_by_role(&base, &base, (env_a, region_a), (env_b, region_b));
    let overrides = diff::Overrides {
        baseline: &baseline,
        a: label_a.as_deref(),
        b: label_b.as_deref(),
    };
    Ok(diff::compare_declared(
        &title_a, &title_b, &pairs, &overrides, expected,
    ))
}

fn against(dir: &Path, build: &fleetform::Build) -> Result<Vec<Report>, String> {
    if !dir.is_dir() {
        return Err(format!("cannot read `{}`: not a directory", dir.display()));
    }
    let mut reports = Vec::new();
    for app in &build.apps {
        let old_files = super::check::read_tree(dir, app)?
            .into_iter()
            .map(|(rel, text)| (format!("{app}/{rel}"), text))
            .collect();
        let old: Vec<LoadedStack> =
            diff::load(&old_files, app).map_err(|e| format!("in `{}`: {e}", dir.display()))?;
        let new = diff::load(&build.files, app)?;
        reports.push(diff::compare(
            &format!("{}/{app}", dir.display()),
            &format!("build of {app}"),
            &diff::pair_by_path(old, new),
            &Expected::default(),
        ));
    }
    Ok(reports)
}
