//! Which images a pipeline builds: each service's or job's first image of the form
//! `….dkr.ecr.…/REPOSITORY:{{tag}}` (the short form's `image`, then containers by name).

use super::Built;
use crate::check::ecr::repository_of;
use crate::model::{App, Pipeline, Service};

/// The default build: the service's directory is the Docker context.
const DEFAULT_BUILD: &str = r#"docker build -t "$IMAGE_URI" "$SERVICE_DIR""#;

fn first_repository(service: &Service) -> Option<String> {
    service
        .image
        .iter()
        .chain(
            service
                .containers
                .iter()
                .flat_map(|c| c.values().map(|c| &c.image)),
        )
        .find_map(|i| repository_of(i))
}

/// A service's directory in the repository.
pub(super) fn service_dir(pipeline: &Pipeline, name: &str) -> String {
    pipeline
        .services
        .get(name)
        .and_then(|o| o.path.clone())
        .unwrap_or_else(|| format!("services/{name}"))
}

/// Every image the app's pipelines build, by service or job name.
pub(super) fn built(app: &App, pipeline: &Pipeline) -> Vec<Built> {
    let services = app.services.iter().map(|(n, s)| (n.clone(), s.clone()));
    let jobs = app
        .jobs
        .iter()
        .filter(|(n, _)| !app.services.contains_key(*n))
        .map(|(n, j)| (n.clone(), j.task()));
    let mut out: Vec<Built> = services
        .chain(jobs)
        .filter_map(|(name, service)| {
            let repository = first_repository(&service)?;
            let over = pipeline.services.get(&name);
            let commands = over
                .and_then(|o| o.build.as_ref())
                .and_then(|b| b.commands.clone())
                .or_else(|| pipeline.build.commands.clone())
                .unwrap_or_else(|| vec![DEFAULT_BUILD.to_owned()]);
            Some(Built {
                dir: service_dir(pipeline, &name),
                name,
                repository,
                commands,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
