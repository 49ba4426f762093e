//! One pipeline stack: artifact bucket, repositories, CodeBuild projects, roles and the
//! CodePipeline V2 with its stages.

use std::collections::BTreeMap;

use super::{Plan, Unit, buildspec, cross_account, roles, storage};
use crate::cfn::resources::codebuild::{
    CloudWatchLogs, EnvironmentVariable, LogsConfig, Project, ProjectArtifacts, ProjectEnvironment,
    ProjectSource,
};
use crate::cfn::resources::codepipeline::{
    Action, ActionTypeId, ActionVariable, Artifact, ArtifactStore, ArtifactStoreMap, EncryptionKey,
    Filter, GitConfiguration, GitPushFilter, Pipeline, Stage, Trigger,
};
use crate::cfn::resources::iam::Statement;
use crate::cfn::resources::logs::LogGroup;
use crate::cfn::{Pseudo, Resource, Template, Value};
use crate::layout::PIPELINE_DIR;
use crate::lower::Stack;
use crate::model::Source;
use crate::naming::{self, id};

const SOURCE: &str = "Source";
const BUILD_OUTPUT: &str = "BuildOutput";
/// The build action's variable namespace: deploy actions read `#{Build.IMAGE_TAG}`.
const BUILD_NAMESPACE: &str = "Build";
const SOURCE_NAMESPACE: &str = "SourceVariables";
/// Days CodeBuild logs are kept.
const LOG_RETENTION: i64 = 90;

fn type_id(category: &'static str, owner: &'static str, provider: &'static str) -> ActionTypeId {
    ActionTypeId {
        category,
        owner,
        provider,
        version: "1",
    }
}

/// A CodeBuild project with its own role and log group.
pub(super) struct ProjectSpec<'a> {
    /// The app, whose IAM path and boundary the project's role gets.
    pub app: &'a str,
    pub step: &'a str,
    pub description: String,
    pub image: String,
    pub privileged: bool,
    pub source: ProjectSource,
    pub artifacts: &'static str,
    pub variables: Vec<EnvironmentVariable>,
    pub statements: Vec<Statement>,
    pub timeout: u32,
}

pub(super) fn add_project(t: &mut Template, pipeline_name: &str, spec: ProjectSpec) {
    add_project_sharing(t, pipeline_name, spec, None);
}

/// [`add_project`], or with `shared` a project that runs with the role of step `shared` and
/// logs to its log group (`spec.statements` are then not used): the wait step shares the
/// build's, which keeps a service's pipeline stack under the inline template size limit.
pub(super) fn add_project_sharing(
    t: &mut Template,
    pipeline_name: &str,
    spec: ProjectSpec,
    shared: Option<&str>,
) {
    let name = naming::build_project(pipeline_name, spec.step);
    let owner = shared.unwrap_or(spec.step);
    let log_group = naming::build_log_group(&naming::build_project(pipeline_name, owner));
    let role_id = id::build_role(owner);
    let log_id = id::build_log_group(owner);
    let keyed = t.resources.contains_key(&id::artifact_key());
    if shared.is_none() {
        let mut statements = vec![roles::log_statement(&log_group)];
        statements.extend(spec.statements);
        if keyed {
            statements.push(super::cross_account::key_use());
        }
        t.add(
            role_id.clone(),
            roles::role(spec.app, roles::codebuild_trust(&name), &name, statements),
        );
        t.add(
            log_id.clone(),
            Resource::new(LogGroup {
                log_group_name: log_group.clone(),
                retention_in_days: LOG_RETENTION,
                kms_key_id: None,
            })
            .skip_check(
                "CKV_AWS_158",
                "build logs are encrypted at rest with CloudWatch Logs' service keys; customer KMS keys are not configurable in blueprints yet",
            ),
        );
    }
    let project = Project {
        name,
        description: spec.description,
        service_role: Value::get_att(&role_id, "Arn"),
        source: spec.source,
        artifacts: ProjectArtifacts {
            type_name: spec.artifacts,
        },
        environment: ProjectEnvironment {
            type_name: "LINUX_CONTAINER",
            compute_type: if spec.privileged {
                "BUILD_GENERAL1_MEDIUM"
            } else {
                "BUILD_GENERAL1_SMALL"
            },
            image: spec.image,
            image_pull_credentials_type: "CODEBUILD",
            privileged_mode: spec.privileged,
            environment_variables: spec.variables,
        },
        timeout_in_minutes: spec.timeout,
        logs_config: LogsConfig {
            cloud_watch_logs: CloudWatchLogs {
                status: "ENABLED",
                group_name: log_group,
            },
        },
        encryption_key: if keyed {
            Value::get_att(&id::artifact_key(), "Arn")
        } else {
            Value::arn("kms:${AWS::Region}:${AWS::AccountId}:alias/aws/s3")
        },
    };
    let mut resource = Resource::new(project).depends_on(&log_id);
    if !keyed {
        resource = resource.skip_check(
            "CKV_AWS_147",
            "build output is encrypted with the account's AWS managed S3 key; customer KMS keys are not configurable in blueprints yet",
        );
    }
    t.add(id::build_project(spec.step), resource);
}

