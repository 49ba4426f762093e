"""The benchmark app of scripts/bench.sh, written for troposphere (the peer in the comparison).

    python troposphere_app.py N OUT_DIR

builds the same app as `benches/synth` in its `peer` shape and writes its templates as JSON into
OUT_DIR: a VPC with 2 zones and one NAT gateway, a cluster with Container Insights, one public
Application Load Balancer on port 80, and N Fargate services, each with a log group (30 days), a
task role allowed `s3:GetObject`, nginx, the deployment circuit breaker, 100/200 rolling
deployments, a target group, a listener rule and CPU-60% target tracking from 2 to 10 tasks.
Like fleetform's output, the shared infrastructure is one stack and each service a stack of its
own, so both tools build and serialise the same resources. The time measured is the whole
process, as for fleetform: interpreter start, imports, building and writing.
"""

import os
import sys

from troposphere import (
    GetAtt,
    ImportValue,
    Join,
    Output,
    Export,
    Ref,
    Select,
    Split,
    GetAZs,
    Sub,
    Tags,
    Template,
)
from troposphere import applicationautoscaling as aas
from troposphere import ec2, ecs, iam, logs
from troposphere import elasticloadbalancingv2 as elb

APP = "peer"


def network_stack() -> Template:
    t = Template(Description=f"{APP}: network, cluster and load balancer")
    vpc = t.add_resource(
        ec2.VPC("Vpc", CidrBlock="10.0.0.0/16", EnableDnsHostnames=True, EnableDnsSupport=True)
    )
    igw = t.add_resource(ec2.InternetGateway("InternetGateway"))
    t.add_resource(
        ec2.VPCGatewayAttachment("GatewayAttachment", VpcId=Ref(vpc), InternetGatewayId=Ref(igw))
    )
    public_rt = t.add_resource(ec2.RouteTable("PublicRouteTable", VpcId=Ref(vpc)))
    t.add_resource(
        ec2.Route(
            "PublicDefaultRoute",
            RouteTableId=Ref(public_rt),
            DestinationCidrBlock="0.0.0.0/0",
            GatewayId=Ref(igw),
            DependsOn="GatewayAttachment",
        )
    )
    publics, privates = [], []
    for zone in range(2):
        public = t.add_resource(
            ec2.Subnet(
                f"PublicSubnet{zone}",
                VpcId=Ref(vpc),
                CidrBlock=f"10.0.{zone}.0/24",
                AvailabilityZone=Select(zone, GetAZs("")),
                Tags=Tags(Name=f"{APP}-public-{zone}"),
            )
        )
        t.add_resource(
            ec2.SubnetRouteTableAssociation(
                f"PublicSubnet{zone}Routes", SubnetId=Ref(public), RouteTableId=Ref(public_rt)
            )
        )
        private = t.add_resource(
            ec2.Subnet(
                f"PrivateSubnet{zone}",
                VpcId=Ref(vpc),
                CidrBlock=f"10.0.{zone + 10}.0/24",
                AvailabilityZone=Select(zone, GetAZs("")),
                Tags=Tags(Name=f"{APP}-private-{zone}"),
            )
        )
        publics.append(public)
        privates.append(private)
    eip = t.add_resource(ec2.EIP("NatAddress", Domain="vpc"))
    nat = t.add_resource(
        ec2.NatGateway("NatGateway", AllocationId=GetAtt(eip, "AllocationId"), SubnetId=Ref(publics[0]))
    )
    private_rt = t.add_resource(ec2.RouteTable("PrivateRouteTable", VpcId=Ref(vpc)))
    t.add_resource(
        ec2.Route(
            "PrivateDefaultRoute",
            RouteTableId=Ref(private_rt),
            DestinationCidrBlock="0.0.0.0/0",
            NatGatewayId=Ref(nat),
        )
    )
    for zone, private in enumerate(privates):
        t.add_resource(
            ec2.SubnetRouteTableAssociation(
                f"PrivateSubnet{zone}Routes", SubnetId=Ref(private), RouteTableId=Ref(private_rt)
            )
        )
    cluster = t.add_resource(
        ecs.Cluster(
            "Cluster",
            ClusterName=APP,
            ClusterSettings=[ecs.ClusterSetting(Name="containerInsights", Value="enabled")],
        )
    )
    alb_sg = t.add_resource(
        ec2.SecurityGroup(
            "LoadBalancerSecurityGroup",
            GroupDescription="public load balancer",
            VpcId=Ref(vpc),
            SecurityGroupIngress=[
                ec2.SecurityGroupRule(IpProtocol="tcp", FromPort=80, ToPort=80, CidrIp="0.0.0.0/0")
            ],
        )
    )
    alb = t.add_resource(
        elb.LoadBalancer(
            "LoadBalancer",
            Scheme="internet-facing",
            Subnets=[Ref(s) for s in publics],
            SecurityGroups=[Ref(alb_sg)],
            DependsOn="GatewayAttachment",
        )
    )
    listener = t.add_resource(
        elb.Listener(
            "Listener",
            LoadBalancerArn=Ref(alb),
            Port=80,
            Protocol="HTTP",
            DefaultActions=[
                elb.Action(
                    Type="fixed-response",
                    FixedResponseConfig=elb.FixedResponseConfig(StatusCode="404"),
                )
            ],
        )
    )
    for name, value in [
        ("Vpc", Ref(vpc)),
        ("Cluster", Ref(cluster)),
        ("Listener", Ref(listener)),
        ("LoadBalancerSecurityGroup", Ref(alb_sg)),
        ("PrivateSubnets", Join(",", [Ref(s) for s in privates])),
    ]:
        t.add_output(Output(name, Value=value, Export=Export(f"{APP}-{name}")))
    return t


