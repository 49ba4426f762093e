//! A service or job the pipeline deploys that has no image it can build: no image of the form
//! `….dkr.ecr.…/REPOSITORY:{{tag}}`. Its stacks deploy with whatever tag the blueprint fixes, and
//! pushes of its code change nothing, which is rarely what was meant.
//!
//! # FF0512
//!
//! The pipeline builds one image per service or job: the first whose reference is an ECR repository
//! with the `{{tag}}` tag. Without one, the pipeline deploys the service but never builds it (a
//! warning).
//!
//! ```yaml
//! services:
//!   web:
//!     image: "{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/shop/web:{{tag}}"
//! ```

use crate::check::context::Context;
use crate::check::ecr::repository_of;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    if ctx.app.pipeline.is_none() {
        return Vec::new();
    }
    ctx.workloads()
        .filter(|w| {
            let s = w.service;
            !s.image
                .iter()
                .chain(s.containers.iter().flat_map(|c| c.values().map(|c| &c.image)))
                .any(|i| repository_of(i).is_some())
        })
        .map(|w| {
            let pointer = if w.service.image.is_some() { "/image" } else { "/containers" };
            Diagnostic::warning(
                Code::FF0512,
                format!("the pipeline builds no image for {}", w.describe()),
            )
            .label(ctx.span(w.name, pointer), "no `….dkr.ecr.…/REPOSITORY:{{tag}}` image")
            .help("point an image at an ECR repository with the `{{tag}}` tag, e.g. `\"{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/app/web:{{tag}}\"`")
        })
        .collect()
}
