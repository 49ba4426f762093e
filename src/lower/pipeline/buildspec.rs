//! Buildspecs, built as data and written with the YAML emitter: every user value (a command, a
//! path, a URL) is one YAML string scalar, so no value can add keys, commands or comments.
//! User values that commands need go in `env.variables` and are read as quoted shell variables;
//! generated commands only splice names that fleetform validated (service and stack names,
//! regions, ECR repository names).

use serde_json::{Value, json};

use super::{Built, Plan};
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
/// command: they are `env.variables`, read as quoted shell variables).
pub fn install_commands(install: Option<&Install>) -> (Vec<String>, Vec<(&'static str, String)>) {
    match install {
        Some(Install::Git(g)) => (
            RUSTUP
                .iter()
                .map(|c| (*c).to_owned())
                .chain([r#"cargo install --locked --git "$FLEETFORM_GIT" --rev "$FLEETFORM_REV" fleetform"#.to_owned()])
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
pub fn image_commands(built: &[Built], regions: &[String], home: &str) -> Vec<Value> {
    let mut commands: Vec<Value> = vec![json!(TAG_COMMAND), json!(r#"test -n "$IMAGE_TAG""#)];
    for region in regions {
        commands.push(json!(format!(
            r#"aws ecr get-login-password --region {region} | docker login --username AWS --password-stdin "{}""#,
            registry(region)
        )));
    }
    for b in built {
        commands.push(json!(format!(
            r#"export SERVICE={} SERVICE_DIR="${}" IMAGE_URI="{}/{}:$IMAGE_TAG""#,
            b.name,
            dir_variable(&b.name),
            registry(home),
            b.repository
        )));
        commands.extend(b.commands.iter().map(|c| json!(c)));
        for region in regions {
            let uri = format!("{}/{}:$IMAGE_TAG", registry(region), b.repository);
            if region != home {
                commands.push(json!(format!(r#"docker tag "$IMAGE_URI" "{uri}""#)));
            }
            commands.push(json!(format!(
                r#"aws ecr describe-images --region {region} --repository-name {} --image-ids imageTag="$IMAGE_TAG" >/dev/null 2>&1 || docker push "{uri}""#,
                b.repository
            )));
        }
    }
    commands
}

fn install(plan: &Plan) -> Vec<Value> {
    install_commands(plan.pipeline.install.as_ref())
        .0
        .into_iter()
        .map(Value::String)
        .collect()
}

fn variables(plan: &Plan, built: &[Built]) -> Value {
    let mut vars = serde_json::Map::new();
    for (k, v) in install_commands(plan.pipeline.install.as_ref()).1 {
        vars.insert(k.to_owned(), json!(v));
    }
    vars.insert("BLUEPRINT".to_owned(), json!(plan.pipeline.blueprint));
    if let Some(snapshots) = &plan.pipeline.snapshots {
        vars.insert("SNAPSHOTS".to_owned(), json!(snapshots));
    }
    for b in built {
        vars.insert(dir_variable(&b.name), json!(b.dir));
    }
    Value::Object(vars)
}

/// Validation of the blueprint in the repository (`fleetform check` against the checked-in
/// output when `snapshots` is set, else `fleetform validate`), then `fleetform build`.
pub fn fleetform_commands(plan: &Plan) -> Vec<Value> {
    let check = if plan.pipeline.snapshots.is_some() {
        r#"fleetform check "$BLUEPRINT" --snapshots "$SNAPSHOTS""#
    } else {
        r#"fleetform validate "$BLUEPRINT""#
    };
    vec![
        json!(check),
        json!(format!(r#"fleetform build "$BLUEPRINT" --out {OUT_DIR}"#)),
    ]
}

/// The build step of a pipeline: images, then `fleetform check` and `build`; the build output
/// is the artifact, and `IMAGE_TAG` is exported for the deploy actions.
pub fn build(plan: &Plan, built: &[Built]) -> String {
    let mut commands = image_commands(built, &plan.regions, plan.home);
    commands.extend(fleetform_commands(plan));
    let spec = json!({
        "version": "0.2",
        "env": {
            "shell": "bash",
            "variables": variables(plan, built),
            "exported-variables": ["IMAGE_TAG"],
        },
        "phases": {
            "install": { "commands": install(plan) },
            "build": { "commands": commands },
        },
        "artifacts": { "base-directory": OUT_DIR, "files": ["**/*"] },
    });
    emit::yaml(&spec)
}

/// A test step: the user's commands as they are, with `extra` variables (e.g. `BASE_URL`).
pub fn tests(commands: &[String], pre: Vec<Value>, extra: &[(&str, &str)]) -> String {
    let mut vars = serde_json::Map::new();
    for (k, v) in extra {
        vars.insert((*k).to_owned(), json!(v));
    }
    let mut spec = json!({
        "version": "0.2",
        "env": { "shell": "bash" },
        "phases": {
            "build": {
                "commands": pre.into_iter().chain(commands.iter().map(|c| json!(c))).collect::<Vec<_>>()
            }
        },
    });
    if !vars.is_empty() {
        spec["env"]["variables"] = Value::Object(vars);
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
    commands.extend(unit_tests.iter().map(|c| json!(c)));
    commands.extend(fleetform_commands(plan));
    commands.push(json!(DEPLOY_FUNCTION));
    for (name, path) in stacks {
        commands.push(json!(format!("ff_deploy {name} {path}")));
    }
    let spec = json!({
        "version": "0.2",
        "env": { "shell": "bash", "variables": variables(plan, built) },
        "phases": {
            "install": { "commands": install(plan) },
            "build": { "commands": commands },
        },
    });
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
    let spec = json!({
        "version": "0.2",
        "env": { "shell": "bash" },
        "phases": { "build": { "commands": [WAIT_COMMAND] } },
    });
    emit::yaml(&spec)
}

const WAIT_COMMAND: &str = r#"ff_wait() { local want; want="$(jq -S . "$3")"; for _ in $(seq 168); do case "$(aws cloudformation describe-stacks --region "$2" --stack-name "$1" --query 'Stacks[0].StackStatus' --output text 2>/dev/null)" in *_COMPLETE) [ "$(aws cloudformation get-template --region "$2" --stack-name "$1" --query TemplateBody --output json | jq -S .)" = "$want" ] && return 0 ;; esac; sleep 20; done; echo "$1 in $2 did not reach this push's template" >&2; return 1; }; for w in $WAIT_STACKS; do IFS=: read -r s r p <<< "$w"; ff_wait "$s" "$r" "$p" || exit 1; done"#;
