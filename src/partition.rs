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

/// Availability-zone letters of a region (zone names are the region and a letter), and how
/// many of them one account sees, where not `abc` and 3. Source: the "AWS Availability Zones"
/// page of the AWS Regions and Availability Zones guide (2026), which lists each region's AZ IDs
/// (the zone count), and `DescribeAvailabilityZones` results for the letters. In the regions
/// that map zones to letters per account, an account sees `count` of the letters: us-west-1
/// offers two of `a`–`c` to accounts created since 2013, ap-northeast-1 `a`, `c`, `d` (`b` only
/// to old accounts), cn-north-1 three of `a`–`d`; ca-central-1 has no `c`.
const ZONES: &[(&str, &str, usize)] = &[
    ("us-east-1", "abcdef", 6),
    ("us-west-1", "abc", 2),
    ("us-west-2", "abcd", 4),
    ("ap-northeast-1", "abcd", 3),
    ("ap-northeast-2", "abcd", 4),
    ("ca-central-1", "abd", 3),
    ("cn-north-1", "abcd", 3),
];

fn zones(region: &str) -> Option<(&'static str, usize)> {
    partition_of(region)?;
    Some(
        ZONES
            .iter()
            .find(|(r, _, _)| *r == region)
            .map_or(("abc", 3), |(_, letters, n)| (*letters, *n)),
    )
}

/// How many availability zones `region` offers one account, for a known region.
pub fn zone_count(region: &str) -> Option<usize> {
    zones(region).map(|(_, n)| n)
}

/// Whether `zone` (`us-east-1a`) is an availability zone of a known region; `None` for an
/// unknown region.
pub fn has_zone(region: &str, zone: &str) -> Option<bool> {
    let (letters, _) = zones(region)?;
    Some(
        zone.strip_prefix(region)
            .is_some_and(|rest| rest.len() == 1 && letters.contains(rest)),
    )
}

/// Whether zone `zone` of `region` can be among the first `n` zones an account sees, which
/// `Fn::GetAZs` lists in letter order: its index, less the letters an account may lack before
/// it, must be below `n`. `None` if the zone is not one of the region's.
pub fn may_be_among_first(region: &str, zone: &str, n: usize) -> Option<bool> {
    let (letters, count) = zones(region)?;
    let letter = zone.strip_prefix(region).filter(|l| l.len() == 1)?;
    let index = letters.find(letter)?;
    Some(index < n + (letters.len() - count))
}

/// The partition of a known region.
pub fn partition_of(region: &str) -> Option<Partition> {
    REGIONS.iter().find(|(r, _)| *r == region).map(|(_, p)| *p)
}

/// The partition a stack in `region` is built for: `aws` for a region fleetform does not know
/// (checks refuse those, FF0204, so only a blueprint with errors meets the default).
pub fn partition_or_aws(region: &str) -> Partition {
    partition_of(region).unwrap_or(Partition::Aws)
}

/// Whether `region` is the first of `regions` in its partition. Global services such as IAM
/// are per partition (China and `GovCloud` have their own IAM), so what records their events
/// once per environment must do so once per partition: in this region.
pub fn first_in_partition(regions: &[String], region: &str) -> bool {
    let partition = partition_of(region);
    regions
        .iter()
        .find(|r| partition_of(r) == partition)
        .is_some_and(|r| r == region)
}

/// The Elastic Load Balancing account that writes a load balancer's access logs in `region`,
/// for the regions that opened before August 2022; the others (and any region not listed)
/// grant the service principal [`ELB_LOG_DELIVERY_PRINCIPAL`] instead. Source: the ELB guide
/// "Enable access logs for your Application Load Balancer" (the AWS and China editions) and
/// cfn-facts.md §3, which also gives the China and `GovCloud` accounts.
pub fn elb_log_account(region: &str) -> Option<&'static str> {
    ELB_LOG_ACCOUNTS
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(_, account)| *account)
}