fn pipeline_source(buildspec: String) -> ProjectSource {
    ProjectSource {
        type_name: "CODEPIPELINE",
        build_spec: buildspec,
        location: None,
    }
}

fn account_variable() -> EnvironmentVariable {
    EnvironmentVariable::plain("AWS_ACCOUNT_ID", Value::pseudo(Pseudo::AccountId))
}

/// The pipeline stack of one unit.
pub(super) fn template(plan: &Plan, unit: &Unit) -> Template {
    let app = plan.app.name.as_str();
    let what = unit
        .name
        .map_or_else(|| "the app".to_owned(), |n| format!("`{n}`"));
    let mut t = Template::new(format!(
        "fleetform: CI/CD pipeline of {app} for {what} (CodePipeline V2, home region {})",
        plan.home
    ));
    let bucket = id::artifact_bucket();
    let accounts = cross_account::add_artifact_bucket(&mut t, plan, unit);
    let home_repos: Vec<(&String, &String)> = unit
        .built
        .iter()
        .map(|b| (&b.repository, &b.name))
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .collect();
    let pulls = (!accounts.is_empty()).then(|| cross_account::repository_policy(plan, &accounts));
    storage::add_repositories(&mut t, home_repos.iter().copied(), pulls.as_ref());

    let mut buckets = vec![Value::get_att(&bucket, "Arn")];
    buckets.extend(roles::regional_buckets(plan));
    let repos: Vec<&String> = home_repos.iter().map(|(r, _)| *r).collect();

    // Build: images, `fleetform check`, `fleetform build`.
    let mut build_statements = vec![roles::bucket_objects(
        &[Value::get_att(&bucket, "Arn")],
        true,
    )];
    build_statements.extend(roles::push_statements(&repos, &plan.regions));
    let waits = wait_statement(plan, unit);
    let waiting = waits.is_some();
    build_statements.extend(waits);
    add_project(
        &mut t,
        &unit.stack_name,
        ProjectSpec {
            app,
            step: "build",
            description: format!("fleetform: build images, check and build the blueprint ({what})"),
            image: unit.build_image.clone(),
            privileged: !unit.built.is_empty(),
            source: pipeline_source(buildspec::build(plan, &unit.built)),
            artifacts: "CODEPIPELINE",
            variables: vec![account_variable()],
            statements: build_statements,
            timeout: 60,
        },
    );
    let mut projects = vec![Value::get_att(&id::build_project("build"), "Arn")];
    // Test steps of a service's pipeline know which service they test.
    let service_dir = unit
        .name
        .map(|n| super::image::service_dir(plan.app, plan.pipeline, n));
    let mut service_vars: Vec<(&str, &str)> = Vec::new();
    if let (Some(name), Some(dir)) = (unit.name, &service_dir) {
        service_vars.push(("SERVICE", name));
        service_vars.push(("SERVICE_DIR", dir.as_str()));
    }
    if add_unit_tests(&mut t, app, unit, &what, &service_vars) {
        projects.push(Value::get_att(&id::build_project("unit-tests"), "Arn"));
    }
    let final_env = add_final_tests(&mut t, plan, unit, &what, &service_vars);
    if final_env.is_some() {
        projects.push(Value::get_att(&id::build_project("final-tests"), "Arn"));
    }
    if waiting {
        add_wait(&mut t, plan, unit, &what);
        projects.push(Value::get_att(&id::build_project(WAIT_STEP), "Arn"));
    }
    // The pipeline's role (CloudFormation deploys with the app's deploy role, `iam_stack`).
    let mut statements = vec![roles::bucket_objects(&buckets, true)];
    statements.push(Statement::allow(
        vec![
            "codebuild:StartBuild".to_owned(),
            "codebuild:BatchGetBuilds".to_owned(),
            "codebuild:StopBuild".to_owned(),
        ],
        projects,
    ));
    statements.extend(roles::deploy_statements(app));
    statements.extend(roles::source_statements(plan));
    statements.extend(cross_account::pipeline_role_statements(app, &accounts));
    t.add(
        id::pipeline_role(),
        roles::role(
            app,
            // CodePipeline documents no `aws:SourceAccount`/`aws:SourceArn` for assuming its
            // service role; a condition on a key it does not set would lock it out.
            Statement::assume_role("codepipeline.amazonaws.com"),
            &unit.stack_name,
            statements,
        ),
    );

    let pipeline = Pipeline {
        name: unit.stack_name.clone(),
        pipeline_type: "V2",
        // A newer run overtakes an older one waiting for a stage, and an older run never
        // enters a stage after a newer one: deployed images only move forward.
        execution_mode: "SUPERSEDED",
        role_arn: Value::get_att(&id::pipeline_role(), "Arn"),
        restart_execution_on_update: unit.name.is_none(),
        artifact_stores: artifact_stores(plan, !accounts.is_empty()),
        stages: stages(plan, unit, final_env.as_deref()),
        triggers: triggers(plan, unit),
    };
    t.add(id::pipeline(), Resource::new(pipeline));
    t
}

