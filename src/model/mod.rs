//! Blueprint types: what a user writes, deserialized after the JSON Schema has accepted it. The
//! schema is generated from these types ([`schema`]): a field's doc comment is the description
//! editors show, so it is written for the blueprint's author, and field order is the order in
//! which editors and the "allowed keys" help list the keys.
//!
//! No logic lives here. Maps are `BTreeMap` so every later stage iterates in name order,
//! never in file order, which keeps logical IDs and output bytes stable.

mod alarms;
mod app;
mod blue_green;
mod config;
mod deploy;
mod discovery;
mod edge;
mod hardening;
pub mod job;
mod load_balancer;
mod nlb;
mod observability;
mod overrides;
mod pipeline;
mod placement;
mod scaling;
mod schema;
mod secret;
mod service;
mod sources;
mod stackset;
mod storage;

pub use alarms::{
    AlarmDetail, AlarmKind, AlarmSetting, Alarms, Metrics, MetricsNamespace, ServiceAlarms,
};
pub use app::{
    App, AppFile, Capacity, Cluster, Ec2Capacity, Environment, FargateCapacity, GlobalName,
    ImportedNetwork, Ingress, Insights, NamedLoadBalancer, Nat, Network, PerRegion, RoutingPolicy,
};
pub use blue_green::{Colour, ColourName, ColourWeights, DnsBlueGreen, Override};
pub use config::{ConfigValue, SecureConfig, StoredConfig};
pub use deploy::{
    Canary, Deploy, DeployStrategy, Hook, HookStage, Linear, Rolling, RollingPercent,
    RollingPreset, Scheduling,
};
pub use discovery::Discovery;
pub use edge::{AccessLogs, Waf};
pub use hardening::{DEFAULT_WRITABLE, Hardening};
pub use job::Job;
pub use load_balancer::{LbSettings, LoadBalancerShare, rendezvous};
pub use nlb::{NlbListener, NlbProtocol};
pub use observability::{
    Analytics, Audit, CREATE as CREATE_KEY, EnvironmentLogs, EventKind, EventTargets, Events,
};
pub use overrides::{
    Changes, EVERY_REGION, OVERRIDABLE, RegionOverride, RegionOverrides, covered, for_region, merge,
};
pub use pipeline::{
    ArchiveInstall, CodeCommitSource, ConnectionSource, FinalTests, GitInstall, Install, Pipeline,
    S3Location, S3Source, ServicePipeline, Source, Stage,
};
pub use placement::{
    Binpack, BinpackField, CustomPlacement, MemberOf, NamedConstraint, NamedStrategy, OneOrMany,
    Placement, PlacementConstraint, PlacementPreset, PlacementStrategy, Spread,
};
pub use scaling::{
    Cooldown, Metric, QueueScaling, Scaling, ScheduledScaling, Statistic, StepIn, StepOut,
    StepScaling,
};
pub use schema::{blueprint_schema, blueprint_schema_text};
pub use secret::{Problem as SecretProblem, SecretSource};
pub use service::{
    CapacityChoice, Container, GRPC_DEFAULT_HEALTH, HealthCheck, LogDriver, Logs, Permission,
    Route, RouteProtocol, Service, StrategyItem, StringOrList,
};
pub use sources::{SourceFiles, relative_to};
pub use stackset::StackSetOptions;
pub use storage::{AccessPoint, CREATE_FILE_SYSTEM, Volume};
