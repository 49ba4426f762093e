//! With several containers, the route must name the one that receives traffic when more than one
//! has a port, and `route.container` must name a container of the service.
//!
//! # FF0314
//!
//! `route.container` must name one of the service's containers; when it is left out, exactly one
//! container may have a `port`.
//!
//! ```yaml
//! route: { path: /api/*, container: ap }   # did you mean `app`?
//! ```

use super::{RoutedError, routed_container};
use crate::check::context::Context;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, service) in &ctx.app.services {
        if service.route.is_none() {
            continue;
        }
        match routed_container(service) {
            Err(RoutedError::Unknown(wanted)) => {
                let names: Vec<String> = Context::containers(service)
                    .into_iter()
                    .map(|c| c.name)
                    .collect();
                let help = suggest::did_you_mean(&wanted, names.iter().map(String::as_str))
                    .unwrap_or_else(|| {
                        format!(
                            "containers: {}",
                            names
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                out.push(
                    Diagnostic::error(
                        Code::FF0314,
                        format!("service `{name}` routes to unknown container `{wanted}`"),
                    )
                    .label(ctx.span(name, "/route/container"), "no such container")
                    .help(help),
                );
            }
            Err(RoutedError::Ambiguous(with_ports)) => {
                out.push(
                    Diagnostic::error(Code::FF0314, format!("service `{name}` has several containers with ports and the route names none"))
                        .label(ctx.key_span(name, "/route"), "which container?")
                        .help(format!(
                            "add `container:` to the route: one of {}",
                            with_ports.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                        )),
                );
            }
            Ok(_) => {}
        }
    }
    out
}