/// The unit-tests project, if the unit has unit tests.
fn add_unit_tests(
    t: &mut Template,
    app: &str,
    unit: &Unit,
    what: &str,
    service_vars: &[(&str, &str)],
) -> bool {
    let bucket = id::artifact_bucket();
    if let Some(tests) = &unit.tests {
        add_project(
            t,
            &unit.stack_name,
            ProjectSpec {
                app,
                step: "unit-tests",
                description: format!("fleetform: unit tests ({what})"),
                image: tests
                    .image
                    .clone()
                    .unwrap_or_else(|| unit.build_image.clone()),
                privileged: false,
                source: pipeline_source(buildspec::tests(
                    tests.commands.as_deref().unwrap_or_default(),
                    Vec::new(),
                    service_vars,
                )),
                artifacts: "CODEPIPELINE",
                variables: Vec::new(),
                statements: vec![roles::bucket_objects(
                    &[Value::get_att(&bucket, "Arn")],
                    false,
                )],
                timeout: 60,
            },
        );
        return true;
    }
    false
}

/// The project of the monorepo pipelines' `WaitFor-{env}` actions.
const WAIT_STEP: &str = "wait";

/// The stacks of `env` that `unit` waits for, in regions the pipeline deploys.
fn waited<'a>(plan: &Plan, unit: &Unit<'a>, env: &str) -> Vec<&'a Stack> {
    unit.waits
        .iter()
        .filter(|s| s.environment == env && plan.regions.contains(&s.region))
        .copied()
        .collect()
}

