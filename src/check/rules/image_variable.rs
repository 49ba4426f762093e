//! An image reference that still holds a shell-style `${…}` (or `$NAME`) variable. Compose and
//! Copilot substitute those before they pull; ECS does not, so the task would ask the registry
//! for the literal text and never start. An importer that cannot resolve a variable leaves it
//! for the user to fill, and this rule makes sure it is filled before a deploy.
//!
//! # FF0480
//!
//! ECS pulls an image reference as written: a shell-style variable that Compose or Copilot would
//! have substituted (`${REGISTRY}`, `${TAG:-1.0}`, `$IMAGE`) is not replaced, so the pull fails.
//! Write the value, or a blueprint name the build fills in (`{{tag}}`, an app `vars` entry).
//!
//! ```yaml
//! image: ${REGISTRY}/web:${TAG}   # registry.example.com/web:{{tag}}
//! ```


use crate::check::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// The first shell-style variable in an image reference (`${…}` or `$` before a name), if any.
pub fn variable(image: &str) -> Option<&str> {
    let start = image.match_indices('$').map(|(i, _)| i).find(|&i| {
        image[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c == '{' || c == '_' || c.is_ascii_alphabetic())
    })?;
    let rest = &image[start..];
    let end = if rest.as_bytes().get(1) == Some(&b'{') {
        rest.find('}').map_or(rest.len(), |i| i + 1)
    } else {
        1 + rest[1..]
            .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
            .unwrap_or(rest.len() - 1)
    };
    Some(&rest[..end])
}

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for w in ctx.workloads() {
        let (name, kind) = (w.name, w.kind.noun());
        for c in Context::containers(w.service) {
            let image = &c.container.image;
            let Some(var) = variable(image) else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    Code::FF0480,
                    format!(
                        "image `{image}` of {kind} `{name}` holds the unresolved variable `{var}`"
                    ),
                )
                .label(
                    ctx.span(name, &format!("{}/image", c.base)),
                    "not substituted by ECS",
                )
                .help(format!(
                    "replace `{var}` with its value (or `{{{{tag}}}}` for the release tag)"
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::variable;

    #[test]
    fn variables_in_images_are_found() {
        assert_eq!(variable("${REGISTRY}/web:1"), Some("${REGISTRY}"));
        assert_eq!(variable("web:${TAG:-1.0}"), Some("${TAG:-1.0}"));
        assert_eq!(variable("$IMAGE"), Some("$IMAGE"));
        assert_eq!(variable("web:$TAG"), Some("$TAG"));
        assert_eq!(variable("${open"), Some("${open"));
        assert_eq!(variable("web:1.0"), None);
        assert_eq!(variable("web@sha256:abc"), None);
        assert_eq!(variable("web:1$"), None);
        assert_eq!(
            variable("{{account}}.dkr.ecr.{{region}}.{{url_suffix}}/a:{{tag}}"),
            None
        );
    }
}
