//! The `pipeline` section: CI/CD with CodePipeline V2 and CodeBuild, generated from the
//! blueprint (see `lower::pipeline`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// CI/CD pipeline settings.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pipeline {
    /// The pipeline's home region: its stack, artifact bucket and CodeBuild projects live there.
    pub region: String,
    /// The AWS account the pipeline runs in (12 digits). An environment in `deploy` whose
    /// `account` differs is deployed across accounts, through the roles of the bootstrap stack
    /// `{app}-pipeline-account-{account}` in that account; without it every environment is
    /// deployed in the pipeline's own account.
    #[schemars(regex(pattern = r"^[0-9]{12}$"))]
    pub account: Option<String>,
    /// Where the source comes from: a CodeConnections connection (GitHub, GitLab, Bitbucket), a zip
    /// in S3, or CodeCommit (closed to new AWS customers).
    pub source: Source,
    /// The blueprint's path inside the repository, given to `fleetform check` and `fleetform build`
    /// (default `.`).
    #[serde(default = "default_blueprint")]
    #[schemars(length(min = 1))]
    pub blueprint: String,
    /// The checked-in build output in the repository (e.g. `snapshots`): the build runs `fleetform
    /// check --snapshots` against it and stops when the blueprint and the reviewed output differ.
    /// Without it the build runs `fleetform validate`.
    #[schemars(length(min = 1))]
    pub snapshots: Option<String>,
    /// Monorepo mode: one pipeline per service and job (`{app}-pipeline-{name}`), started only by
    /// pushes that change its files, plus `{app}-pipeline` for the environment stacks. Needs a
    /// connection source.
    #[serde(default)]
    pub per_service: bool,
    /// How the build image gets fleetform (required; fleetform is not published on crates.io):
    /// `{git, rev}` runs `cargo install --locked --no-default-features --git GIT --rev REV fleetform` (REV a full 40-hex
    /// commit), `{archive, sha256}` downloads a `.tar.gz` with the `fleetform` binary at its root
    /// and checks its SHA-256, or a list of commands of your own.
    pub install: Option<Install>,
    /// The image build: commands that build `$IMAGE_URI` from `$SERVICE_DIR` (default `docker build
    /// -t "$IMAGE_URI" "$SERVICE_DIR"`); fleetform pushes it.
    #[serde(default)]
    pub build: Stage,
    /// Unit tests, run after the build on the same commit.
    pub unit_tests: Option<Stage>,
    /// Tests against a deployed environment.
    pub final_tests: Option<FinalTests>,
    /// Environments in deploy order; each deploys all its regions (environment stack first, then
    /// service and job stacks).
    #[schemars(length(min = 1))]
    pub deploy: Vec<String>,
    /// Environments that wait for a manual approval before they deploy.
    #[serde(default)]
    pub approval: Vec<String>,
    /// Deploy regions without CodePipeline's CloudFormation action or CodeConnections (the China
    /// regions) that deploy through the CodeBuild deployer `{app}-pipeline-deploy` instead, with no
    /// manual approval and no final tests. Listing them acknowledges the difference; an unlisted
    /// one gets the warning FF0510.
    #[serde(default)]
    pub codebuild_deploy: Vec<String>,
    /// Per-service (and per-job) overrides, by name.
    #[serde(default)]
    pub services: BTreeMap<String, ServicePipeline>,
}

impl Pipeline {
    /// The account `env` is deployed into across accounts: its `account` when the pipeline
    /// names its own `account` and the two differ (else `None`: the pipeline's own account).
    pub fn target_account<'a>(&self, env: &'a super::Environment) -> Option<&'a str> {
        let own = self.account.as_deref()?;
        env.account.as_deref().filter(|a| *a != own)
    }
}

fn default_blueprint() -> String {
    ".".to_owned()
}

/// How the build image gets fleetform (required; fleetform is not published on crates.io): `{git,
/// rev}` runs `cargo install --locked --no-default-features --git GIT --rev REV fleetform` (REV a full 40-hex commit),
/// `{archive, sha256}` downloads a `.tar.gz` with the `fleetform` binary at its root and checks its
/// SHA-256, or a list of commands of your own.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::one_of)]
pub enum Install {
    Git(GitInstall),
    Archive(ArchiveInstall),
    #[schemars(extend("minItems" = 1, "items" = {"type": "string", "minLength": 1}))]
    Commands(Vec<String>),
}