/// What the wait step may do, if the unit waits for any stack: read those stacks (by name, in
/// any region; stack names are unique per app). The wait step runs with the build's role.
fn wait_statement(plan: &Plan, unit: &Unit) -> Option<Statement> {
    let mut names: Vec<&str> = plan
        .pipeline
        .deploy
        .iter()
        .flat_map(|env| waited(plan, unit, env))
        .map(|s| s.name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return None;
    }
    Some(Statement::allow(
        vec![
            "cloudformation:DescribeStacks".to_owned(),
            "cloudformation:GetTemplate".to_owned(),
        ],
        names
            .iter()
            .map(|name| {
                Value::arn(&format!(
                    "cloudformation:*:${{AWS::AccountId}}:stack/{name}/*"
                ))
            })
            .collect(),
    ))
}

/// The project of the `WaitFor-{env}` actions: it waits until stacks other pipelines deploy
/// run this push's templates (with the build's role and log group).
fn add_wait(t: &mut Template, plan: &Plan, unit: &Unit, what: &str) {
    add_project_sharing(
        t,
        &unit.stack_name,
        ProjectSpec {
            app: &plan.app.name,
            step: WAIT_STEP,
            description: format!("fleetform: wait for the stacks other pipelines deploy ({what})"),
            image: unit.build_image.clone(),
            privileged: false,
            source: pipeline_source(buildspec::wait()),
            artifacts: "CODEPIPELINE",
            variables: Vec::new(),
            statements: Vec::new(),
            timeout: 60,
        },
        Some("build"),
    );
}

/// The final-tests project, if the unit has final tests; returns the environment tested.
fn add_final_tests(
    t: &mut Template,
    plan: &Plan,
    unit: &Unit,
    what: &str,
    service_vars: &[(&str, &str)],
) -> Option<String> {
    let bucket = id::artifact_bucket();
    let final_env = unit.final_tests.as_ref().map(|f| {
        f.after
            .clone()
            .unwrap_or_else(|| plan.pipeline.deploy.first().cloned().unwrap_or_default())
    });
    if let (Some(tests), Some(env)) = (&unit.final_tests, &final_env) {
        let url = tests.url.clone().or_else(|| domain_url(plan, env));
        let (pre, region, lb) = final_url(plan, env, url.as_deref());
        let mut extra = service_vars.to_vec();
        extra.push(("TEST_ENVIRONMENT", env.as_str()));
        if let Some(url) = &url {
            extra.push(("BASE_URL", url.as_str()));
        }
        let mut statements = vec![roles::bucket_objects(
            &[Value::get_att(&bucket, "Arn")],
            false,
        )];
        if lb.is_some() {
            statements.push(Statement::allow(
                vec!["elasticloadbalancing:DescribeLoadBalancers".to_owned()],
                vec![Value::str("*")],
            ));
        }
        let mut variables = Vec::new();
        if let Some(lb) = lb {
            variables.push(EnvironmentVariable::plain("TEST_LOAD_BALANCER", lb));
            variables.push(EnvironmentVariable::plain("TEST_REGION", region));
        }
        add_project(
            t,
            &unit.stack_name,
            ProjectSpec {
                app: &plan.app.name,
                step: "final-tests",
                description: format!("fleetform: final tests against `{env}` ({what})"),
                image: tests
                    .image
                    .clone()
                    .unwrap_or_else(|| unit.build_image.clone()),
                privileged: false,
                source: pipeline_source(buildspec::tests(&tests.commands, pre, &extra)),
                artifacts: "CODEPIPELINE",
                variables,
                statements,
                timeout: 60,
            },
        );
    }

    final_env
}

