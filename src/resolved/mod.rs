//! The resolved app: what `check` hands on once a blueprint is valid, with every concept
//! decided once: containers expanded, the default and each workload's capacity strategy and
//! launch type applied, each region's overrides applied as a typed app, and the environment ×
//! region targets (with their partition) listed in one order. `lower`, `graph`, `diff` and the
//! pipelines read this and derive none of it again.

pub mod capacity;
pub mod containers;
#[cfg(test)]
mod tests;
mod workload;

use std::collections::BTreeMap;

pub use capacity::{Arch, Compat, StrategyEntry, is_fargate};
pub use workload::Workload;

use crate::model::{self, Environment};
use crate::partition::{Partition, partition_or_aws};

/// One app as some target deploys it (the app itself, or merged with a region's overrides),
/// with its workloads resolved. Derefs to the model app.
#[derive(Debug, Clone)]
pub struct Resolved {
    app: model::App,
    /// The cluster default strategy as deployed ([`capacity::default_strategy`]).
    pub default_strategy: Vec<StrategyEntry>,
    pub services: BTreeMap<String, Workload>,
    /// Each job's task part ([`crate::model::Job::task`]), resolved like a service.
    pub jobs: BTreeMap<String, Workload>,
}

impl Resolved {
    /// Resolves every workload of `app`.
    pub fn new(app: model::App) -> Self {
        let cluster = &app.cluster;
        let services = app
            .services
            .iter()
            .map(|(name, s)| (name.clone(), Workload::resolve(cluster, s.clone())))
            .collect();
        let jobs = app
            .jobs
            .iter()
            .map(|(name, j)| (name.clone(), Workload::resolve(cluster, j.task())))
            .collect();
        Self {
            default_strategy: capacity::default_strategy(cluster),
            services,
            jobs,
            app,
        }
    }

    /// The model app.
    pub const fn model(&self) -> &model::App {
        &self.app
    }
}

impl std::ops::Deref for Resolved {
    type Target = model::App;
    fn deref(&self) -> &model::App {
        &self.app
    }
}

/// A valid app, resolved. Only `check` makes one from a blueprint (tests may resolve a model
/// app directly). Derefs to the app as written, without any region's overrides.
#[derive(Debug, Clone)]
pub struct App {
    base: Resolved,
    /// (environment, region) → the app merged with that region's overrides; only targets
    /// with overrides have an entry.
    regional: BTreeMap<(String, String), Resolved>,
}

/// One environment × region of an app.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub env_name: &'a str,
    pub env: &'a Environment,
    pub region: &'a str,
    /// The region's partition (`aws` for a region fleetform does not know, which check refuses).
    pub partition: Partition,
    /// The app as this target deploys it: with the region's overrides applied.
    pub app: &'a Resolved,
}

impl App {
    /// Resolves a checked app and the apps its overrides make per (environment, region).
    pub(crate) fn new(app: model::App, regional: BTreeMap<(String, String), model::App>) -> Self {
        Self {
            base: Resolved::new(app),
            regional: regional
                .into_iter()
                .map(|(k, app)| (k, Resolved::new(app)))
                .collect(),
        }
    }

    /// The app as written, without any region's overrides.
    pub const fn base(&self) -> &Resolved {
        &self.base
    }

    /// The app as it deploys to `env` × `region`: with that region's overrides applied.
    pub fn target_app(&self, env: &str, region: &str) -> &Resolved {
        self.regional
            .get(&(env.to_owned(), region.to_owned()))
            .unwrap_or(&self.base)
    }

    /// Whether any target has overrides.
    pub fn has_overrides(&self) -> bool {
        !self.regional.is_empty()
    }

    /// Whether `env` × `region` has overrides.
    pub fn has_overrides_at(&self, env: &str, region: &str) -> bool {
        self.regional
            .contains_key(&(env.to_owned(), region.to_owned()))
    }

    /// Every environment × region, by environment name then region name, each region once.
    pub fn targets(&self) -> impl Iterator<Item = Target<'_>> {
        self.base
            .environments
            .iter()
            .flat_map(move |(env_name, env)| {
                let mut regions: Vec<&String> = env.regions.iter().collect();
                regions.sort();
                regions.dedup();
                regions.into_iter().map(move |region| Target {
                    env_name,
                    env,
                    region,
                    partition: partition_or_aws(region),
                    app: self.target_app(env_name, region),
                })
            })
    }

    /// The app with no region's overrides applied: what every target would deploy without
    /// `environments.{env}.overrides`. Still valid: the rules checked the app itself in every
    /// region before checking each region's overrides.
    #[must_use]
    pub fn without_overrides(&self) -> Self {
        Self {
            base: self.base.clone(),
            regional: BTreeMap::new(),
        }
    }
}

impl std::ops::Deref for App {
    type Target = model::App;
    fn deref(&self) -> &model::App {
        &self.base.app
    }
}
