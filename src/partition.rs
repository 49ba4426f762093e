//! AWS partitions and regions: what fleetform needs to know about where a stack goes.

/// A partition: the first field of every ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    Aws,
    China,
    GovCloud,
}

impl Partition {
    pub const fn name(self) -> &'static str {
        match self {
            Self::Aws => "aws",
            Self::China => "aws-cn",
            Self::GovCloud => "aws-us-gov",
        }
    }

    /// `AWS::URLSuffix` of the partition.
    pub const fn url_suffix(self) -> &'static str {
        match self {
            Self::China => "amazonaws.com.cn",
            Self::Aws | Self::GovCloud => "amazonaws.com",
        }
    }
}

impl Partition {
    /// Service principals that EC2 instances assume a role with. Most principals are
    /// `SERVICE.amazonaws.com` in every partition, but EC2 in China is documented as
    /// `ec2.amazonaws.com.cn` and services such as EKS check for that form, while IAM there also
    /// accepts the global one; trusting both keeps either check satisfied.
    pub const fn ec2_principals(self) -> &'static [&'static str] {
        match self {
            Self::China => &["ec2.amazonaws.com", "ec2.amazonaws.com.cn"],
            Self::Aws | Self::GovCloud => &["ec2.amazonaws.com"],
        }
    }
}

impl Partition {
    /// The regional `CloudWatch` Logs service principal, which KMS key policies name: in China
    /// it ends in `.amazonaws.com.cn` like the other services CDK lists as exceptions.
    pub fn logs_principal(self, region: &str) -> String {
        format!("logs.{region}.{}", self.url_suffix())
    }

    /// The global `CloudWatch` Logs principal that assumes subscription roles (`.com.cn` in
    /// China, cfn-facts §3).
    pub fn logs_global_principal(self) -> String {
        format!("logs.{}", self.url_suffix())
    }
}

/// Regions fleetform knows, with their partition. A region outside this list is rejected
/// (FF0204) because cfn-lint, service availability and partition facts are unknown for it.
pub const REGIONS: &[(&str, Partition)] = &[
    ("af-south-1", Partition::Aws),
    ("ap-east-1", Partition::Aws),
    ("ap-east-2", Partition::Aws),
    ("ap-northeast-1", Partition::Aws),
    ("ap-northeast-2", Partition::Aws),
    ("ap-northeast-3", Partition::Aws),
    ("ap-south-1", Partition::Aws),
    ("ap-south-2", Partition::Aws),
    ("ap-southeast-1", Partition::Aws),
    ("ap-southeast-2", Partition::Aws),
    ("ap-southeast-3", Partition::Aws),
    ("ap-southeast-4", Partition::Aws),
    ("ap-southeast-5", Partition::Aws),
    ("ap-southeast-7", Partition::Aws),
    ("ca-central-1", Partition::Aws),
    ("ca-west-1", Partition::Aws),
    ("eu-central-1", Partition::Aws),
    ("eu-central-2", Partition::Aws),
    ("eu-north-1", Partition::Aws),
    ("eu-south-1", Partition::Aws),
    ("eu-south-2", Partition::Aws),
    ("eu-west-1", Partition::Aws),
    ("eu-west-2", Partition::Aws),
    ("eu-west-3", Partition::Aws),
    ("il-central-1", Partition::Aws),
    ("me-central-1", Partition::Aws),
    ("me-south-1", Partition::Aws),
    ("mx-central-1", Partition::Aws),
    ("sa-east-1", Partition::Aws),
    ("us-east-1", Partition::Aws),
    ("us-east-2", Partition::Aws),
    ("us-west-1", Partition::Aws),
    ("us-west-2", Partition::Aws),
    ("cn-north-1", Partition::China),
    ("cn-northwest-1", Partition::China),
    ("us-gov-east-1", Partition::GovCloud),
    ("us-gov-west-1", Partition::GovCloud),
];

/// Availability zones a region offers to a typical account, where they are fewer than 3 or
/// more (us-west-1 has three zones, but accounts created since 2013 see two). Every other known
/// region has 3; these counts are from the EC2 regions-and-zones documentation (2026).
const ZONES: &[(&str, usize)] = &[
    ("us-east-1", 6),
    ("us-west-1", 2),
    ("us-west-2", 4),
    ("ap-northeast-2", 4),
];

/// How many availability zones `region` offers, for a known region.
pub fn zone_count(region: &str) -> Option<usize> {
    partition_of(region)?;
    Some(
        ZONES
            .iter()
            .find(|(r, _)| *r == region)
            .map_or(3, |(_, n)| *n),
    )
}

/// The partition of a known region.
pub fn partition_of(region: &str) -> Option<Partition> {
    REGIONS.iter().find(|(r, _)| *r == region).map(|(_, p)| *p)
}

