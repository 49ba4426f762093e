//! Volume mounts ECS would refuse: a volume's `containers` naming a container the service does
//! not have, or two volumes mounted at the same path of one container (ECS rejects the task
//! definition: a container path takes one mount).
//!
//! # FF0392
//!
//! `containers` of a volume lists the containers that mount it, by their names under
//! `containers` (the short form's one container is `app`).
//!
//! ```yaml
//! containers:
//!   web: { image: … }
//! volumes:
//!   cache: { efs: create, path: /cache, containers: [wbe] }   # no container `wbe`
//! ```
//!
//! # FF0393
//!
//! Each container path holds one volume. Two volumes mounted by the same container at the same
//! `path` would hide one another; ECS refuses the task definition.
//!
//! ```yaml
//! volumes:
//!   media: { efs: create, path: /data }
//!   cache: { efs: create, path: /data }   # the same path as `media`
//! ```

use std::collections::BTreeMap;

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::distance::closest;
use crate::resolved::containers::containers;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        let names: Vec<String> = containers(service).into_keys().collect();
        for (volume_name, volume) in &service.volumes {
            for (i, c) in volume.containers.iter().flatten().enumerate() {
                if names.contains(c) {
                    continue;
                }
                let suggestion = closest(c, names.iter().map(String::as_str))
                    .map_or_else(String::new, |s| format!("did you mean `{s}`? "));
                out.push(
                    Diagnostic::error(
                        Code::FF0392,
                        format!("volume `{volume_name}` of service `{name}` is mounted by `{c}`, which is not a container of the service"),
                    )
                    .label(
                        ctx.span(name, &format!("/volumes/{volume_name}/containers/{i}")),
                        "no such container",
                    )
                    .help(format!(
                        "{suggestion}`containers` takes the service's containers: {}",
                        names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
        // A pair of volumes is reported once, for the first container that mounts both.
        let mut reported: Vec<(&str, &str)> = Vec::new();
        for container in &names {
            let mut at: BTreeMap<&str, &str> = BTreeMap::new();
            for (volume_name, volume) in &service.volumes {
                if !volume.mounted_by(container) {
                    continue;
                }
                let path = volume.path.trim_end_matches('/');
                let Some(first) = at.insert(path, volume_name) else {
                    continue;
                };
                at.insert(path, first);
                if reported.contains(&(first, volume_name.as_str())) {
                    continue;
                }
                reported.push((first, volume_name.as_str()));
                out.push(
                    Diagnostic::error(
                        Code::FF0393,
                        format!("volumes `{first}` and `{volume_name}` of service `{name}` are both mounted at `{}` in container `{container}`", volume.path),
                    )
                    .label(ctx.span(name, &format!("/volumes/{volume_name}/path")), "mounted here again")
                    .label(ctx.span(name, &format!("/volumes/{first}/path")), "first mounted here")
                    .help(format!("give volume `{volume_name}` a `path` of its own, or limit its `containers`")),
                );
            }
        }
    }
    out
}
