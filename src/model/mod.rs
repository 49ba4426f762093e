//! Blueprint types: what a user writes, deserialized after the JSON Schema has accepted it.
//!
//! No logic lives here. Maps are `BTreeMap` so every later stage iterates in name order,
//! never in file order, which keeps logical IDs and output bytes stable.

mod app;
mod blue_green;
mod deploy;
mod discovery;
mod job;
mod pipeline;
mod placement;
mod scaling;
mod service;

pub use app::{
    App, AppFile, Capacity, Cluster, Ec2Capacity, Environment, FargateCapacity, GlobalName,
    ImportedNetwork, Ingress, Insights, Nat, Network, PerRegion, RoutingPolicy,
};
pub use blue_green::{Colour, ColourName, ColourWeights, DnsBlueGreen, Override};
pub use deploy::{
    Canary, Deploy, DeployStrategy, Hook, HookStage, Linear, Rolling, RollingPercent,
    RollingPreset, Scheduling,
};
pub use discovery::Discovery;
pub use job::Job;
pub use pipeline::{
    CodeCommitSource, ConnectionSource, FinalTests, Pipeline, S3Location, S3Source,
    ServicePipeline, Source, Stage,
};
pub use placement::{
    Binpack, BinpackField, CustomPlacement, MemberOf, NamedConstraint, NamedStrategy, OneOrMany,
    Placement, PlacementConstraint, PlacementPreset, PlacementStrategy, Spread,
};
pub use scaling::{
    Cooldown, Metric, Scaling, ScheduledScaling, Statistic, StepIn, StepOut, StepScaling,
};
pub use service::{
    CapacityChoice, Container, HealthCheck, Logs, Permission, Route, Service, StrategyItem,
    StringOrList,
};