/// The region of `env` the final tests run against: its first deployed region by name.
fn final_region(plan: &Plan, env: &str) -> String {
    plan.app
        .environments
        .get(env)
        .and_then(|e| {
            let mut r: Vec<&String> = e
                .regions
                .iter()
                .filter(|r| plan.regions.contains(r))
                .collect();
            r.sort();
            r.first().map(|s| (*s).clone())
        })
        .unwrap_or_else(|| plan.home.to_owned())
}

/// The load balancer the final tests reach: with `ingress.load-balancers`, the one the global
/// name points at, else the first by name.
fn final_load_balancer<'a>(plan: &Plan<'a>) -> Option<&'a str> {
    plan.app.global_load_balancer().or_else(|| {
        plan.app
            .named_load_balancers()
            .and_then(|n| n.keys().next().map(String::as_str))
    })
}

/// With HTTPS, the load balancer's certificate names its domain, not the load balancer's DNS
/// name, so a test client checking the certificate must go to the domain: `https://{domain}`
/// rendered for the tested environment × region (`None` without HTTPS, without a domain, when
/// the domain is only known at deploy time, or when another environment × region renders the
/// same domain).
fn domain_url(plan: &Plan, env: &str) -> Option<String> {
    let region = final_region(plan, env);
    let named = final_load_balancer(plan);
    let settings = plan.app.load_balancer_settings(named);
    let https = settings
        .certificate
        .is_some_and(|c| c.get(&region).is_some())
        || (named.is_none() && plan.app.ingress.as_ref().is_some_and(|i| i.zone.is_some()));
    if !https {
        return None;
    }
    let domain = settings.domain?;
    let render = |env: &str, region: &str| {
        let scope = crate::interp::Scope::for_target(plan.app, env, region);
        match crate::interp::render(domain, &scope) {
            crate::interp::Rendered::Literal(text) => Some(text),
            crate::interp::Rendered::Sub(_) => None,
        }
    };
    let tested = render(env, &region)?;
    // A domain shared with another environment × region may lead anywhere (often production):
    // only a domain of the tested load balancer alone is safe to test.
    let shared = plan.app.environments.iter().any(|(e, environment)| {
        environment.regions.iter().any(|r| {
            (e.as_str(), r.as_str()) != (env, region.as_str())
                && render(e, r).as_ref() == Some(&tested)
        })
    });
    (!shared).then(|| format!("https://{tested}"))
}

/// The URL the final tests use: given, or the load balancer's DNS name looked up at run time.
/// Returns the commands that set `BASE_URL`, the region and the load balancer name.
fn final_url(plan: &Plan, env: &str, url: Option<&str>) -> (Vec<String>, String, Option<String>) {
    let region = final_region(plan, env);
    if url.is_some() {
        return (Vec::new(), region, None);
    }
    let named = final_load_balancer(plan);
    let settings = plan.app.load_balancer_settings(named);
    let lb = match named {
        Some(name) => naming::named_load_balancer_name(&plan.app.name, env, name, settings.public),
        None => naming::load_balancer_name(&plan.app.name, env, settings.public),
    };
    // With a certificate the HTTP listener only redirects, so the tests go to HTTPS.
    let scheme = if settings
        .certificate
        .is_some_and(|c| c.get(&region).is_some())
    {
        "https"
    } else {
        "http"
    };
    let pre = vec![format!(
        r#"export BASE_URL="{scheme}://$(aws elbv2 describe-load-balancers --region "$TEST_REGION" --names "$TEST_LOAD_BALANCER" --query 'LoadBalancers[0].DNSName' --output text)""#
    )];
    (pre, region, Some(lb))
}

