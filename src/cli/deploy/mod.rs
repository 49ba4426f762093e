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

// Running the commands needs the AWS SDK: only with the `aws` feature (`fleetform-aws`, see
// `super::hand_over`). Their arguments below are parsed by both binaries.
#[cfg(feature = "aws")]
mod aws;
#[cfg(feature = "aws")]
mod change_set;
#[cfg(feature = "aws")]
mod cloud;
#[cfg(feature = "aws")]
mod decide;
#[cfg(feature = "aws")]
#[allow(clippy::module_inception)] // `deploy::deploy`: the command among its siblings
mod deploy;
#[cfg(feature = "aws")]
mod order;
#[cfg(feature = "aws")]
mod plan;
#[cfg(feature = "aws")]
mod progress;
#[cfg(feature = "aws")]
mod run;
#[cfg(feature = "aws")]
mod status;
#[cfg(feature = "aws")]
mod targets;
#[cfg(feature = "aws")]
mod template;
#[cfg(all(test, feature = "aws"))]
mod tests;

use std::path::PathBuf;

use super::Inputs;
#[cfg(feature = "aws")]
pub use run::{deploy, plan, status};

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
