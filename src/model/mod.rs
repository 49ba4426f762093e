//! Blueprint types: what a user writes, deserialized after the JSON Schema has accepted it.
//!
//! No logic lives here. Maps are `BTreeMap` so every later stage iterates in name order,
//! never in file order, which keeps logical IDs and output bytes stable.

mod app;
mod blue_green;
mod service;

pub use app::{
    App, AppFile, Capacity, Cluster, Ec2Capacity, Environment, FargateCapacity, GlobalName,
    ImportedNetwork, Ingress, Insights, Nat, Network, PerRegion, RoutingPolicy,
};
pub use blue_green::{Colour, ColourName, ColourWeights, Deploy, DnsBlueGreen, Override};
pub use service::{
    CapacityChoice, Container, HealthCheck, Logs, Permission, Route, Service, StrategyItem,
    StringOrList,
};
