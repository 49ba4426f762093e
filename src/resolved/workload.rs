//! A service, or a job's task part, with what lowering and graphs need of it decided once.

use std::collections::BTreeMap;

use super::capacity::{self, Compat, StrategyEntry};
use super::containers;
use crate::model::{Cluster, Container, Service};

/// A service (or a job seen through [`crate::model::Job::task`]) with its containers expanded
/// and its capacity strategy and launch type applied. Derefs to the service as written.
#[derive(Debug, Clone)]
pub struct Workload {
    service: Service,
    /// Every container by name, the short form expanded ([`containers::containers`]).
    pub containers: BTreeMap<String, Container>,
    /// The capacity strategy: the service's own, else the cluster default.
    pub strategy: Vec<StrategyEntry>,
    /// The launch type and architecture the strategy needs.
    pub compat: Compat,
}

impl Workload {
    /// Resolves `service` on `cluster`.
    pub fn resolve(cluster: &Cluster, service: Service) -> Self {
        let strategy = capacity::service_strategy(cluster, &service);
        let compat = capacity::compat(cluster, &strategy);
        Self {
            containers: containers::containers(&service),
            service,
            strategy,
            compat,
        }
    }

    /// The service as written.
    pub const fn service(&self) -> &Service {
        &self.service
    }

    /// The container and port that receive load-balancer traffic ([`containers::routed`]).
    pub fn routed(&self) -> Option<(String, u16)> {
        containers::routed(&self.service, &self.containers)
    }

    /// The same workload with the routed container listening on `port` (a blue/green colour's
    /// own port); unchanged for `None`.
    #[must_use]
    pub fn with_port(&self, port: Option<u16>) -> Self {
        let mut changed = self.clone();
        let Some(port) = port else {
            return changed;
        };
        let routed = self.routed().map(|(name, _)| name);
        match (&mut changed.service.containers, routed) {
            (Some(list), Some(routed)) => {
                if let Some(c) = list.get_mut(&routed) {
                    c.port = Some(port);
                }
            }
            // A routed container without a port is FF0303; the short form takes the colour's.
            _ => changed.service.port = Some(port),
        }
        changed.containers = containers::containers(&changed.service);
        changed
    }
}

impl std::ops::Deref for Workload {
    type Target = Service;
    fn deref(&self) -> &Service {
        &self.service
    }
}
