//! Task placement (ECS placement constraints and strategies), shared by every owner of tasks:
//! services now, jobs later. Self-contained: nothing here refers to services.
//!
//! A placement is a preset name (`balanced`), a list of presets (`[balanced, anti-affinity]`)
//! or the long form, whose parts combine: the presets' constraints and strategies come first,
//! then `affinity`, then the raw `constraints` and `strategy` entries, in the order written.

use schemars::JsonSchema;
use serde::Deserialize;

/// Task placement on EC2 capacity: a preset (`compact`, `balanced`, `anti-affinity`), a list of
/// presets, or `{preset, affinity, constraints, strategy}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::by_type, extend("minItems" = 1, "minProperties" = 1))]
pub enum Placement {
    Preset(PlacementPreset),
    Presets(Vec<PlacementPreset>),
    Custom(CustomPlacement),
}

/// A placement preset: `compact`, `balanced` or `anti-affinity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(inline, transform = super::schema::enum_as_pattern)]
pub enum PlacementPreset {
    /// Fill instances before starting new ones: binpack on memory.
    Compact,
    /// Spread across availability zones, then across instances.
    Balanced,
    /// At most one task of the owner per instance (`distinctInstance`).
    AntiAffinity,
}

/// The long form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(inline)]
pub struct CustomPlacement {
    /// One preset or a list: `compact` (binpack memory), `balanced` (spread zones, then instances),
    /// `anti-affinity` (one task per instance).
    pub preset: Option<OneOrMany<PlacementPreset>>,
    /// The affinity preset: run only on instances that match this cluster query expression (a
    /// `memberOf` constraint), e.g. `attribute:stack == prod`.
    #[schemars(length(min = 1))]
    pub affinity: Option<String>,
    /// Placement constraints: `distinct-instance`, or `member-of: EXPRESSION` (cluster query
    /// language). At most 10 with the presets'.
    #[serde(default)]
    #[schemars(extend("x-items" = "One placement constraint."))]
    pub constraints: Vec<PlacementConstraint>,
    /// Placement strategies, applied in order: `random`, `spread: FIELD`, `binpack: cpu|memory`. At
    /// most 5 with the presets'.
    #[serde(default)]
    #[schemars(extend("x-items" = "One placement strategy."))]
    pub strategy: Vec<PlacementStrategy>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(inline, transform = super::schema::by_type, extend("minItems" = 1))]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T: Clone> OneOrMany<T> {
    pub fn to_vec(&self) -> Vec<T> {
        match self {
            Self::One(t) => vec![t.clone()],
            Self::Many(v) => v.clone(),
        }
    }
}

/// `distinct-instance` (at most one task per instance) or `member-of: EXPRESSION`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::by_type)]
pub enum PlacementConstraint {
    Named(NamedConstraint),
    MemberOf(MemberOf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(inline, transform = super::schema::enum_as_pattern)]
pub enum NamedConstraint {
    DistinctInstance,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(inline)]
pub struct MemberOf {
    /// A cluster query language expression, e.g. `attribute:ecs.instance-type =~ c7g.*`;
    /// `{{region}}` and other names are interpolated.
    #[schemars(length(min = 1))]
    pub member_of: String,
}

/// `random`, `spread: FIELD` or `binpack: cpu|memory`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(transform = super::schema::by_type, extend("minProperties" = 1, "maxProperties" = 1))]
pub enum PlacementStrategy {
    Named(NamedStrategy),
    Spread(Spread),
    Binpack(Binpack),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(inline, transform = super::schema::enum_as_pattern)]
pub enum NamedStrategy {
    Random,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(inline)]
pub struct Spread {
    /// Spread tasks evenly over `instanceId` (or `host`) or an attribute such as
    /// `attribute:ecs.availability-zone`.
    #[schemars(regex(pattern = "^(instanceId|host|attribute:.+)$"))]
    pub spread: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(inline)]
pub struct Binpack {
    /// Fill instances on `cpu` or `memory` before using others.
    pub binpack: BinpackField,
}

/// Fill instances on `cpu` or `memory` before using others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BinpackField {
    Cpu,
    Memory,
}