def service_stack(i: int) -> Template:
    name = f"svc{i:04}"
    t = Template(Description=f"{APP}: service {name}")
    log_group = t.add_resource(
        logs.LogGroup("LogGroup", LogGroupName=f"/{APP}/{name}", RetentionInDays=30)
    )
    assume = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    task_role = t.add_resource(
        iam.Role(
            "TaskRole",
            AssumeRolePolicyDocument=assume,
            Policies=[
                iam.Policy(
                    PolicyName="permissions",
                    PolicyDocument={
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": ["s3:GetObject"],
                                "Resource": Sub(f"arn:${{AWS::Partition}}:s3:::{APP}-{name}/*"),
                            }
                        ],
                    },
                )
            ],
        )
    )
    execution_role = t.add_resource(
        iam.Role(
            "ExecutionRole",
            AssumeRolePolicyDocument=assume,
            ManagedPolicyArns=[
                Sub(
                    "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                    "AmazonECSTaskExecutionRolePolicy"
                )
            ],
        )
    )
    task = t.add_resource(
        ecs.TaskDefinition(
            "TaskDefinition",
            Family=f"{APP}-{name}",
            Cpu="256",
            Memory="512",
            NetworkMode="awsvpc",
            RequiresCompatibilities=["FARGATE"],
            TaskRoleArn=GetAtt(task_role, "Arn"),
            ExecutionRoleArn=GetAtt(execution_role, "Arn"),
            ContainerDefinitions=[
                ecs.ContainerDefinition(
                    Name=name,
                    Image="public.ecr.aws/nginx/nginx:1.27",
                    Essential=True,
                    PortMappings=[ecs.PortMapping(ContainerPort=80, Protocol="tcp")],
                    LogConfiguration=ecs.LogConfiguration(
                        LogDriver="awslogs",
                        Options={
                            "awslogs-group": Ref(log_group),
                            "awslogs-region": Ref("AWS::Region"),
                            "awslogs-stream-prefix": name,
                        },
                    ),
                )
            ],
        )
    )
    target_group = t.add_resource(
        elb.TargetGroup(
            "TargetGroup",
            Port=80,
            Protocol="HTTP",
            TargetType="ip",
            VpcId=ImportValue(f"{APP}-Vpc"),
            HealthCheckPath="/",
        )
    )
    rule = t.add_resource(
        elb.ListenerRule(
            "ListenerRule",
            ListenerArn=ImportValue(f"{APP}-Listener"),
            Priority=i + 1,
            Conditions=[
                elb.Condition(
                    Field="path-pattern",
                    PathPatternConfig=elb.PathPatternConfig(Values=[f"/{name}", f"/{name}/*"]),
                )
            ],
            Actions=[elb.ListenerRuleAction(Type="forward", TargetGroupArn=Ref(target_group))],
        )
    )
    sg = t.add_resource(
        ec2.SecurityGroup(
            "ServiceSecurityGroup",
            GroupDescription=f"{name} tasks",
            VpcId=ImportValue(f"{APP}-Vpc"),
            SecurityGroupIngress=[
                ec2.SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=80,
                    ToPort=80,
                    SourceSecurityGroupId=ImportValue(f"{APP}-LoadBalancerSecurityGroup"),
                )
            ],
        )
    )
    service = t.add_resource(
        ecs.Service(
            "Service",
            Cluster=ImportValue(f"{APP}-Cluster"),
            ServiceName=name,
            LaunchType="FARGATE",
            DesiredCount=2,
            TaskDefinition=Ref(task),
            DeploymentConfiguration=ecs.DeploymentConfiguration(
                MinimumHealthyPercent=100,
                MaximumPercent=200,
                DeploymentCircuitBreaker=ecs.DeploymentCircuitBreaker(Enable=True, Rollback=True),
            ),
            NetworkConfiguration=ecs.NetworkConfiguration(
                AwsvpcConfiguration=ecs.AwsvpcConfiguration(
                    AssignPublicIp="DISABLED",
                    SecurityGroups=[Ref(sg)],
                    Subnets=Split(",", ImportValue(f"{APP}-PrivateSubnets")),
                )
            ),
            LoadBalancers=[
                ecs.LoadBalancer(
                    ContainerName=name, ContainerPort=80, TargetGroupArn=Ref(target_group)
                )
            ],
            DependsOn=[rule.title],
        )
    )
    scalable = t.add_resource(
        aas.ScalableTarget(
            "ScalableTarget",
            MinCapacity=2,
            MaxCapacity=10,
            ResourceId=Join("/", ["service", ImportValue(f"{APP}-Cluster"), GetAtt(service, "Name")]),
            ScalableDimension="ecs:service:DesiredCount",
            ServiceNamespace="ecs",
        )
    )
    t.add_resource(
        aas.ScalingPolicy(
            "CpuScaling",
            PolicyName=f"{name}-cpu",
            PolicyType="TargetTrackingScaling",
            ScalingTargetId=Ref(scalable),
            TargetTrackingScalingPolicyConfiguration=aas.TargetTrackingScalingPolicyConfiguration(
                TargetValue=60.0,
                PredefinedMetricSpecification=aas.PredefinedMetricSpecification(
                    PredefinedMetricType="ECSServiceAverageCPUUtilization"
                ),
            ),
        )
    )
    return t


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: troposphere_app.py SERVICES OUT_DIR", file=sys.stderr)
        return 2
    services, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    stacks = [("network", network_stack())]
    stacks += [(f"svc{i:04}", service_stack(i)) for i in range(services)]
    for name, template in stacks:
        with open(os.path.join(out, f"{name}.json"), "w", encoding="utf-8") as f:
            f.write(template.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