/// A regional feature that a blueprint feature may need and that some regions lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Feature {
    /// `AWS::CodeConnections::Connection` (Git sources and triggers of CodePipeline V2).
    CodeConnections,
    /// `AWS::CodeStarConnections::Connection`, the older name of the same service.
    CodeStarConnections,
    /// The CodePipeline `CloudFormation` deploy action (else: a CodeBuild step running
    /// `aws cloudformation deploy`).
    PipelineCloudFormationAction,
    /// `EventBridge` Scheduler (`AWS::Scheduler::Schedule`), which runs scheduled jobs.
    Scheduler,
    /// ECS-native traffic shifting (`DeploymentConfiguration.Strategy` `BLUE_GREEN`, `CANARY`,
    /// `LINEAR`).
    EcsTrafficShifting,
}

impl Feature {
    pub const ALL: [Self; 5] = [
        Self::CodeConnections,
        Self::CodeStarConnections,
        Self::PipelineCloudFormationAction,
        Self::Scheduler,
        Self::EcsTrafficShifting,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Self::CodeConnections => "CodeConnections",
            Self::CodeStarConnections => "CodeStar Connections",
            Self::PipelineCloudFormationAction => "the CodePipeline CloudFormation action",
            Self::Scheduler => "EventBridge Scheduler",
            Self::EcsTrafficShifting => "blue/green, canary and linear deployments",
        }
    }

    /// Whether a known region has the feature; `None` for an unknown region.
    ///
    /// Sources (cfn-facts.md §3): cfn-lint 1.58.0 provider schemas register neither connection
    /// type in the China regions and no `CodeStarConnections` in `us-gov-west-1`; the
    /// `CodeConnections` documentation also lists `GovCloud` (US-West) among the regions
    /// without it, which wins over the schema. The China documentation of CodePipeline has no
    /// `CloudFormation` action. cfn-lint 1.58.0 registers `AWS::Scheduler::Schedule` in every
    /// known region with a schema (China and `GovCloud` included; `me-south-1` has none), and
    /// the `EventBridge` feature-availability table lists Scheduler in every commercial region,
    /// so scheduled jobs need no `AWS::Events::Rule` fallback. ECS blue/green (July 2025) and
    /// linear and canary deployments (October 2025) were announced for "all commercial Regions",
    /// a term that excludes China and `GovCloud`, whose documentation does not state them either
    /// (cfn-facts.md §1); they count as missing there (FF0425 warns, it does not refuse).
    /// Fargate Spot, Cloud Map and Route 53 exist in every known region (cfn-lint provider
    /// schemas; the China Fargate capacity-provider guide documents Fargate Spot, and the
    /// China CloudFormation reference documents `ClusterSettings` with enhanced Container
    /// Insights), but Route 53 in China cannot alias resources outside China (FF0424).
    pub fn available_in(self, region: &str) -> Option<bool> {
        let partition = partition_of(region)?;
        Some(match self {
            Self::CodeConnections | Self::CodeStarConnections => {
                partition != Partition::China && region != "us-gov-west-1"
            }
            Self::PipelineCloudFormationAction => partition != Partition::China,
            Self::Scheduler => true,
            Self::EcsTrafficShifting => partition == Partition::Aws,
        })
    }
}

/// The features of [`Feature::ALL`] a known region lacks (empty for an unknown region).
pub fn missing_features(region: &str) -> Vec<Feature> {
    Feature::ALL
        .into_iter()
        .filter(|f| f.available_in(region) == Some(false))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_counts() {
        assert_eq!(zone_count("us-east-1"), Some(6));
        assert_eq!(zone_count("us-west-1"), Some(2));
        assert_eq!(zone_count("eu-west-1"), Some(3));
        assert_eq!(zone_count("mars-1"), None);
    }

    #[test]
    fn china_and_govcloud() {
        assert_eq!(
            partition_of("cn-north-1").map(Partition::name),
            Some("aws-cn")
        );
        assert_eq!(
            partition_of("cn-north-1").map(Partition::url_suffix),
            Some("amazonaws.com.cn")
        );
        assert_eq!(
            partition_of("us-gov-west-1").map(Partition::name),
            Some("aws-us-gov")
        );
        assert_eq!(partition_of("mars-1"), None);
    }

    #[test]
    fn features_missing_per_region() {
        use Feature::{
            CodeConnections, CodeStarConnections, EcsTrafficShifting, PipelineCloudFormationAction,
        };
        assert!(missing_features("us-east-1").is_empty());
        assert_eq!(missing_features("us-gov-east-1"), [EcsTrafficShifting]);
        assert_eq!(
            missing_features("cn-north-1"),
            [
                CodeConnections,
                CodeStarConnections,
                PipelineCloudFormationAction,
                EcsTrafficShifting
            ]
        );
        assert_eq!(
            missing_features("cn-northwest-1"),
            missing_features("cn-north-1")
        );
        assert_eq!(
            missing_features("us-gov-west-1"),
            [CodeConnections, CodeStarConnections, EcsTrafficShifting]
        );
        assert_eq!(PipelineCloudFormationAction.available_in("mars-1"), None);
        for region in [
            "cn-north-1",
            "cn-northwest-1",
            "us-gov-west-1",
            "us-gov-east-1",
        ] {
            assert_eq!(Feature::Scheduler.available_in(region), Some(true));
        }
        assert!(missing_features("mars-1").is_empty());
    }
}
