//! The CI/CD pipeline in the picture: its stages in run order, as `lower::pipeline` builds them.
//! Source, then build beside unit tests, then per environment in `deploy` order its approval
//! and deploy, with final tests after the environment they test (they run at the end of that
//! environment's deploy stage). In monorepo mode the stages are those of every pipeline (the
//! app's for the environment stacks, one per service and job); where only some pipelines run a
//! stage, its label names them, so one row of stages stays readable for any number of services.

use super::{Graph, Group, Node, Shape};
use crate::model::{FinalTests, Pipeline, Source};
use crate::partition::Feature;
use crate::resolved::Resolved;

/// One pipeline as the picture needs it.
struct Drawn<'a> {
    /// The service or job; empty for the app's pipeline.
    name: &'a str,
    unit_tests: bool,
    final_tests: Option<&'a FinalTests>,
}

/// The pipeline's group (none without `pipeline:`); with `only`, the stages of other
/// environments are left out.
pub(super) fn draw(graph: &mut Graph, app: &Resolved, only: Option<&str>) -> Option<Group> {
    let p = app.pipeline.as_ref()?;
    let name = app.name.as_str();
    let units = units(app, p);
    let mut label = vec![format!("pipeline (CodePipeline, {})", p.region)];
    if p.per_service {
        label.push(format!("monorepo: {} pipelines", units.len()));
        label.push(format!("{name}-pipeline: environment stacks"));
        label.push(format!(
            "{name}-pipeline-NAME: one per service and job, on changes to its paths"
        ));
    }
    let mut group = Group {
        id: graph.id(&["pipeline", name]),
        label,
        ..Group::default()
    };
    let source = stage(
        graph,
        &mut group,
        &[name, "source"],
        source_label(&p.source),
    );
    let build = stage(
        graph,
        &mut group,
        &[name, "build"],
        vec![
            "build".to_owned(),
            "images, fleetform check, fleetform build".to_owned(),
        ],
    );
    graph.edge(&source, &build, Vec::new(), false);
    // The stages the next one starts after (build and unit tests run side by side).
    let mut previous = vec![build];
    let tested: Vec<&str> = units
        .iter()
        .filter(|u| u.unit_tests)
        .map(|u| u.name)
        .collect();
    if !tested.is_empty() {
        // The environment stacks' pipeline builds no image and runs no unit tests.
        let could = if p.per_service { units.len() - 1 } else { 1 };
        let mut label = vec!["unit tests".to_owned()];
        label.extend(which(p, &tested, could));
        let id = stage(graph, &mut group, &[name, "unit_tests"], label);
        graph.edge(&source, &id, Vec::new(), false);
        previous.push(id);
    }
    for env_name in p.deploy.iter().filter(|e| only.is_none_or(|o| o == *e)) {
        let Some(env) = app.environments.get(env_name) else {
            continue;
        };
        if p.approval.contains(env_name) {
            let id = graph.id(&["pipeline", name, "approve", env_name]);
            group.nodes.push(Node {
                id: id.clone(),
                label: vec![format!("approve {env_name}")],
                shape: Shape::Approval,
            });
            for from in &previous {
                graph.edge(from, &id, Vec::new(), false);
            }
            previous = vec![id];
        }
        let regions: Vec<String> = env.regions.iter().map(|r| deploy_region(r)).collect();
        let deploy = stage(
            graph,
            &mut group,
            &[name, "deploy", env_name],
            vec![format!("deploy {env_name}"), regions.join(", ")],
        );
        for from in &previous {
            graph.edge(from, &deploy, Vec::new(), false);
        }
        let testing: Vec<&str> = units
            .iter()
            .filter(|u| {
                u.final_tests
                    .is_some_and(|f| tests_after(p, f) == Some(env_name))
            })
            .map(|u| u.name)
            .collect();
        if !testing.is_empty() {
            let mut label = vec![format!("final tests on {env_name}")];
            label.extend(which(p, &testing, units.len()));
            let id = stage(graph, &mut group, &[name, "final_tests", env_name], label);
            graph.edge(&deploy, &id, Vec::new(), false);
        }
        previous = vec![deploy];
    }
    Some(group)
}

/// The pipelines as `lower::pipeline` makes them: one, or (monorepo mode) the app's for the
/// environment stacks and one per service and job that builds its own image or none (a job
/// running a service's image deploys with that service's pipeline), each with its overrides.
fn units<'a>(app: &'a Resolved, p: &'a Pipeline) -> Vec<Drawn<'a>> {
    if !p.per_service {
        return vec![Drawn {
            name: "",
            unit_tests: p.unit_tests.is_some(),
            final_tests: p.final_tests.as_ref(),
        }];
    }
    let names: Vec<&String> = crate::lower::pipeline::own_pipelines(app, p)
        .into_iter()
        .filter_map(|n| {
            app.services
                .keys()
                .chain(app.jobs.keys())
                .find(|k| **k == n)
        })
        .collect();
    let mut out = vec![Drawn {
        name: "environment stacks",
        unit_tests: false,
        final_tests: p.final_tests.as_ref(),
    }];
    for name in names {
        let over = p.services.get(name.as_str());
        out.push(Drawn {
            name,
            unit_tests: over
                .and_then(|o| o.unit_tests.as_ref())
                .or(p.unit_tests.as_ref())
                .is_some(),
            final_tests: over
                .and_then(|o| o.final_tests.as_ref())
                .or(p.final_tests.as_ref()),
        });
    }
    out
}

/// Adds a stage node named from `parts`; returns its ID.
fn stage(graph: &mut Graph, group: &mut Group, parts: &[&str], label: Vec<String>) -> String {
    let mut all = vec!["pipeline"];
    all.extend_from_slice(parts);
    let id = graph.id(&all);
    group.nodes.push(Node {
        id: id.clone(),
        label,
        shape: Shape::Stage,
    });
    id
}

fn source_label(source: &Source) -> Vec<String> {
    vec![
        "source".to_owned(),
        match source {
            Source::Connection(c) => format!("{} @ {}", c.repository, c.branch),
            Source::S3(s) => format!("s3://{}/{}", s.s3.bucket, s.s3.key),
            Source::CodeCommit(c) => format!("CodeCommit {} @ {}", c.codecommit, c.branch),
        },
    ]
}

/// A region as its deploy stage reaches it: China's through the CodeBuild deployer.
fn deploy_region(region: &str) -> String {
    if Feature::PipelineCloudFormationAction.available_in(region) == Some(false) {
        format!("{region} (CodeBuild deployer)")
    } else {
        region.to_owned()
    }
}

/// The environment final tests run after: `after`, else the first one deployed.
fn tests_after<'a>(p: &'a Pipeline, tests: &'a FinalTests) -> Option<&'a String> {
    tests.after.as_ref().or(p.deploy.first())
}

/// Which pipelines run a stage, when not all `could` that could (monorepo mode only).
fn which(p: &Pipeline, selected: &[&str], could: usize) -> Option<String> {
    if !p.per_service || selected.len() >= could {
        return None;
    }
    Some(match selected {
        [one] => format!("{one}'s pipeline"),
        [_, _] | [_, _, _] => format!("pipelines of {}", selected.join(", ")),
        _ => format!("{} of {could} pipelines", selected.len()),
    })
}
