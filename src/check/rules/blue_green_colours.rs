//! A DNS blue/green colour that cannot be what it claims. A colour `tag` is the value of `{{tag}}`
//! in that colour's images, so with no `{{tag}}` in any image both colours would run the same image
//! whatever the tags say. And each colour runs as ECS service and task family `{service}-{colour}`,
//! which must not be the name of another service of the app.
//!
//! # FF0361
//!
//! A colour's `tag` replaces `{{tag}}` in the service's images, so an image must use `{{tag}}` for
//! the colours to differ. Each colour runs as ECS service `{service}-blue` or `{service}-green` in
//! the cluster, so no other service may have that name.
//!
//! ```yaml
//! api:
//!   image: registry.example.com/api:1.4.2     # use api:{{tag}}
//!   deploy:
//!     dns-blue-green:
//!       blue: { tag: 1.4.2 }
//!       green: { tag: 1.5.0 }
//! ```

use super::blue_green;
use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::ColourName;

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, bg) in blue_green::services(ctx) {
        let service = &ctx.app.services[name];
        let uses_tag = crate::check::Context::containers(service)
            .iter()
            .any(|c| c.container.image.replace(' ', "").contains("{{tag}}"));
        for colour in ColourName::ALL {
            let key = colour.key();
            let base = format!("{}/{key}", blue_green::POINTER);
            let tags = std::iter::once((base.clone(), bg.colour_in("", colour).tag)).chain(
                bg.environments.iter().map(|(env, o)| {
                    let over = match colour {
                        ColourName::Blue => o.blue.as_ref(),
                        ColourName::Green => o.green.as_ref(),
                    };
                    (
                        format!(
                            "{}/environments/{}/{key}",
                            blue_green::POINTER,
                            crate::source::escape_token(env)
                        ),
                        over.and_then(|c| c.tag.clone()),
                    )
                }),
            );
            for (at, tag) in tags {
                if uses_tag || tag.is_none() {
                    continue;
                }
                out.push(
                    Diagnostic::error(
                        Code::FF0361,
                        format!(
                            "the {key} `tag` of service `{name}` changes nothing: no image uses `{{{{tag}}}}`"
                        ),
                    )
                    .label(ctx.span(name, &format!("{at}/tag")), "replaces `{{tag}}`, which no image has")
                    .help("write the image as `repository:{{tag}}`, or remove the colour's `tag`"),
                );
            }
            let ecs_name = crate::naming::colour_service_name(name, key);
            if ctx.app.services.contains_key(&ecs_name) {
                out.push(
                    Diagnostic::error(
                        Code::FF0361,
                        format!(
                            "the {key} colour of service `{name}` runs as `{ecs_name}`, the name of another service"
                        ),
                    )
                    .label(ctx.key_span(name, &base), format!("runs as ECS service `{ecs_name}`"))
                    .label(ctx.key_span(&ecs_name, ""), "also named here")
                    .help(format!("rename service `{ecs_name}` or `{name}`")),
                );
            }
        }
    }
    out
}
