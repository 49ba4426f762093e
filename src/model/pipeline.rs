//! The `pipeline` section: CI/CD with CodePipeline V2 and CodeBuild, generated from the
//! blueprint (see `lower::pipeline`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// How the app is built, tested and deployed on every push.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pipeline {
    /// The pipeline's home region (where its stack, artifact bucket and builds live).
    pub region: String,
    pub source: Source,
    /// The blueprint's path inside the repository (a directory or file for `fleetform build`).
    #[serde(default = "default_blueprint")]
    #[schemars(length(min = 1))]
    pub blueprint: String,
    /// The checked-in build output that `fleetform check` compares with (none: not compared).
    #[schemars(length(min = 1))]
    pub snapshots: Option<String>,
    /// Monorepo mode: one pipeline per service and job, run only when its files change, plus
    /// one for the environment stacks.
    #[serde(default)]
    pub per_service: bool,
    /// How the build image gets fleetform (required: FF0514; fleetform is not on crates.io).
    pub install: Option<Install>,
    #[serde(default)]
    pub build: Stage,
    pub unit_tests: Option<Stage>,
    pub final_tests: Option<FinalTests>,
    /// Environments in deploy order.
    #[schemars(length(min = 1))]
    pub deploy: Vec<String>,
    /// Environments that wait for a manual approval before they deploy.
    #[serde(default)]
    pub approval: Vec<String>,
    /// Deploy regions without CodePipeline's CloudFormation action (China) that the blueprint
    /// accepts to deploy through the CodeBuild deployer (else FF0510 warns).
    #[serde(default)]
    pub codebuild_deploy: Vec<String>,
    /// Per-service (and per-job) overrides.
    #[serde(default)]
    pub services: BTreeMap<String, ServicePipeline>,
}

fn default_blueprint() -> String {
    ".".to_owned()
}

/// How the build installs fleetform: a pinned source revision, a checksummed release archive,
/// or the blueprint's own commands (e.g. nothing but a check, for an image that has it).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum Install {
    Git(GitInstall),
    Archive(ArchiveInstall),
    Commands(Vec<String>),
}

/// `cargo install --locked --git URL --rev REV fleetform`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct GitInstall {
    /// The repository URL (`https://`).
    #[schemars(regex(pattern = r"^https://[^\s]+$"))]
    pub git: String,
    /// The full 40-hex commit: a branch or tag could move under the pipeline.
    #[schemars(regex(pattern = "^[0-9a-f]{40}$"))]
    pub rev: String,
}

/// A `.tar.gz` holding the `fleetform` binary at its root, checked against its SHA-256.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ArchiveInstall {
    /// The archive URL (`https://`).
    #[schemars(regex(pattern = r"^https://[^\s]+$"))]
    pub archive: String,
    #[schemars(regex(pattern = "^[0-9a-f]{64}$"))]
    pub sha256: String,
}

/// Where the pipeline takes its source from.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum Source {
    Connection(ConnectionSource),
    S3(S3Source),
    CodeCommit(CodeCommitSource),
}

/// A GitHub, GitLab or Bitbucket repository through a CodeConnections connection.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ConnectionSource {
    /// The connection ARN.
    pub connection: String,
    /// `owner/name`.
    #[schemars(regex(pattern = r"^[^/\s]+/[^\s]+$"))]
    pub repository: String,
    #[schemars(length(min = 1))]
    pub branch: String,
}

/// A zip file in an S3 bucket (versioning on).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct S3Source {
    pub s3: S3Location,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct S3Location {
    #[schemars(length(min = 3))]
    pub bucket: String,
    #[schemars(length(min = 1))]
    pub key: String,
}

/// An AWS CodeCommit repository (closed to new AWS customers since July 2024).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CodeCommitSource {
    #[schemars(length(min = 1))]
    pub codecommit: String,
    #[schemars(length(min = 1))]
    pub branch: String,
}

/// A CodeBuild step: its image and commands.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Stage {
    /// The CodeBuild image (default `aws/codebuild/standard:7.0`).
    #[schemars(length(min = 1))]
    pub image: Option<String>,
    #[schemars(inner(length(min = 1)))]
    pub commands: Option<Vec<String>>,
}

/// Tests that run against a deployed environment.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FinalTests {
    /// The environment they test (default: the first one deployed).
    pub after: Option<String>,
    /// The URL under test, as `BASE_URL` (default: the environment's load balancer).
    #[schemars(length(min = 1))]
    pub url: Option<String>,
    #[schemars(length(min = 1))]
    pub image: Option<String>,
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub commands: Vec<String>,
}

/// One service's (or job's) pipeline settings.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ServicePipeline {
    /// The service's directory in the repository (the Docker build context; default
    /// `services/{name}`).
    #[schemars(length(min = 1))]
    pub path: Option<String>,
    /// More repository paths whose changes run this service's pipeline.
    #[serde(default)]
    #[schemars(inner(length(min = 1)))]
    pub paths: Vec<String>,
    pub build: Option<Stage>,
    pub unit_tests: Option<Stage>,
    pub final_tests: Option<FinalTests>,
}
