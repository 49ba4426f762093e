//! Containers, decided once: the short form (`image`, `port`, … on the service) is the one
//! essential container `app`.

use std::collections::BTreeMap;

use crate::model::{Container, Service};

/// The name of the container the short form declares.
pub const SHORT_FORM: &str = "app";

/// The container of the short form, `None` for a service with `containers` (or, before the
/// schema has passed, with neither `image` nor `containers`).
pub fn short_form(service: &Service) -> Option<Container> {
    if service.containers.is_some() {
        return None;
    }
    Some(Container {
        image: service.image.clone()?,
        port: service.port,
        essential: true,
        cpu: None,
        memory: None,
        command: service.command.clone(),
        env: service.env.clone().unwrap_or_default(),
        secrets: service.secrets.clone().unwrap_or_default(),
        config: service.config.clone().unwrap_or_default(),
        health: service.health.clone(),
    })
}

/// The containers of a service by name, the short form expanded.
pub fn containers(service: &Service) -> BTreeMap<String, Container> {
    match &service.containers {
        Some(containers) => containers.clone(),
        None => short_form(service)
            .map(|c| (SHORT_FORM.to_owned(), c))
            .into_iter()
            .collect(),
    }
}

/// The container and port that receive load-balancer traffic: `route.container`, else the
/// first container (by name) with a port. `None` without a route.
pub fn routed(
    service: &Service,
    containers: &BTreeMap<String, Container>,
) -> Option<(String, u16)> {
    let route = service.route.as_ref()?;
    match &route.container {
        Some(name) => containers
            .get(name)
            .and_then(|c| c.port)
            .map(|p| (name.clone(), p)),
        None => containers
            .iter()
            .find_map(|(name, c)| c.port.map(|p| (name.clone(), p))),
    }
}
