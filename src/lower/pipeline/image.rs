//! Which images a pipeline builds: each service's or job's first image of the form
//! `….dkr.ecr.…/REPOSITORY:{{tag}}` (the short form's `image`, then containers by name).

use super::Built;
use crate::check::ecr::repository_of;
use crate::model::{App, Pipeline};
use crate::resolved::{Resolved, Workload};

/// The default build: the service's directory is the Docker context.
const DEFAULT_BUILD: &str = r#"docker build -t "$IMAGE_URI" "$SERVICE_DIR""#;

fn first_repository(service: &Workload) -> Option<String> {
    service
        .containers
        .values()
        .find_map(|c| repository_of(&c.image))
}

/// A service's (or job's) directory in the repository: its `path`, else the directory of the
/// file that defines it when that is not the app file (a service file sits next to its code),
/// else `services/{name}`.
pub(super) fn service_dir(app: &App, pipeline: &Pipeline, name: &str) -> String {
    if let Some(path) = pipeline.services.get(name).and_then(|o| o.path.clone()) {
        return path;
    }
    let file = app.files.of(name);
    if file == app.files.app {
        return format!("services/{name}");
    }
    let dir = super::sources::repo_dir(pipeline, file);
    if dir.is_empty() { ".".to_owned() } else { dir }
}

/// Every image the app's pipelines build, by service or job name: each repository once. A
/// service or job whose image is another's (a job running a service's image) builds nothing:
/// the first user (services in name order, then jobs) builds the repository for all of them,
/// and lists the others in `users` so that their stacks deploy with that build's tag.
pub(super) fn built(app: &Resolved, pipeline: &Pipeline) -> Vec<Built> {
    let jobs = app
        .jobs
        .iter()
        .filter(|(n, _)| !app.services.contains_key(*n));
    let mut out: Vec<Built> = Vec::new();
    for (name, service) in app.services.iter().chain(jobs) {
        let name = name.clone();
        let Some(repository) = first_repository(service) else {
            continue;
        };
        if let Some(owner) = out.iter_mut().find(|b| b.repository == repository) {
            owner.users.push(name);
            continue;
        }
        let over = pipeline.services.get(&name);
        let commands = over
            .and_then(|o| o.build.as_ref())
            .and_then(|b| b.commands.clone())
            .or_else(|| pipeline.build.commands.clone())
            .unwrap_or_else(|| vec![DEFAULT_BUILD.to_owned()]);
        out.push(Built {
            dir: service_dir(app, pipeline, &name),
            users: Vec::new(),
            name,
            repository,
            commands,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
