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

/// The partition of a known region.
pub fn partition_of(region: &str) -> Option<Partition> {
    REGIONS.iter().find(|(r, _)| *r == region).map(|(_, p)| *p)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
