//! `environments.{env}.stackset`: also emit CloudFormation StackSet definitions that copy the
//! environment's stacks to its regions.

use schemars::JsonSchema;
use serde::Deserialize;

/// Also emit, per stack of this environment, an `AWS::CloudFormation::StackSet` (self-managed
/// permissions) that deploys the stack to every region of the environment. `{{region}}`,
/// `{{partition}}` and `{{url_suffix}}` then become `${AWS::Region}`, `${AWS::Partition}` and
/// `${AWS::URLSuffix}`, so one template serves every region; a stack whose regions still differ is
/// FF0426.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct StackSetOptions {
    /// Accounts deployed at once in each region (`MaxConcurrentCount`, default 1). The environment
    /// deploys to its one account, so this matters once StackSets targets more.
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub concurrency: u32,
    /// Accounts per region that may fail before StackSets stops the operation in that region and
    /// skips the regions after it (`FailureToleranceCount`, default 0).
    #[serde(default)]
    pub failure_tolerance: u32,
    /// Deploy to every region at once (`RegionConcurrencyType: PARALLEL`); default false: one
    /// region after the other, in `region-order`, stopping at the first failing region.
    #[serde(default)]
    pub parallel: bool,
    /// The order regions are deployed in (`RegionOrder`); default: the order of `regions`. Each
    /// must be a region of the environment.
    #[serde(default)]
    #[schemars(extend("x-items" = "A region of the environment."))]
    pub region_order: Vec<String>,
}

const fn one() -> u32 {
    1
}
