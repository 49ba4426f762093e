//! Capacity, decided once: which providers are Fargate, the cluster default strategy, a
//! service's strategy and the launch type and architecture that strategy needs. `check`,
//! `lower` and `graph` all read these; none works them out again.

use crate::model::{Capacity, CapacityChoice, Cluster, Service};

/// `fargate` and `spot` name the Fargate providers; every other capacity is an EC2 group.
pub fn is_fargate(name: &str) -> bool {
    matches!(name, "fargate" | "spot")
}

/// One entry of a strategy, by blueprint capacity name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrategyEntry {
    pub capacity: String,
    pub base: Option<u32>,
    pub weight: Option<u32>,
}

/// A CPU architecture of EC2 capacity (`arch`; the schema allows these two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    X86_64,
    Arm64,
}

impl Arch {
    /// The architecture a capacity's `arch` names (`x86_64` unless `arm64`).
    pub fn of(arch: &str) -> Self {
        if arch == "arm64" {
            Self::Arm64
        } else {
            Self::X86_64
        }
    }

    /// ECS's `RuntimePlatform.CpuArchitecture`.
    pub const fn ecs(self) -> &'static str {
        match self {
            Self::X86_64 => "X86_64",
            Self::Arm64 => "ARM64",
        }
    }
}

/// The launch type a strategy needs: Fargate, or EC2 with the capacity's architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compat {
    Fargate,
    Ec2(Arch),
}

impl Compat {
    /// ECS's `RequiresCompatibilities` entry and `RuntimePlatform.CpuArchitecture`.
    pub const fn ecs(self) -> (&'static str, &'static str) {
        match self {
            Self::Fargate => ("FARGATE", "X86_64"),
            Self::Ec2(arch) => ("EC2", arch.ecs()),
        }
    }
}

/// (base, weight) of a declared capacity.
pub fn base_weight(c: &Capacity) -> (Option<u32>, Option<u32>) {
    match c {
        Capacity::Ec2(e) => (e.base, e.weight),
        Capacity::Fargate(f) => (f.base, f.weight),
    }
}

/// The default strategy the blueprint declares: `cluster.default` (weights from the
/// capacities, 1 if unset), else every capacity with a weight. Empty when it declares none.
pub fn declared_default(cluster: &Cluster) -> Vec<StrategyEntry> {
    let numbers = |name: &str| cluster.capacity.get(name).map_or((None, None), base_weight);
    if let Some(names) = &cluster.default {
        return names
            .iter()
            .map(|name| {
                let (base, weight) = numbers(name);
                StrategyEntry {
                    capacity: name.clone(),
                    base,
                    weight: Some(weight.unwrap_or(1)),
                }
            })
            .collect();
    }
    cluster
        .capacity
        .iter()
        .filter_map(|(name, c)| {
            let (base, weight) = base_weight(c);
            weight.map(|w| StrategyEntry {
                capacity: name.clone(),
                base,
                weight: Some(w),
            })
        })
        .collect()
}

/// The providers a workload's `capacity` names, else those of the declared default strategy,
/// as written (none at all means plain Fargate): what the rules judge a strategy by.
pub fn declared_providers(cluster: &Cluster, capacity: Option<&CapacityChoice>) -> Vec<String> {
    match capacity {
        Some(CapacityChoice::Name(n)) => vec![n.clone()],
        Some(CapacityChoice::Strategy(items)) => items.iter().map(|i| i.provider.clone()).collect(),
        None => declared_default(cluster)
            .into_iter()
            .map(|e| e.capacity)
            .collect(),
    }
}

/// The cluster default strategy as deployed: [`declared_default`], else FARGATE with weight 1.
pub fn default_strategy(cluster: &Cluster) -> Vec<StrategyEntry> {
    let declared = declared_default(cluster);
    if declared.is_empty() {
        vec![StrategyEntry {
            capacity: "fargate".to_owned(),
            base: None,
            weight: Some(1),
        }]
    } else {
        declared
    }
}

/// A service's strategy: its `capacity` (one name or a list, a lone entry weighing 1), else
/// the cluster default.
pub fn service_strategy(cluster: &Cluster, service: &Service) -> Vec<StrategyEntry> {
    match &service.capacity {
        Some(CapacityChoice::Name(name)) => vec![StrategyEntry {
            capacity: name.clone(),
            base: None,
            weight: Some(1),
        }],
        Some(CapacityChoice::Strategy(items)) if !items.is_empty() => {
            let single = items.len() == 1;
            items
                .iter()
                .map(|i| StrategyEntry {
                    capacity: i.provider.clone(),
                    base: i.base,
                    weight: i.weight.or(single.then_some(1)),
                })
                .collect()
        }
        _ => default_strategy(cluster),
    }
}

/// What a strategy runs on: EC2 if any provider is an EC2 capacity (ECS does not mix the two).
pub fn compat(cluster: &Cluster, strategy: &[StrategyEntry]) -> Compat {
    strategy
        .iter()
        .find_map(|e| match cluster.capacity.get(&e.capacity) {
            Some(Capacity::Ec2(ec2)) if !is_fargate(&e.capacity) => {
                Some(Compat::Ec2(Arch::of(&ec2.arch)))
            }
            _ => None,
        })
        .unwrap_or(Compat::Fargate)
}