/// The principal that writes access logs in regions without an [`elb_log_account`].
pub const ELB_LOG_DELIVERY_PRINCIPAL: &str = "logdelivery.elasticloadbalancing.amazonaws.com";

const ELB_LOG_ACCOUNTS: &[(&str, &str)] = &[
    ("us-east-1", "127311923021"),
    ("us-east-2", "033677994240"),
    ("us-west-1", "027434742980"),
    ("us-west-2", "797873946194"),
    ("af-south-1", "098369216593"),
    ("ap-east-1", "754344448648"),
    ("ap-south-1", "718504428378"),
    ("ap-northeast-1", "582318560864"),
    ("ap-northeast-2", "600734575887"),
    ("ap-northeast-3", "383597477331"),
    ("ap-southeast-1", "114774131450"),
    ("ap-southeast-2", "783225319266"),
    ("ap-southeast-3", "589379963580"),
    ("ca-central-1", "985666609251"),
    ("eu-central-1", "054676820928"),
    ("eu-west-1", "156460612806"),
    ("eu-west-2", "652711504416"),
    ("eu-west-3", "009996457667"),
    ("eu-south-1", "635631232127"),
    ("eu-north-1", "897822967062"),
    ("me-south-1", "076674570225"),
    ("sa-east-1", "507241528517"),
    ("us-gov-west-1", "048591011584"),
    ("us-gov-east-1", "190560391635"),
    ("cn-north-1", "638102146993"),
    ("cn-northwest-1", "037604701340"),
];

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
    /// `EventBridge` Scheduler (`AWS::Scheduler::Schedule`) and Step Functions, which run
    /// scheduled jobs.
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
    /// so scheduled jobs need no `AWS::Events::Rule` fallback; it registers
    /// `AWS::StepFunctions::StateMachine`, which runs a scheduled job's task, in the same
    /// regions, and the China guide lists Step Functions in Beijing and Ningxia, so
    /// `Scheduler` stands for both. ECS blue/green (July 2025) and
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
    fn zone_names_of_a_region() {
        assert_eq!(has_zone("us-east-1", "us-east-1f"), Some(true));
        assert_eq!(has_zone("us-east-1", "us-east-1z"), Some(false));
        assert_eq!(has_zone("eu-west-1", "eu-west-1d"), Some(false));
        assert_eq!(has_zone("ca-central-1", "ca-central-1c"), Some(false));
        assert_eq!(has_zone("ca-central-1", "ca-central-1d"), Some(true));
        assert_eq!(has_zone("eu-west-1", "us-east-1a"), Some(false));
        assert_eq!(has_zone("mars-1", "mars-1a"), None);
    }

    #[test]
    fn zones_of_the_first_n() {
        assert_eq!(may_be_among_first("us-east-1", "us-east-1b", 2), Some(true));
        assert_eq!(
            may_be_among_first("us-east-1", "us-east-1e", 2),
            Some(false)
        );
        // An account may lack one of us-west-1's three letters, so `c` can be second.
        assert_eq!(may_be_among_first("us-west-1", "us-west-1c", 2), Some(true));
        assert_eq!(
            may_be_among_first("ca-central-1", "ca-central-1d", 2),
            Some(false)
        );
        assert_eq!(
            may_be_among_first("ca-central-1", "ca-central-1d", 3),
            Some(true)
        );
        assert_eq!(may_be_among_first("us-east-1", "us-east-1z", 2), None);
    }

    #[test]
    fn first_region_of_each_partition() {
        let regions: Vec<String> = ["us-east-1", "eu-west-1", "cn-north-1", "cn-northwest-1"]
            .map(String::from)
            .to_vec();
        let first: Vec<bool> = regions
            .iter()
            .map(|r| first_in_partition(&regions, r))
            .collect();
        assert_eq!(first, [true, false, true, false]);
        assert!(!first_in_partition(&regions, "us-gov-west-1"));
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
