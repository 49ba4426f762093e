//! Buildspecs, built as data and written with the YAML emitter: every user value (a command, a
//! path, a URL) is one YAML string scalar, so no value can add keys, commands or comments.
//! User values that commands need go in `env.variables` and are read as quoted shell variables;
//! generated commands only splice names that fleetform validated (service and stack names,
//! regions, ECR repository names).

use super::{Built, Plan};
use crate::cfn::resources::buildspec::{BuildArtifacts, Buildspec, Phase, Variables};
use crate::emit;
use crate::model::Install;
use crate::partition;

/// The directory (in the build's working directory) that `fleetform build` writes to; the
/// build artifact holds its content, so artifact paths start with `{app}/`.
pub const OUT_DIR: &str = "fleetform-out";

/// Installs rustup when the image has no cargo, and puts cargo on the `PATH`.
const RUSTUP: [&str; 2] = [
    "command -v cargo >/dev/null || curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal",
    r#"if [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi"#,
];

/// The install phase for `install`, and the variables it reads (user values never enter a
/// command: they are `env.variables`, read as quoted shell variables). A pipeline only
/// validates and builds, so cargo builds `fleetform` without the `aws` feature: no AWS SDK to
/// compile (half of a clean build) and no `fleetform-aws`; an older revision, which
/// has no such feature, builds as before.
pub fn install_commands(install: Option<&Install>) -> (Vec<String>, Vec<(&'static str, String)>) {
    match install {
        Some(Install::Git(g)) => (
            RUSTUP
                .iter()
                .map(|c| (*c).to_owned())
                .chain([r#"cargo install --locked --no-default-features --git "$FLEETFORM_GIT" --rev "$FLEETFORM_REV" fleetform"#.to_owned()])
                .collect(),
            vec![("FLEETFORM_GIT", g.git.clone()), ("FLEETFORM_REV", g.rev.clone())],
        ),
        Some(Install::Archive(a)) => (
            [
                r#"curl --proto '=https' --tlsv1.2 -fsSL "$FLEETFORM_ARCHIVE" -o /tmp/fleetform.tar.gz"#,
                ARCHIVE_CHECK,
                "tar -xzf /tmp/fleetform.tar.gz -C /usr/local/bin fleetform",
                "command -v fleetform",
            ]
            .map(str::to_owned)
            .to_vec(),
            vec![
                ("FLEETFORM_ARCHIVE", a.archive.clone()),
                ("FLEETFORM_SHA256", a.sha256.clone()),
            ],
        ),
        Some(Install::Commands(c)) => (c.clone(), Vec::new()),
        // FF0514 refuses a pipeline without `install`; a bare check keeps the build honest.
        None => (vec!["command -v fleetform".to_owned()], Vec::new()),
    }
}

/// Stops the build unless the downloaded archive has the blueprint's SHA-256.
pub const ARCHIVE_CHECK: &str =
    r#"printf '%s  %s\n' "$FLEETFORM_SHA256" /tmp/fleetform.tar.gz | sha256sum -c -"#;

/// The tag every image of one run gets: the source revision (the commit ID, or the S3 object
/// version), with characters ECR does not accept in tags replaced.
const TAG_COMMAND: &str = r#"export IMAGE_TAG="$(printf '%s' "${SOURCE_REVISION:-$CODEBUILD_RESOLVED_SOURCE_VERSION}" | tr -c 'A-Za-z0-9_.-' '-' | cut -c1-40)""#;

/// `SERVICE_DIR_CART` for `cart`, `SERVICE_DIR_DELIVERY_DISPATCH` for `delivery-dispatch`.
pub fn dir_variable(name: &str) -> String {
    format!(
        "SERVICE_DIR_{}",
        name.to_ascii_uppercase().replace('-', "_")
    )
}

fn registry(region: &str) -> String {
    let suffix = partition::partition_or_aws(region).url_suffix();
    format!("$AWS_ACCOUNT_ID.dkr.ecr.{region}.{suffix}")
}

/// Commands that build and push `built` to every region in `regions`, skipping a push when the
/// tag is already there (tags are immutable; a retried run must not fail on its own image).
pub fn image_commands(built: &[Built], regions: &[String], home: &str) -> Vec<String> {
    let mut commands = vec![TAG_COMMAND.to_owned(), r#"test -n "$IMAGE_TAG""#.to_owned()];
    for region in regions {
        commands.push(format!(
            r#"aws ecr get-login-password --region {region} | docker login --username AWS --password-stdin "{}""#,
            registry(region)
        ));
    }
    for b in built {
        commands.push(format!(
            r#"export SERVICE={} SERVICE_DIR="${}" IMAGE_URI="{}/{}:$IMAGE_TAG""#,
            b.name,
            dir_variable(&b.name),
            registry(home),
            b.repository
        ));
        commands.extend(b.commands.iter().cloned());
        for region in regions {
            let uri = format!("{}/{}:$IMAGE_TAG", registry(region), b.repository);
            if region != home {
                commands.push(format!(r#"docker tag "$IMAGE_URI" "{uri}""#));
            }
            commands.push(format!(
                r#"aws ecr describe-images --region {region} --repository-name {} --image-ids imageTag="$IMAGE_TAG" >/dev/null 2>&1 || docker push "{uri}""#,
                b.repository
            ));
        }
    }
    commands
}

fn install(plan: &Plan) -> Phase {
    Phase {
        commands: install_commands(plan.pipeline.install.as_ref()).0,
    }
}

fn variables(plan: &Plan, built: &[Built]) -> Variables {
    let mut vars = Variables::default();
    for (k, v) in install_commands(plan.pipeline.install.as_ref()).1 {
        vars.set(k, v);
    }
    vars.set("BLUEPRINT", plan.pipeline.blueprint.clone());
    if let Some(snapshots) = &plan.pipeline.snapshots {
        vars.set("SNAPSHOTS", snapshots.clone());
    }
    for b in built {
        vars.set(dir_variable(&b.name), b.dir.clone());
    }
    vars
}

/// Validation of the blueprint in the repository (`fleetform check` against the checked-in
/// output when `snapshots` is set, else `fleetform validate`), then `fleetform build`.
pub fn fleetform_commands(plan: &Plan) -> Vec<String> {
    let check = if plan.pipeline.snapshots.is_some() {
        r#"fleetform check "$BLUEPRINT" --snapshots "$SNAPSHOTS""#
    } else {
        r#"fleetform validate "$BLUEPRINT""#
    };
    vec![
        check.to_owned(),
        format!(r#"fleetform build "$BLUEPRINT" --out {OUT_DIR}"#),
    ]
}

/// The build step of a pipeline: images, then `fleetform check` and `build`; the build output
/// is the artifact, and `IMAGE_TAG` is exported for the deploy actions.
pub fn build(plan: &Plan, built: &[Built]) -> String {
    let mut commands = image_commands(built, &plan.regions, plan.home);
    commands.extend(fleetform_commands(plan));
    let mut spec = Buildspec::bash(commands);
    spec.env.variables = variables(plan, built);
    spec.env.exported_variables = vec!["IMAGE_TAG"];
    spec.phases.install = Some(install(plan));
    spec.artifacts = Some(BuildArtifacts {
        base_directory: OUT_DIR,
        files: vec!["**/*"],
    });
    emit::yaml(&spec)
}

/// A test step: the user's commands as they are, with `extra` variables (e.g. `BASE_URL`).
pub fn tests(commands: &[String], pre: Vec<String>, extra: &[(&str, &str)]) -> String {
    let mut spec = Buildspec::bash(pre.into_iter().chain(commands.iter().cloned()).collect());
    for (k, v) in extra {
        spec.env.variables.set(*k, *v);
    }
    emit::yaml(&spec)
}

/// The China deployer: install, images, unit tests, `fleetform build`, then one
/// `aws cloudformation deploy` per stack in manifest order (`stacks`: name and template path
/// without extension).
pub fn deployer(
    plan: &Plan,
    region: &str,
    built: &[Built],
    unit_tests: &[String],
    stacks: &[(String, String)],
) -> String {
    let regions = vec![region.to_owned()];
    let mut commands = image_commands(built, &regions, region);
    commands.extend(unit_tests.iter().cloned());
    commands.extend(fleetform_commands(plan));
    commands.push(DEPLOY_FUNCTION.to_owned());
    for (name, path) in stacks {
        commands.push(format!("ff_deploy {name} {path}"));
    }
    let mut spec = Buildspec::bash(commands);
    spec.env.variables = variables(plan, built);
    spec.phases.install = Some(install(plan));
    emit::yaml(&spec)
}

/// Deploys one stack from the build output with its configuration file, the run's image tag
/// replacing `ImageTag` where the stack has one.
const DEPLOY_FUNCTION: &str = r#"ff_deploy() { local cfg="fleetform-out/$2.config.json"; jq --arg t "$IMAGE_TAG" 'if .Parameters.ImageTag then .Parameters.ImageTag = $t else . end' "$cfg" > "$cfg.run"; mapfile -t params < <(jq -r '.Parameters | to_entries[] | "\(.key)=\(.value)"' "$cfg.run"); mapfile -t tags < <(jq -r '.Tags | to_entries[] | "\(.key)=\(.value)"' "$cfg.run"); aws cloudformation deploy --region "$AWS_REGION" --stack-name "$1" --template-file "fleetform-out/$2.json" --s3-bucket "$ARTIFACT_BUCKET" --role-arn "$DEPLOY_ROLE_ARN" --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset ${params[0]:+--parameter-overrides "${params[@]}"} ${tags[0]:+--tags "${tags[@]}"}; }"#;

/// The monorepo pipelines' wait step: for each `name:region:path` of `WAIT_STACKS`, poll until
/// the stack is in a `*_COMPLETE` state with the template at `path` of the build output (its
/// own pipeline, started by the same push, deploys it), for up to 56 minutes (the project's
/// timeout is 60).
pub fn wait() -> String {
    emit::yaml(&Buildspec::bash(vec![WAIT_COMMAND.to_owned()]))
}

const WAIT_COMMAND: &str = r#"ff_wait() { local want; want="$(jq -S . "$3")"; for _ in $(seq 168); do case "$(aws cloudformation describe-stacks --region "$2" --stack-name "$1" --query 'Stacks[0].StackStatus' --output text 2>/dev/null)" in *_COMPLETE) [ "$(aws cloudformation get-template --region "$2" --stack-name "$1" --query TemplateBody --output json | jq -S .)" = "$want" ] && return 0 ;; esac; sleep 20; done; echo "$1 in $2 did not reach this push's template" >&2; return 1; }; for w in $WAIT_STACKS; do IFS=: read -r s r p <<< "$w"; ff_wait "$s" "$r" "$p" || exit 1; done"#;
