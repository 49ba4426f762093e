//! The deployer of a region without CodePipeline's CloudFormation action or CodeConnections
//! (the China regions): one CodeBuild project, started by EventBridge when a new `source.zip`
//! lands in its bucket, that builds and pushes the images, runs the unit tests, runs
//! `fleetform check` and `build`, and deploys the region's stacks with
//! `aws cloudformation deploy` in manifest order, environment by environment in `deploy` order.
//! There is no manual approval and no final-test step there (the warning FF0510 says so).

use super::stages::{ProjectSpec, add_project};
use super::{Built, Plan, buildspec, roles, storage};
use crate::cfn::resources::codebuild::{EnvironmentVariable, ProjectSource};
use crate::cfn::resources::events::{Rule, Target};
use crate::cfn::resources::iam::Statement;
use crate::cfn::{Output, Pseudo, Resource, Template, Value};
use crate::lower::Stack;
use crate::lower::events::{list, map};
use crate::naming::{self, DEPLOYER_SOURCE_KEY, id};

pub(super) fn template(plan: &Plan, region: &str, stacks: &[Stack], built: &[Built]) -> Template {
    let app = plan.app.name.as_str();
    let mut t = Template::new(format!(
        "fleetform: CodeBuild deployer of {app} in {region} (no CodePipeline CloudFormation action or CodeConnections here)"
    ));
    let bucket_name = naming::deployer_source_bucket(app, region);
    storage::add_bucket(&mut t, Some(&bucket_name), true);
    let bucket = id::artifact_bucket();
    let repos: std::collections::BTreeMap<&String, &String> =
        built.iter().map(|b| (&b.repository, &b.name)).collect();
    storage::add_repositories(&mut t, repos.iter().map(|(r, n)| (*r, *n)), None);

    let mut order = Vec::new();
    for env in &plan.pipeline.deploy {
        for s in stacks
            .iter()
            .filter(|s| &s.environment == env && s.region == region)
        {
            order.push((s.name.clone(), format!("{app}/{env}/{region}/{}", s.name)));
        }
    }
    let unit_tests: Vec<String> = plan
        .pipeline
        .unit_tests
        .as_ref()
        .and_then(|u| u.commands.clone())
        .unwrap_or_default();
    let spec = buildspec::deployer(plan, region, built, &unit_tests, &order);
    let mut statements = vec![roles::bucket_objects(
        &[Value::get_att(&bucket, "Arn")],
        true,
    )];
    let repo_names: Vec<&String> = repos.keys().copied().collect();
    statements.extend(roles::push_statements(&repo_names, &[region.to_owned()]));
    statements.extend(roles::deploy_statements(app));
    let name = naming::pipeline_deploy_stack(app);
    add_project(
        &mut t,
        &name,
        ProjectSpec {
            app,
            step: "deploy",
            description: format!("fleetform: build, test and deploy {app} in {region}"),
            image: plan
                .pipeline
                .build
                .image
                .clone()
                .unwrap_or_else(|| super::DEFAULT_IMAGE.to_owned()),
            privileged: true,
            source: ProjectSource {
                type_name: "S3",
                build_spec: spec,
                location: Some(Value::sub(format!("${{{bucket}}}/{DEPLOYER_SOURCE_KEY}"))),
            },
            artifacts: "NO_ARTIFACTS",
            variables: vec![
                EnvironmentVariable::plain("AWS_ACCOUNT_ID", Value::pseudo(Pseudo::AccountId)),
                EnvironmentVariable::plain("ARTIFACT_BUCKET", Value::r#ref(&bucket)),
                EnvironmentVariable::plain(
                    "DEPLOY_ROLE_ARN",
                    Value::sub(naming::deploy_role_arn(app)),
                ),
            ],
            statements,
            timeout: 120,
        },
    );

    add_trigger(&mut t, app);
    t.add_output(
        id::source_bucket_output(),
        Output {
            description: Some(format!(
                "upload the repository as {DEPLOYER_SOURCE_KEY} here to deploy"
            )),
            value: Value::r#ref(&bucket),
        },
    );
    t
}

/// The rule that starts the deploy project on a new source zip, and its role.
fn add_trigger(t: &mut Template, app: &str) {
    let bucket = id::artifact_bucket();
    let trigger_role = id::deploy_trigger_role();
    t.add(
        trigger_role.clone(),
        roles::role(
            app,
            roles::events_trust(&naming::pipeline_deploy_stack(app)),
            "start-deploy",
            vec![Statement::allow(
                vec!["codebuild:StartBuild".to_owned()],
                vec![Value::get_att(&id::build_project("deploy"), "Arn")],
            )],
        ),
    );
    t.add(
        id::deploy_trigger(),
        Resource::new(Rule {
            description: format!(
                "start the {app} deployer when a new {DEPLOYER_SOURCE_KEY} arrives"
            ),
            event_pattern: map(vec![
                ("source", list(&["aws.s3"])),
                ("detail-type", list(&["Object Created"])),
                (
                    "detail",
                    map(vec![
                        (
                            "bucket",
                            map(vec![("name", Value::List(vec![Value::r#ref(&bucket)]))]),
                        ),
                        ("object", map(vec![("key", list(&[DEPLOYER_SOURCE_KEY]))])),
                    ]),
                ),
            ]),
            state: "ENABLED",
            targets: vec![Target {
                id: "deploy".to_owned(),
                arn: Value::get_att(&id::build_project("deploy"), "Arn"),
                role_arn: Some(Value::get_att(&trigger_role, "Arn")),
            }],
        }),
    );
}
