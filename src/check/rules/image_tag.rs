//! An image without a tag or digest pulls `latest`, so two deploys of the same template can run
//! different code. `:latest` written out is allowed but warned about (FF0319).
//!
//! # FF0302
//!
//! An image must name a tag (`cart:1.4.2`, `cart:{{tag}}`) or a digest (`cart@sha256:…`); without
//! one ECS pulls `latest`, and a redeploy of the same template may run different code.
//!
//! ```yaml
//! image: nginx            # write nginx:1.27 or nginx:{{tag}}
//! ```
//!
//! # FF0319
//!
//! `:latest` (a warning) moves whenever someone pushes; pin a version or use `{{tag}}` so the stack
//! says what runs.
//!
//! ```yaml
//! image: nginx:latest
//! ```

use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// The tag of an image reference: `None` without one. Each `{{…}}` counts as one opaque word,
/// so `:{{tag}}` is a tag and a `/` inside braces does not start a path segment.
pub fn tag(image: &str) -> Option<String> {
    let mut plain = String::new();
    let mut rest = image;
    while let Some(open) = rest.find("{{") {
        plain.push_str(&rest[..open]);
        plain.push('X');
        rest = rest[open..]
            .find("}}")
            .map_or("", |close| &rest[open + close + 2..]);
    }
    plain.push_str(rest);
    let last = plain.rsplit('/').next().unwrap_or(&plain);
    last.split_once(':').map(|(_, t)| t.to_owned())
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (name, service, kind) = (w.name, w.service, w.kind.noun());
        for c in Context::containers(service) {
            let image = &c.container.image;
            if image.contains("@sha256:") {
                continue;
            }
            let span = ctx.span(name, &format!("{}/image", c.base));
            match tag(image).as_deref() {
                Some("latest") => out.push(
                    Diagnostic::warning(
                        Code::FF0319,
                        format!("image `{image}` of {kind} `{name}` uses the mutable tag `latest`"),
                    )
                    .label(span, "mutable tag")
                    .help("pin a version (`:1.4.2`) or use `:{{tag}}`"),
                ),
                Some(t) if !t.is_empty() => {}
                _ => out.push(
                    Diagnostic::error(
                        Code::FF0302,
                        format!("image `{image}` of {kind} `{name}` has no tag or digest"),
                    )
                    .label(span, "no tag")
                    .help(format!(
                        "add a tag (`{}:{{{{tag}}}}`) or a digest (`@sha256:…`)",
                        image.trim_end_matches(':')
                    )),
                ),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::tag;

    #[test]
    fn tags() {
        assert_eq!(tag("nginx"), None);
        assert_eq!(tag("localhost:5000/app"), None);
        assert_eq!(tag("localhost:5000/app:1").as_deref(), Some("1"));
        assert_eq!(
            tag("{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/cart:{{tag}}").as_deref(),
            Some("X")
        );
        assert_eq!(tag("cart:{{#if t}}1{{/if}}").as_deref(), Some("X1X"));
    }
}