/// `cargo install --locked --no-default-features --git URL --rev REV fleetform`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct GitInstall {
    /// The fleetform repository URL (https).
    #[schemars(regex(pattern = r"^https://[^\s]+$"))]
    pub git: String,
    /// The full commit ID (40 lowercase hex): a branch or tag could move.
    #[schemars(regex(pattern = "^[0-9a-f]{40}$"))]
    pub rev: String,
}

/// A `.tar.gz` holding the `fleetform` binary at its root, checked against its SHA-256.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ArchiveInstall {
    /// The release archive URL (https, a .tar.gz with `fleetform` at its root).
    #[schemars(regex(pattern = r"^https://[^\s]+$"))]
    pub archive: String,
    /// The archive's SHA-256 (64 lowercase hex).
    #[schemars(regex(pattern = "^[0-9a-f]{64}$"))]
    pub sha256: String,
}

/// Where the source comes from: a CodeConnections connection (GitHub, GitLab, Bitbucket), a zip in
/// S3, or CodeCommit (closed to new AWS customers).
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
    /// The CodeConnections (or CodeStar Connections) connection ARN.
    pub connection: String,
    /// The repository, `owner/name`.
    #[schemars(regex(pattern = r"^[^/\s]+/[^\s]+$"))]
    pub repository: String,
    /// The branch whose pushes run the pipeline.
    #[schemars(length(min = 1))]
    pub branch: String,
}

/// A zip file in an S3 bucket (versioning on).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct S3Source {
    /// A zip object in a versioned bucket; a new version runs the pipeline.
    pub s3: S3Location,
}

/// A zip object in a versioned bucket; a new version runs the pipeline.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct S3Location {
    /// The bucket name (in the pipeline's region, versioning on).
    #[schemars(length(min = 3))]
    pub bucket: String,
    /// The object key of the source zip.
    #[schemars(length(min = 1))]
    pub key: String,
}

/// An AWS CodeCommit repository (closed to new AWS customers since July 2024).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CodeCommitSource {
    /// The CodeCommit repository name.
    #[schemars(length(min = 1))]
    pub codecommit: String,
    /// The branch whose pushes run the pipeline.
    #[schemars(length(min = 1))]
    pub branch: String,
}

/// A CodeBuild step.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Stage {
    /// The CodeBuild image (default `aws/codebuild/standard:7.0`, which has Docker, the AWS CLI and
    /// jq).
    #[schemars(length(min = 1))]
    pub image: Option<String>,
    /// Shell commands, run in order in the repository root; each is passed to the buildspec as a
    /// literal string.
    #[schemars(inner(length(min = 1)))]
    pub commands: Option<Vec<String>>,
}

/// Tests against a deployed environment (e.g. browser suites); they read the URL from `BASE_URL`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FinalTests {
    /// The environment tested (default: the first one in `deploy`); its deploy stage runs the tests
    /// after its stacks.
    pub after: Option<String>,
    /// The URL under test, passed as `BASE_URL` (default: the load balancer of the environment's
    /// first region, with `ingress.load-balancers` the `global` one, else the first by name: over
    /// HTTPS, `https://` and its domain, which its certificate names, when no other environment ×
    /// region renders the same domain; otherwise `http://` or `https://` and its DNS name).
    #[schemars(length(min = 1))]
    pub url: Option<String>,
    /// The CodeBuild image (default `aws/codebuild/standard:7.0`).
    #[schemars(length(min = 1))]
    pub image: Option<String>,
    /// Shell commands, each a literal string in the buildspec.
    #[schemars(length(min = 1), inner(length(min = 1)))]
    pub commands: Vec<String>,
}

/// One service's pipeline settings.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ServicePipeline {
    /// The service's directory in the repository: the Docker build context and, with `per-service`,
    /// a trigger path (default `services/{name}`).
    #[schemars(length(min = 1))]
    pub path: Option<String>,
    /// More repository path patterns whose changes start this service's pipeline (with
    /// `per-service`).
    #[serde(default)]
    #[schemars(inner(length(min = 1)))]
    pub paths: Vec<String>,
    /// Replaces the app's `build` for this service.
    pub build: Option<Stage>,
    /// Replaces the app's `unit-tests` for this service.
    pub unit_tests: Option<Stage>,
    /// Replaces the app's `final-tests` for this service.
    pub final_tests: Option<FinalTests>,
}
