//! Which property changes make CloudFormation replace a resource.

/// `createOnlyProperties` of every resource type fleetform emits, as JSON pointers below
/// `/properties`. Source: the resource provider schemas shipped with cfn-lint 1.58.0
/// (`cfnlint/data/schemas/providers/us-east-1.json` → `resources/*.json`), cross-checked with
/// cfn-facts.md §7 (4). A `*` matches any array index or key.
const CREATE_ONLY: &[(&str, &[&str])] = &[
    (
        "AWS::ApplicationAutoScaling::ScalableTarget",
        &["ResourceId", "ScalableDimension", "ServiceNamespace"],
    ),
    (
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        &[
            "PolicyName",
            "ServiceNamespace",
            "ResourceId",
            "ScalableDimension",
            "ScalingTargetId",
        ],
    ),
    (
        "AWS::AutoScaling::AutoScalingGroup",
        &["InstanceId", "AutoScalingGroupName"],
    ),
    (
        "AWS::EC2::EIP",
        &[
            "NetworkBorderGroup",
            "TransferAddress",
            "IpamPoolId",
            "Address",
        ],
    ),
    (
        "AWS::CertificateManager::Certificate",
        &[
            "SubjectAlternativeNames",
            "DomainValidationOptions",
            "KeyAlgorithm",
            "DomainName",
            "CertificateAuthorityArn",
            "CertificateExport",
        ],
    ),
    (
        "AWS::CloudFormation::StackSet",
        &["PermissionModel", "StackSetName"],
    ),
    ("AWS::CloudWatch::Alarm", &["AlarmName"]),
    ("AWS::CloudWatch::Dashboard", &["DashboardName"]),
    ("AWS::CodeBuild::Project", &["Name"]),
    ("AWS::CodePipeline::Pipeline", &["Name"]),
    ("AWS::EC2::InternetGateway", &[]),
    ("AWS::EC2::LaunchTemplate", &["LaunchTemplateName"]),
    (
        "AWS::EC2::NatGateway",
        &[
            "VpcId",
            "SubnetId",
            "ConnectivityType",
            "AllocationId",
            "PrivateIpAddress",
            "AvailabilityMode",
        ],
    ),
    (
        "AWS::EC2::Route",
        &[
            "RouteTableId",
            "DestinationCidrBlock",
            "DestinationIpv6CidrBlock",
            "DestinationPrefixListId",
        ],
    ),
    ("AWS::EC2::RouteTable", &["VpcId"]),
    (
        "AWS::EC2::SecurityGroup",
        &["GroupDescription", "GroupName", "VpcId"],
    ),
    (
        "AWS::EC2::SecurityGroupEgress",
        &[
            "IpProtocol",
            "DestinationSecurityGroupId",
            "ToPort",
            "CidrIp",
            "FromPort",
            "GroupId",
            "CidrIpv6",
            "DestinationPrefixListId",
        ],
    ),
    (
        "AWS::EC2::SecurityGroupIngress",
        &[
            "GroupName",
            "IpProtocol",
            "SourceSecurityGroupId",
            "SourcePrefixListId",
            "ToPort",
            "CidrIp",
            "SourceSecurityGroupName",
            "SourceSecurityGroupOwnerId",
            "FromPort",
            "GroupId",
            "CidrIpv6",
        ],
    ),
    (
        "AWS::EC2::Subnet",
        &[
            "VpcId",
            "AvailabilityZone",
            "AvailabilityZoneId",
            "CidrBlock",
            "OutpostArn",
            "Ipv6Native",
            "Ipv4IpamPoolId",
            "Ipv4NetmaskLength",
            "Ipv6IpamPoolId",
            "Ipv6NetmaskLength",
        ],
    ),
    (
        "AWS::EC2::SubnetRouteTableAssociation",
        &["SubnetId", "RouteTableId"],
    ),
    (
        "AWS::EC2::VPC",
        &[
            "CidrBlock",
            "Ipv4IpamPoolId",
            "Ipv4NetmaskLength",
            "VpcEncryptionControl",
        ],
    ),
    ("AWS::EC2::VPCGatewayAttachment", &["VpcId"]),
    (
        "AWS::ECS::CapacityProvider",
        &[
            "AutoScalingGroupProvider/AutoScalingGroupArn",
            "Name",
            "ClusterName",
        ],
    ),
    (
        "AWS::ECR::Repository",
        &["RepositoryName", "EncryptionConfiguration"],
    ),
    ("AWS::ECS::Cluster", &["ClusterName"]),
    (
        "AWS::ECS::ClusterCapacityProviderAssociations",
        &["Cluster"],
    ),
    (
        "AWS::ECS::Service",
        &["Cluster", "Role", "SchedulingStrategy", "ServiceName"],
    ),
    (
        "AWS::ECS::TaskDefinition",
        &[
            "Family",
            "ContainerDefinitions",
            "Cpu",
            "EnableFaultInjection",
            "ExecutionRoleArn",
            "InferenceAccelerators",
            "Memory",
            "NetworkMode",
            "PlacementConstraints",
            "ProxyConfiguration",
            "RequiresCompatibilities",
            "RuntimePlatform",
            "TaskRoleArn",
            "Volumes",
            "PidMode",
            "IpcMode",
            "EphemeralStorage",
        ],
    ),
    (
        "AWS::EFS::AccessPoint",
        &[
            "FileSystemId",
            "ClientToken",
            "PosixUser",
            "PosixUser/Uid",
            "PosixUser/Gid",
            "PosixUser/SecondaryGids",
            "RootDirectory",
            "RootDirectory/Path",
            "RootDirectory/CreationInfo",
            "RootDirectory/CreationInfo/OwnerUid",
            "RootDirectory/CreationInfo/OwnerGid",
            "RootDirectory/CreationInfo/Permissions",
        ],
    ),
    (
        "AWS::EFS::FileSystem",
        &[
            "AvailabilityZoneName",
            "Encrypted",
            "KmsKeyId",
            "PerformanceMode",
        ],
    ),
    (
        "AWS::EFS::MountTarget",
        &[
            "IpAddress",
            "Ipv6Address",
            "IpAddressType",
            "SubnetId",
            "FileSystemId",
        ],
    ),
    ("AWS::Events::Rule", &["Name"]),
    (
        "AWS::ElasticLoadBalancingV2::Listener",
        &["LoadBalancerArn"],
    ),
    (
        "AWS::ElasticLoadBalancingV2::ListenerRule",
        &["ListenerArn"],
    ),
    (
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        &["Name", "Type", "Scheme"],
    ),
    (
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        &[
            "TargetType",
            "ProtocolVersion",
            "Port",
            "Name",
            "VpcId",
            "Protocol",
            "IpAddressType",
        ],
    ),
    (
        "AWS::IAM::InstanceProfile",
        &["InstanceProfileName", "Path"],
    ),
    (
        "AWS::IAM::ManagedPolicy",
        &["ManagedPolicyName", "Description", "Path"],
    ),
    ("AWS::IAM::Role", &["Path", "RoleName"]),
    ("AWS::CloudTrail::Trail", &["TrailName"]),
    ("AWS::Events::Rule", &["Name"]),
    (
        "AWS::KinesisFirehose::DeliveryStream",
        &[
            "DeliveryStreamName",
            "DeliveryStreamType",
            "ElasticsearchDestinationConfiguration/VpcConfiguration",
            "AmazonopensearchserviceDestinationConfiguration/VpcConfiguration",
            "AmazonOpenSearchServerlessDestinationConfiguration/VpcConfiguration",
            "DatabaseSourceConfiguration",
            "KinesisStreamSourceConfiguration",
            "DirectPutSourceConfiguration",
            "MSKSourceConfiguration",
            "IcebergDestinationConfiguration/CatalogConfiguration",
            "SnowflakeDestinationConfiguration/SnowflakeVpcConfiguration",
        ],
    ),
    ("AWS::KMS::Alias", &["AliasName"]),
    ("AWS::KMS::Key", &[]),
    (
        "AWS::Lambda::Permission",
        &[
            "FunctionName",
            "FunctionUrlAuthType",
            "InvokedViaFunctionUrl",
            "SourceAccount",
            "SourceArn",
            "Principal",
            "PrincipalOrgID",
            "Action",
            "EventSourceToken",
        ],
    ),
    ("AWS::Logs::LogGroup", &["LogGroupName"]),
    (
        "AWS::Logs::SubscriptionFilter",
        &["FilterName", "LogGroupName"],
    ),
    (
        "AWS::Route53::RecordSet",
        &["HostedZoneName", "HostedZoneId"],
    ),
    (
        "AWS::S3::Bucket",
        &["BucketName", "BucketNamePrefix", "BucketNamespace"],
    ),
    ("AWS::S3::BucketPolicy", &["Bucket"]),
    ("AWS::SQS::Queue", &["FifoQueue", "QueueName"]),
    ("AWS::SQS::QueuePolicy", &[]),
    ("AWS::KMS::Key", &[]),
    (
        "AWS::SNS::Subscription",
        &["Endpoint", "Protocol", "TopicArn"],
    ),
    ("AWS::SNS::Topic", &["TopicName", "FifoTopic"]),
    ("AWS::SSM::Parameter", &["Name"]),
    ("AWS::Scheduler::Schedule", &["Name"]),
    (
        "AWS::StepFunctions::StateMachine",
        &["StateMachineName", "StateMachineType"],
    ),
    ("AWS::ServiceDiscovery::HttpNamespace", &["Name"]),
    (
        "AWS::ServiceDiscovery::PrivateDnsNamespace",
        &["Vpc", "Name"],
    ),
    (
        "AWS::ServiceDiscovery::Service",
        &["HealthCheckCustomConfig", "Name", "Type", "NamespaceId"],
    ),
    ("AWS::WAFv2::WebACL", &["Name", "Scope"]),
    (
        "AWS::WAFv2::WebACLAssociation",
        &["ResourceArn", "WebACLArn"],
    ),
];

