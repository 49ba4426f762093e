//! The properties of a resource, typed until `emit` serialises them.
//!
//! One enum with a variant per property struct rather than a `Box<dyn …>`: serialising a trait
//! object needs a type-erasing crate (`erased-serde`) for nothing an enum cannot do, and with
//! an enum a pass after lowering reads a resource's properties by `match` instead of a
//! downcast. The set is closed anyway: every resource type fleetform emits has a struct in
//! [`super::resources`], and [`Properties`] requires the variant, so a new struct that is not
//! listed here does not compile.

use serde::Serialize;

use super::resources::{
    applicationautoscaling, autoscaling, certificatemanager, cloudformation, cloudtrail,
    cloudwatch, codebuild, codepipeline, ec2, ecr, ecs, efs, elbv2, events, firehose, iam, kms,
    lambda, logs, route53, s3, scheduler, servicediscovery, sns, sqs, ssm, stepfunctions, wafv2,
};

/// A typed property struct for one resource type.
pub trait Properties: Serialize + Clone + Into<Props> {
    const TYPE: &'static str;
}

/// Lists every property struct once: the [`Props`] variant holding it and its `From`.
macro_rules! props {
    ($($variant:ident($ty:ty),)*) => {
        /// The properties of one resource: any of the typed property structs. Serialises as the
        /// struct it holds (untagged), so the template reads exactly as the struct's own JSON.
        /// Boxed: the structs range from a few bytes to several hundred, and a build holds
        /// every resource of every stack until it is written.
        #[derive(Debug, Clone, Serialize)]
        #[serde(untagged)]
        pub enum Props {
            $($variant(Box<$ty>),)*
        }

        $(impl From<$ty> for Props {
            fn from(props: $ty) -> Self {
                Self::$variant(Box::new(props))
            }
        })*

        impl Props {
            /// The resource type (`AWS::…`) of these properties.
            pub const fn type_name(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => <$ty as Properties>::TYPE,)*
                }
            }
        }
    };
}

props! {
    ScalableTarget(applicationautoscaling::ScalableTarget),
    ScalingPolicy(applicationautoscaling::ScalingPolicy),
    AutoScalingGroup(autoscaling::AutoScalingGroup),
    Certificate(certificatemanager::Certificate),
    StackSet(cloudformation::StackSet),
    Trail(cloudtrail::Trail),
    Alarm(cloudwatch::Alarm),
    Dashboard(cloudwatch::Dashboard),
    Project(codebuild::Project),
    Pipeline(codepipeline::Pipeline),
    Eip(ec2::Eip),
    InternetGateway(ec2::InternetGateway),
    LaunchTemplate(ec2::LaunchTemplate),
    NatGateway(ec2::NatGateway),
    Route(ec2::Route),
    RouteTable(ec2::RouteTable),
    SecurityGroup(ec2::SecurityGroup),
    SecurityGroupEgress(ec2::SecurityGroupEgress),
    SecurityGroupIngress(ec2::SecurityGroupIngress),
    Subnet(ec2::Subnet),
    SubnetRouteTableAssociation(ec2::SubnetRouteTableAssociation),
    Vpc(ec2::Vpc),
    VpcGatewayAttachment(ec2::VpcGatewayAttachment),
    Repository(ecr::Repository),
    CapacityProvider(ecs::CapacityProvider),
    Cluster(ecs::Cluster),
    ClusterCapacityProviderAssociations(ecs::ClusterCapacityProviderAssociations),
    EcsService(ecs::Service),
    TaskDefinition(ecs::TaskDefinition),
    AccessPoint(efs::AccessPoint),
    FileSystem(efs::FileSystem),
    MountTarget(efs::MountTarget),
    Listener(elbv2::Listener),
    ListenerRule(elbv2::ListenerRule),
    LoadBalancer(elbv2::LoadBalancer),
    TargetGroup(elbv2::TargetGroup),
    NetworkTargetGroup(elbv2::NetworkTargetGroup),
    Rule(events::Rule),
    DeliveryStream(firehose::DeliveryStream),
    InstanceProfile(iam::InstanceProfile),
    ManagedPolicy(iam::ManagedPolicy),
    Role(iam::Role),
    Alias(kms::Alias),
    Key(kms::Key),
    Permission(lambda::Permission),
    LogGroup(logs::LogGroup),
    SubscriptionFilter(logs::SubscriptionFilter),
    AliasRecord(route53::AliasRecord),
    RecordSet(route53::RecordSet),
    Bucket(s3::Bucket),
    BucketPolicy(s3::BucketPolicy),
    Schedule(scheduler::Schedule),
    HttpNamespace(servicediscovery::HttpNamespace),
    PrivateDnsNamespace(servicediscovery::PrivateDnsNamespace),
    DiscoveryService(servicediscovery::Service),
    Subscription(sns::Subscription),
    Topic(sns::Topic),
    Queue(sqs::Queue),
    QueuePolicy(sqs::QueuePolicy),
    Parameter(ssm::Parameter),
    WebAcl(wafv2::WebAcl),
    WebAclAssociation(wafv2::WebAclAssociation),
    StateMachine(stepfunctions::StateMachine),
}