/// The artifact stores: the home bucket (under the artifact key when `keyed`), and the
/// regional buckets of cross-region actions.
fn artifact_stores(plan: &Plan, keyed: bool) -> Vec<ArtifactStoreMap> {
    let mut stores = vec![ArtifactStoreMap {
        region: plan.home.to_owned(),
        artifact_store: ArtifactStore {
            type_name: "S3",
            location: Value::r#ref(&id::artifact_bucket()),
            // By key ARN: the target accounts' roles cannot resolve this account's aliases.
            encryption_key: keyed.then(|| EncryptionKey {
                id: Value::get_att(&id::artifact_key(), "Arn"),
                type_name: "KMS",
            }),
        },
    }];
    for region in plan.remote_regions() {
        stores.push(ArtifactStoreMap {
            region: region.clone(),
            artifact_store: ArtifactStore {
                type_name: "S3",
                location: Value::sub(naming::regional_artifact_bucket(&plan.app.name, region)),
                encryption_key: None,
            },
        });
    }
    stores
}

fn source_action(plan: &Plan) -> Action {
    let mut configuration = BTreeMap::new();
    let provider = match &plan.pipeline.source {
        Source::Connection(c) => {
            configuration.insert("ConnectionArn".to_owned(), Value::str(c.connection.clone()));
            configuration.insert(
                "FullRepositoryId".to_owned(),
                Value::str(c.repository.clone()),
            );
            configuration.insert("BranchName".to_owned(), Value::str(c.branch.clone()));
            "CodeStarSourceConnection"
        }
        Source::S3(s) => {
            configuration.insert("S3Bucket".to_owned(), Value::str(s.s3.bucket.clone()));
            configuration.insert("S3ObjectKey".to_owned(), Value::str(s.s3.key.clone()));
            configuration.insert("PollForSourceChanges".to_owned(), Value::str("true"));
            "S3"
        }
        Source::CodeCommit(c) => {
            configuration.insert(
                "RepositoryName".to_owned(),
                Value::str(c.codecommit.clone()),
            );
            configuration.insert("BranchName".to_owned(), Value::str(c.branch.clone()));
            configuration.insert("PollForSourceChanges".to_owned(), Value::str("true"));
            "CodeCommit"
        }
    };
    let owner = "AWS";
    Action {
        name: SOURCE.to_owned(),
        action_type_id: type_id("Source", owner, provider),
        region: None,
        run_order: 1,
        role_arn: None,
        configuration,
        input_artifacts: Vec::new(),
        output_artifacts: vec![Artifact::new(SOURCE)],
        namespace: Some(SOURCE_NAMESPACE.to_owned()),
    }
}

/// The source revision variable of the source action: a commit ID, or an S3 object version.
fn revision_variable(plan: &Plan) -> String {
    let name = match plan.pipeline.source {
        Source::S3(_) => "VersionId",
        Source::Connection(_) | Source::CodeCommit(_) => "CommitId",
    };
    format!("#{{{SOURCE_NAMESPACE}.{name}}}")
}

fn build_action(
    name: &str,
    step: &str,
    input: &str,
    run_order: u32,
    env: Option<String>,
) -> Action {
    let mut configuration = BTreeMap::from([(
        "ProjectName".to_owned(),
        Value::r#ref(&id::build_project(step)),
    )]);
    if let Some(env) = env {
        configuration.insert("EnvironmentVariables".to_owned(), Value::str(env));
    }
    Action {
        name: name.to_owned(),
        action_type_id: type_id("Build", "AWS", "CodeBuild"),
        region: None,
        run_order,
        role_arn: None,
        configuration,
        input_artifacts: vec![Artifact::new(input)],
        output_artifacts: Vec::new(),
        namespace: None,
    }
}

/// The action that waits, before `env`'s stacks deploy, until `stacks` (deployed by other
/// pipelines of the same push) run the templates of this build: `WAIT_STACKS` lists them as
/// `name:region:template-path` (validated names, regions and environment names only).
fn wait_action(app: &str, env: &str, stacks: &[&Stack]) -> Action {
    let list: Vec<String> = stacks
        .iter()
        .map(|s| {
            format!(
                "{}:{}:{app}/{env}/{}/{}.json",
                s.name, s.region, s.region, s.name
            )
        })
        .collect();
    let variables = ActionVariable::plaintext("WAIT_STACKS", list.join(" "));
    build_action(
        &format!("WaitFor-{env}"),
        WAIT_STEP,
        BUILD_OUTPUT,
        1,
        Some(variables),
    )
}