/// Whether changing the property at `path` (segments below `Properties`) replaces a resource of
/// type `kind`. A change above a create-only property (a whole object replaced) counts too.
pub fn replaces(kind: &str, path: &[String]) -> bool {
    let Some((_, props)) = CREATE_ONLY.iter().find(|(t, _)| *t == kind) else {
        return false;
    };
    props.iter().any(|pointer| {
        let parts: Vec<&str> = pointer.split('/').collect();
        parts
            .iter()
            .zip(path)
            .all(|(want, got)| *want == "*" || want == got)
    })
}

#[cfg(test)]
mod tests {
    use super::{CREATE_ONLY, replaces};

    fn path(p: &str) -> Vec<String> {
        p.split('/').map(str::to_owned).collect()
    }

    #[test]
    fn create_only_properties_replace() {
        assert!(replaces("AWS::ECS::Service", &path("ServiceName")));
        assert!(replaces(
            "AWS::ECS::TaskDefinition",
            &path("ContainerDefinitions/0/Image")
        ));
        assert!(replaces(
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            &path("Port")
        ));
        assert!(replaces(
            "AWS::ECS::CapacityProvider",
            &path("AutoScalingGroupProvider")
        ));
        assert!(replaces(
            "AWS::ECS::CapacityProvider",
            &path("AutoScalingGroupProvider/AutoScalingGroupArn")
        ));
    }

