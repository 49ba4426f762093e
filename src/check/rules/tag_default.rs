//! `{{tag}}` in a service or job of an app whose app file sets no `tag`. `{{tag}}` is the
//! `ImageTag` stack parameter and `tag` its default; without one the stack cannot be deployed
//! without passing the parameter, and fleetform used to fill in `latest` silently, the mutable tag
//! FF0319 warns about. A DNS blue/green service whose colours all name a `tag` in every environment
//! needs no app tag: its images use the colours' tags.
//!
//! # FF0365
//!
//! `{{tag}}` becomes the stack parameter `ImageTag`, whose default is the app file's `tag`. Without
//! a `tag` the parameter has no value unless every deploy passes one; set the release the blueprint
//! describes (CI may still override it).
//!
//! ```yaml
//! app: shop            # no `tag:` here
//! services:
//!   cart: { image: "cart:{{tag}}", cpu: 256, memory: 512 }
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::interp;
use crate::model::{ColourName, Service};

/// Whether every colour of a DNS blue/green service names its own tag in every environment.
fn colours_tagged(ctx: &Context<'_>, service: &Service) -> bool {
    service.dns_blue_green().is_some_and(|bg| {
        ctx.app.environments.keys().all(|env| {
            ColourName::ALL
                .iter()
                .all(|c| bg.colour_in(env, *c).tag.is_some())
        })
    })
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    // A `tag` written in a service file is FF0208, whose fix (move it) also fixes this.
    let misplaced = ctx
        .service_docs
        .values()
        .chain(ctx.job_docs.values())
        .any(|d| d.value.get("tag").is_some());
    if ctx.app.tag.is_some() || misplaced {
        return Vec::new();
    }
    let mut out = Vec::new();
    for w in ctx.workloads() {
        if colours_tagged(ctx, w.service) {
            continue;
        }
        let (doc, pointer) = ctx.locate(w.name, "");
        let Some(value) = crate::source::pointer(&doc.value, &pointer) else {
            continue;
        };
        let mut strings = Vec::new();
        super::interpolation::strings(value, &mut pointer.clone(), &mut strings);
        // The first use is enough: one fix (an app `tag`) covers them all.
        let first = strings.iter().find_map(|(at, text)| {
            interp::names(text)
                .into_iter()
                .find(|(name, _, _)| name == "tag")
                .map(|(_, start, end)| (at, start, end))
        });
        if let Some((at, start, end)) = first {
            out.push(
                Diagnostic::error(
                    Code::FF0365,
                    format!(
                        "{} uses `{{{{tag}}}}`, but the app file sets no `tag`",
                        w.describe()
                    ),
                )
                .label(
                    ctx.inner_span(doc, at, start, end),
                    "no default for `ImageTag`",
                )
                .help("set the release in the app file: `tag: \"1.0.0\"`"),
            );
        }
    }
    out
}