/// A CloudFormation deploy action for one stack, from the build output; in target account
/// `account` (a cross-account environment) it runs as the action role there and deploys with
/// the deploy role there.
fn deploy_action(
    app: &str,
    stack_name: &str,
    (region, account): (&str, Option<&str>),
    dir: &str,
    run_order: u32,
    image_tag: bool,
) -> Action {
    let mut configuration = BTreeMap::from([
        ("ActionMode".to_owned(), Value::str("CREATE_UPDATE")),
        ("StackName".to_owned(), Value::str(stack_name)),
        (
            "TemplatePath".to_owned(),
            Value::str(format!("{BUILD_OUTPUT}::{dir}/{stack_name}.json")),
        ),
        (
            "TemplateConfiguration".to_owned(),
            Value::str(format!("{BUILD_OUTPUT}::{dir}/{stack_name}.config.json")),
        ),
        ("Capabilities".to_owned(), Value::str("CAPABILITY_IAM")),
        (
            "RoleArn".to_owned(),
            Value::sub(account.map_or_else(
                || naming::deploy_role_arn(app),
                |a| naming::deploy_role_arn_in(app, a),
            )),
        ),
    ]);
    if image_tag {
        configuration.insert(
            "ParameterOverrides".to_owned(),
            Value::str(
                serde_json::to_string(&BTreeMap::from([(
                    "ImageTag",
                    format!("#{{{BUILD_NAMESPACE}.IMAGE_TAG}}"),
                )]))
                .expect("string maps serialize"),
            ),
        );
    }
    Action {
        name: naming::bounded(&format!("{stack_name}.{region}"), 100),
        action_type_id: type_id("Deploy", "AWS", "CloudFormation"),
        region: Some(region.to_owned()),
        run_order,
        role_arn: account.map(|a| Value::sub(naming::cross_account_role_arn(app, a))),
        configuration,
        input_artifacts: vec![Artifact::new(BUILD_OUTPUT)],
        output_artifacts: Vec::new(),
        namespace: None,
    }
}

/// The app's pipeline keeps every pipeline stack current: the regional artifact stacks first
/// (new repositories), then the service pipelines, then itself.
fn update_stage(plan: &Plan, unit: &Unit) -> Option<Stage> {
    if unit.name.is_some() {
        return None;
    }
    let app = plan.app.name.as_str();
    let mut actions = Vec::new();
    for region in plan.remote_regions() {
        let name = naming::pipeline_artifacts_stack(app);
        let dir = format!("{app}/{PIPELINE_DIR}/{region}");
        actions.push(deploy_action(app, &name, (region, None), &dir, 1, false));
    }
    let dir = format!("{app}/{PIPELINE_DIR}/{}", plan.home);
    for other in &unit.updates {
        actions.push(deploy_action(app, other, (plan.home, None), &dir, 2, false));
    }
    let own = &unit.stack_name;
    actions.push(deploy_action(app, own, (plan.home, None), &dir, 3, false));
    Some(Stage {
        name: "UpdatePipeline".to_owned(),
        actions,
    })
}