    #[test]
    fn other_properties_update_in_place() {
        assert!(!replaces("AWS::ECS::Service", &path("DesiredCount")));
        assert!(!replaces(
            "AWS::ECS::CapacityProvider",
            &path("AutoScalingGroupProvider/ManagedScaling/TargetCapacity")
        ));
        assert!(!replaces("AWS::Unlisted::Type", &path("Name")));
        assert!(!replaces("AWS::ECS::Service", &path("ServiceNameX")));
    }

    /// A type missing from the table would make every change to it look like an in-place
    /// update: every type the example snapshots contain must be listed.
    #[test]
    fn every_emitted_type_is_listed() {
        fn walk(dir: &std::path::Path, types: &mut std::collections::BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).expect("snapshots") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    walk(&path, types);
                } else if path.extension().is_some_and(|e| e == "json") {
                    let text = std::fs::read_to_string(&path).expect("utf-8");
                    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
                    for r in json["Resources"]
                        .as_object()
                        .into_iter()
                        .flat_map(|m| m.values())
                    {
                        types.extend(r["Type"].as_str().map(str::to_owned));
                    }
                }
            }
        }
        let mut types = std::collections::BTreeSet::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"),
            &mut types,
        );
        assert!(types.len() > 20, "{types:?}");
        let listed: std::collections::BTreeSet<&str> =
            CREATE_ONLY.iter().map(|(t, _)| *t).collect();
        let missing: Vec<&String> = types
            .iter()
            .filter(|t| !listed.contains(t.as_str()))
            .collect();
        assert!(missing.is_empty(), "not in CREATE_ONLY: {missing:?}");
    }
}
