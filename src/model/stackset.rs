//! `environments.{env}.stackset`: also emit CloudFormation StackSet definitions that copy the
//! environment's stacks to its regions.

use schemars::JsonSchema;
use serde::Deserialize;

/// How CloudFormation StackSets rolls the environment's stacks out to its regions.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StackSetOptions {
    /// Accounts deployed at once per region (`MaxConcurrentCount`).
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub concurrency: u32,
    /// Accounts per region that may fail before StackSets stops (`FailureToleranceCount`).
    #[serde(default)]
    pub failure_tolerance: u32,
    /// Every region at once (`RegionConcurrencyType: PARALLEL`) rather than in order.
    #[serde(default)]
    pub parallel: bool,
    /// The order regions are deployed in (default: the order of `regions`).
    #[serde(default)]
    pub region_order: Vec<String>,
}

const fn one() -> u32 {
    1
}