fn stages(plan: &Plan, unit: &Unit, final_env: Option<&str>) -> Vec<Stage> {
    let app = plan.app.name.as_str();
    let mut out = vec![Stage {
        name: "Source".to_owned(),
        actions: vec![source_action(plan)],
    }];
    let revision = ActionVariable::plaintext("SOURCE_REVISION", revision_variable(plan));
    let mut build = build_action("Build", "build", SOURCE, 1, Some(revision));
    build.output_artifacts = vec![Artifact::new(BUILD_OUTPUT)];
    build.namespace = Some(BUILD_NAMESPACE.to_owned());
    let mut build_actions = vec![build];
    if unit.tests.is_some() {
        build_actions.push(build_action("UnitTests", "unit-tests", SOURCE, 1, None));
    }
    out.push(Stage {
        name: "Build".to_owned(),
        actions: build_actions,
    });
    out.extend(update_stage(plan, unit));
    for env in &plan.pipeline.deploy {
        let stacks: Vec<&&Stack> = unit
            .deploys
            .iter()
            .filter(|s| &s.environment == env && plan.regions.contains(&s.region))
            .collect();
        let testing = final_env == Some(env.as_str()) && unit.final_tests.is_some();
        if stacks.is_empty() && !testing {
            continue;
        }
        let waiting = if stacks.is_empty() {
            Vec::new()
        } else {
            waited(plan, unit, env)
        };
        if plan.pipeline.approval.contains(env) {
            out.push(approval_stage(app, env));
        }
        // A stack deploys after the stacks of this stage it depends on (environment, then
        // observability, then services, callers after their Service Connect callees): the
        // manifest lists dependencies first, so one pass gives each its depth.
        let mut depth: BTreeMap<&str, u32> = waiting.iter().map(|s| (s.name.as_str(), 1)).collect();
        for s in &stacks {
            let after = s
                .depends_on
                .iter()
                .filter_map(|d| depth.get(d.as_str()))
                .max()
                .copied()
                .unwrap_or(0);
            depth.insert(&s.name, after + 1);
        }
        let mut actions = Vec::new();
        if !waiting.is_empty() {
            actions.push(wait_action(app, env, &waiting));
        }
        actions.extend(stacks.iter().map(|s| {
            let order = depth[s.name.as_str()];
            deploy_action(
                app,
                &s.name,
                (&s.region, cross_account::account_of(plan, s)),
                &format!("{app}/{env}/{}", s.region),
                order,
                s.parameters.contains_key("ImageTag"),
            )
        }));
        if testing {
            let last = actions.iter().map(|a| a.run_order).max().unwrap_or(0);
            actions.push(build_action(
                "FinalTests",
                "final-tests",
                SOURCE,
                last + 1,
                None,
            ));
        }
        out.push(Stage {
            name: format!("Deploy-{env}"),
            actions,
        });
    }
    out
}

fn triggers(plan: &Plan, unit: &Unit) -> Vec<Trigger> {
    let Source::Connection(c) = &plan.pipeline.source else {
        return Vec::new();
    };
    vec![Trigger {
        provider_type: "CodeStarSourceConnection",
        git_configuration: GitConfiguration {
            source_action_name: SOURCE.to_owned(),
            // A push starts the pipeline when it matches any filter; a filter holds at most
            // 8 path patterns (`sources::triggers` keeps to 3 filters).
            push: match &unit.paths {
                None => vec![GitPushFilter {
                    branches: Filter {
                        includes: vec![c.branch.clone()],
                    },
                    file_paths: None,
                }],
                Some(paths) => paths
                    .chunks(super::sources::MAX_PATTERNS)
                    .map(|chunk| GitPushFilter {
                        branches: Filter {
                            includes: vec![c.branch.clone()],
                        },
                        file_paths: Some(Filter {
                            includes: chunk.to_vec(),
                        }),
                    })
                    .collect(),
            },
        },
    }]
}

/// A stage with one manual approval before `env` deploys.
fn approval_stage(app: &str, env: &str) -> Stage {
    Stage {
        name: format!("Approve-{env}"),
        actions: vec![Action {
            name: format!("Approve-{env}"),
            action_type_id: type_id("Approval", "AWS", "Manual"),
            region: None,
            run_order: 1,
            role_arn: None,
            configuration: BTreeMap::from([(
                "CustomData".to_owned(),
                Value::str(format!("Deploy {app} to {env}?")),
            )]),
            input_artifacts: Vec::new(),
            output_artifacts: Vec::new(),
            namespace: None,
        }],
    }
}
