#!/usr/bin/env python3
"""Deploy one environment x region of a fleetform build into a throw-away moto server.

usage: moto-deploy.sh [--timeout S] [--skip-imported] APP_DIR ENVIRONMENT REGION
       (ENVIRONMENT `_pipeline`: the app's pipeline stacks in REGION)

Runs inside the venv scripts/moto-deploy.sh prepares (moto[server] + boto3). APP_DIR is one
app's build output (the directory holding manifest.json, e.g. out/grocery). The manifest's
stacks of ENVIRONMENT and REGION are created in manifest order (the environment stack, then the
service stacks) in one moto server on 127.0.0.1, each with the parameters and tags of its
configuration file, as a CI deploy would. Then it asserts:

- every stack is CREATE_COMPLETE;
- every `AWS::SSM::Parameter::Value<...>` parameter of every service stack resolved to the
  value the environment stack published under that SSM name;
- every ECS service is in the cluster that the environment stack created and published;
- every IAM role is in moto's IAM with the template's path and inline policies, and every Route 53
  record set is in moto's Route 53.

Listener certificates are swapped for ones requested from moto's ACM (moto's load balancers
refuse unknown ARNs); Network Load Balancer listeners (TCP, UDP, TLS) become HTTP ones, which
are all moto's load balancers take. Resource types moto's CloudFormation does not implement (ECS capacity providers) are removed
first, and references to them replaced by placeholders; the script prints which. AWS::Partition,
AWS::URLSuffix and Fn::GetAZs are resolved here for REGION (moto answers aws, amazonaws.com and
us-east-1a..d everywhere). The server is stopped by its own PID.

An environment with an imported network cannot be deployed: its VPC and subnets do not exist
in moto.

Exit: 0 all stacks complete and every check passed; 1 a stack failed or a check failed;
2 usage error or the server did not start.
"""
import argparse
import json
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config

ACCOUNT = "123456789012"  # moto's default account
SSM_TYPE = re.compile(r"^AWS::SSM::Parameter::Value<(.+)>$")


class MotoServer:
    """moto's server as a child process on a free port; stopped by its own PID only."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="moto-server-", suffix=".log")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_ready(self, seconds=60):
        deadline = time.time() + seconds
        while True:
            try:
                urllib.request.urlopen(self.url + "/moto-api/data.json", timeout=2)
                return
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("moto server did not start:\n" + self.tail())
                time.sleep(0.3)

    def tail(self, n=25) -> str:
        time.sleep(0.5)
        noise = re.compile(r"^(127\.0\.0\.1 - - \[|\S*WARNING: This is a development server"
                           r"| \* Running on|\S*Press CTRL\+C)")
        lines = Path(self.log.name).read_text(errors="replace").splitlines(True)
        return "".join([line for line in lines if not noise.match(line)][-n:])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def partition(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else \
        "aws-us-gov" if region.startswith("us-gov-") else "aws"


def resolve_pseudo(node, region: str):
    """What moto gets wrong outside us-east-1/aws: AWS::Partition, AWS::URLSuffix, Fn::GetAZs."""
    values = {"AWS::Partition": partition(region),
              "AWS::URLSuffix": "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"}
    if isinstance(node, list):
        return [resolve_pseudo(x, region) for x in node]
    if not isinstance(node, dict):
        return node
    if list(node) == ["Ref"] and node["Ref"] in values:
        return values[node["Ref"]]
    if list(node) == ["Fn::GetAZs"] and node["Fn::GetAZs"] in ("", {"Ref": "AWS::Region"}):
        return {"Fn::GetAZs": region}
    if list(node) == ["Fn::Sub"]:
        arg = node["Fn::Sub"]
        text = arg if isinstance(arg, str) else arg[0]
        for k, v in values.items():
            text = text.replace("${%s}" % k, v)
        return {"Fn::Sub": text if isinstance(arg, str) else [text, resolve_pseudo(arg[1], region)]}
    return {k: resolve_pseudo(v, region) for k, v in node.items()}


def stub_unsupported(body: dict, gone: dict, region: str) -> None:
    """Drops the resources in `gone` (logical id -> type); Refs, GetAtts and ${...} to them
    become placeholder strings, DependsOn on them is dropped."""

    def placeholder(lid, attr=None):
        if attr and attr.endswith("Arn"):
            service = gone[lid].split("::")[1].lower()
            return f"arn:{partition(region)}:{service}:{region}:{ACCOUNT}:stub/{lid}"
        return f"stub-{lid}" + (f"-{attr}" if attr else "")

    sub_var = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}")

    def walk(node):
        if isinstance(node, list):
            return [walk(x) for x in node]
        if not isinstance(node, dict):
            return node
        if list(node) == ["Ref"] and node["Ref"] in gone:
            return placeholder(node["Ref"])
        if list(node) == ["Fn::GetAtt"] and node["Fn::GetAtt"][0] in gone:
            return placeholder(*node["Fn::GetAtt"][:2])
        if list(node) == ["Fn::Sub"]:
            arg = node["Fn::Sub"]
            text, names = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
            text = sub_var.sub(
                lambda m: placeholder(m.group(1), m.group(2))
                if m.group(1) in gone and m.group(1) not in names else m.group(0), text)
            return {"Fn::Sub": text if isinstance(arg, str) else [text, walk(names)]}
        return {k: walk(v) for k, v in node.items()}

    resources = body["Resources"]
    for lid in gone:
        del resources[lid]
    for r in resources.values():
        dep = r.get("DependsOn")
        if dep is not None:
            dep = [d for d in ([dep] if isinstance(dep, str) else dep) if d not in gone]
            if dep:
                r["DependsOn"] = dep
            else:
                del r["DependsOn"]
    body["Resources"] = walk(resources)
    if "Outputs" in body:
        body["Outputs"] = walk(body["Outputs"])


def supported_types() -> set:
    from moto.cloudformation.parsing import get_model_map  # slow import: only here
    return set(get_model_map())


def wait(cfn, name, timeout):
    deadline = time.time() + timeout
    while True:
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
        if not stack["StackStatus"].endswith("_IN_PROGRESS") or time.time() > deadline:
            return stack
        time.sleep(0.5)


def swap_certificates(body: dict, acm, issued: dict) -> None:
    """moto's load balancers accept only certificates its ACM knows: each listener certificate
    is replaced by one requested from moto (the same one for the same ARN)."""
    for r in body.get("Resources", {}).values():
        if r["Type"] != "AWS::ElasticLoadBalancingV2::Listener":
            continue
        for cert in r.get("Properties", {}).get("Certificates", []):
            arn = json.dumps(cert["CertificateArn"], sort_keys=True)
            if arn not in issued:
                issued[arn] = acm.request_certificate(DomainName="fleetform.example.com")[
                    "CertificateArn"]
                print(f"  certificate {cert['CertificateArn']} -> moto's {issued[arn]}")
            cert["CertificateArn"] = issued[arn]


CLIENTS = {}  # set by main: the moto server's clients


def stub_public_parameters(body: dict, config: dict) -> None:
    """AWS's public SSM parameters that moto does not carry (e.g. the AWS for Fluent Bit image
    of a FireLens router): a stand-in parameter with a placeholder value becomes the default
    (moto resolves every SSM-typed default, even one a value overrides)."""
    ssm = CLIENTS["ssm"]
    for key, p in body.get("Parameters", {}).items():
        default = p.get("Default")
        if (key in config.get("Parameters", {}) or not SSM_TYPE.match(p.get("Type", ""))
                or not isinstance(default, str) or not default.startswith("/aws/service/")):
            continue
        try:
            ssm.get_parameter(Name=default)
            continue
        except Exception:  # moto answers ParameterNotFound
            pass
        stand_in = "/moto-stub" + default
        ssm.put_parameter(Name=stand_in, Value="public.ecr.aws/stub/image:latest",
                          Type="String", Overwrite=True)
        print(f"  public parameter {default} missing in moto: {key} reads {stand_in}")
        p["Default"] = stand_in


ZONE_STAND_IN = "ZMOTOSTANDIN0"


def stand_in_hosted_zones(body: dict) -> bool:
    """moto leaves `Fn::GetAtt [LB, CanonicalHostedZoneID]` unresolved (its raw text reaches
    Route 53 and fails the stack); a fixed zone ID stands in. Returns whether any did."""
    found = False

    def walk(node):
        nonlocal found
        if isinstance(node, list):
            return [walk(x) for x in node]
        if not isinstance(node, dict):
            return node
        if list(node) == ["Fn::GetAtt"] and node["Fn::GetAtt"][1:2] == ["CanonicalHostedZoneID"]:
            found = True
            return ZONE_STAND_IN
        return {k: walk(v) for k, v in node.items()}

    body["Resources"] = walk(body["Resources"])
    return found


def stand_in_named_zones(body: dict, route53, issued: dict) -> list:
    """Record sets go into hosted zones the blueprint names by ID; moto has none of them, so a
    zone is created per named ID (once per run) and its moto ID written in its place."""
    named = []

    def walk(node):
        if isinstance(node, list):
            return [walk(x) for x in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for k, v in node.items():
            # An alias target's zone is the load balancer's (stood in above), not a named one.
            if k == "HostedZoneId" and isinstance(v, str) and v != ZONE_STAND_IN:
                key = ("zone", v)
                if key not in issued:
                    zone = route53.create_hosted_zone(Name=f"{v.lower()}.example.",
                                                      CallerReference=v)
                    issued[key] = zone["HostedZone"]["Id"].split("/")[-1]
                    named.append(v)
                out[k] = issued[key]
            else:
                out[k] = walk(v)
        return out

    body["Resources"] = walk(body["Resources"])
    return named


NLB_PROTOCOLS = {"TCP", "UDP", "TCP_UDP", "TLS"}


def nlb_listeners_as_http(body: dict) -> list:
    """moto's CloudFormation ignores a load balancer's `Type: network` and refuses any listener
    protocol an Application Load Balancer would (`Listener protocol 'UDP' must be one of 'HTTP,
    HTTPS'`): in moto's copy only, a Network Load Balancer listener becomes HTTP (its SSL policy
    and certificates go). Returns the listeners changed."""
    changed = []
    for lid, resource in body.get("Resources", {}).items():
        props = resource.get("Properties", {})
        if (resource.get("Type") == "AWS::ElasticLoadBalancingV2::Listener"
                and props.get("Protocol") in NLB_PROTOCOLS):
            props["Protocol"] = "HTTP"
            props.pop("SslPolicy", None)
            props.pop("Certificates", None)
            changed.append(lid)
    return sorted(changed)


def deploy(cfn, acm, route53, app_dir: Path, entry: dict, region: str, supported: set,
           timeout: float, issued: dict):
    """Creates one stack; returns (stack description, its template) or None on failure."""
    name = entry["name"]
    template = json.loads((app_dir / entry["template"]).read_text())
    config = json.loads((app_dir / entry["configuration"]).read_text())
    declared = {k: v["Type"] for k, v in template.get("Resources", {}).items()}
    gone = {k: t for k, t in declared.items() if t not in supported}
    # A permission on a Lambda function the blueprint names by ARN (an event target): the
    # function exists in a real account, not in moto.
    def local(fn) -> bool:
        target = fn.get("Ref") or (fn.get("Fn::GetAtt") or [None])[0] if isinstance(fn, dict) else None
        return target in declared
    external = sorted(k for k, r in template.get("Resources", {}).items()
                      if r["Type"] == "AWS::Lambda::Permission"
                      and not local(r.get("Properties", {}).get("FunctionName")))
    if external:
        print(f"  {name}: permissions on functions outside the app: stubbed {', '.join(external)}")
        gone.update({k: declared[k] for k in external})
    body = json.loads(json.dumps(template))
    if gone:
        print(f"  {name}: moto lacks {', '.join(sorted(set(gone.values())))}: stubbed "
              f"{', '.join(sorted(gone))}")
        stub_unsupported(body, gone, region)
    stub_public_parameters(body, config)
    nlb = nlb_listeners_as_http(body)
    if nlb:
        print(f"  {name}: moto takes no Network Load Balancer listener protocol: "
              f"{', '.join(nlb)} deployed as HTTP")
    if stand_in_hosted_zones(body):
        print(f"  {name}: moto does not resolve a load balancer's CanonicalHostedZoneID: "
              f"stood in {ZONE_STAND_IN}")
    body = resolve_pseudo(body, region)
    swap_certificates(body, acm, issued)
    zones = stand_in_named_zones(body, route53, issued)
    if zones:
        print(f"  {name}: hosted zones the blueprint names exist only in a real account: "
              f"created stand-ins for {', '.join(zones)}")
    params = [{"ParameterKey": k, "ParameterValue": str(v)}
              for k, v in config.get("Parameters", {}).items()]
    tags = [{"Key": k, "Value": str(v)} for k, v in config.get("Tags", {}).items()]
    try:
        cfn.create_stack(StackName=name, TemplateBody=json.dumps(body), Parameters=params,
                         Tags=tags, Capabilities=entry.get("capabilities", []))
    except Exception as e:  # moto refuses most template problems right here
        print(f"FAIL {name}: create_stack refused: {e}")
        return None
    stack = wait(cfn, name, timeout)
    status = stack["StackStatus"]
    if status != "CREATE_COMPLETE":
        print(f"FAIL {name}: {status} {stack.get('StackStatusReason') or ''}")
        for e in cfn.describe_stack_events(StackName=name)["StackEvents"]:
            if "FAILED" in e["ResourceStatus"]:
                print(f"  {e['LogicalResourceId']}: {e.get('ResourceStatusReason', '')}")
        return None
    count = len(declared) - len(gone)
    print(f"ok   {name}: CREATE_COMPLETE ({count} resources)")
    return stack, template


def check_ssm_parameters(clients, stack, template) -> int:
    """Each SSM-typed parameter resolved to the value stored under its name. moto reports no
    ResolvedValue, so the value is checked where the stack used it: the security groups' and
    target groups' VPC, the listener of the listener rules, the source of ingress rules (the
    cluster is checked with the ECS services). PrivateSubnets is not observable: moto drops an
    ECS service's network configuration."""
    ssm, ec2, elb, cfn = clients["ssm"], clients["ec2"], clients["elbv2"], clients["cloudformation"]
    name = stack["StackName"]
    values = {}
    failures = 0
    for key, spec in template.get("Parameters", {}).items():
        if SSM_TYPE.match(spec.get("Type", "")):
            if spec["Default"].startswith("/aws/service/"):
                continue  # AWS's public parameters (stubbed where moto lacks them)
            try:
                values[key] = ssm.get_parameter(Name=spec["Default"])["Parameter"]["Value"]
            except ssm.exceptions.ParameterNotFound:
                print(f"FAIL {name}: parameter {key}: SSM {spec['Default']} does not exist")
                failures += 1
    resources = cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]
    by_type = {}
    for r in resources:
        if r.get("LogicalResourceId"):
            by_type.setdefault(r["ResourceType"], []).append(r["PhysicalResourceId"])
    checked = set()

    def expect(key, what, got):
        nonlocal failures
        checked.add(key)
        if got != values.get(key):
            print(f"FAIL {name}: {what} is {got!r}, not {key} = {values.get(key)!r}")
            failures += 1

    if "VpcId" in values:
        for group in ec2.describe_security_groups(
                GroupIds=by_type.get("AWS::EC2::SecurityGroup", []))["SecurityGroups"] \
                if by_type.get("AWS::EC2::SecurityGroup") else []:
            expect("VpcId", f"the vpc of security group {group['GroupId']}", group["VpcId"])
        for arn in by_type.get("AWS::ElasticLoadBalancingV2::TargetGroup", []):
            tg = elb.describe_target_groups(TargetGroupArns=[arn])["TargetGroups"][0]
            expect("VpcId", f"the vpc of target group {tg['TargetGroupName']}", tg["VpcId"])
    # Each rule against the listener parameter its template names (`Listener`, or
    # `TestListener` for the test rule of a blue/green service).
    for r in resources:
        if r["ResourceType"] != "AWS::ElasticLoadBalancingV2::ListenerRule" or not r.get("LogicalResourceId"):
            continue
        ref = template["Resources"][r["LogicalResourceId"]]["Properties"].get("ListenerArn", {})
        key = ref.get("Ref") if isinstance(ref, dict) else None
        if key not in values:
            continue
        arn = r["PhysicalResourceId"]
        listed = {x["RuleArn"] for x in elb.describe_rules(ListenerArn=values[key])["Rules"]}
        expect(key, f"the listener of rule {arn.split('/')[-1]}",
               values[key] if arn in listed else "another listener")
    if "LoadBalancerSecurityGroup" in values and by_type.get("AWS::EC2::SecurityGroup"):
        sources = {pair["GroupId"]
                   for g in ec2.describe_security_groups(
                       GroupIds=by_type["AWS::EC2::SecurityGroup"])["SecurityGroups"]
                   for perm in g.get("IpPermissions", [])
                   for pair in perm.get("UserIdGroupPairs", [])}
        expect("LoadBalancerSecurityGroup", "the source of the tasks' ingress",
               values["LoadBalancerSecurityGroup"] if values["LoadBalancerSecurityGroup"] in sources
               else f"one of {sorted(sources)}")
    checked.add("Cluster")  # with the ECS services
    unobserved = sorted(set(values) - checked)
    print(f"ok   {name}: SSM parameters {', '.join(sorted(checked & set(values)))} resolved"
          + (f" ({', '.join(unobserved)} not observable in moto)" if unobserved else ""))
    return failures


def check_roles_and_records(iam, r53, cfn, stack, template) -> int:
    """Every IAM role of the stack exists in moto's IAM with the template's path and inline
    policies, and every Route 53 record set exists in moto's Route 53."""
    failures = 0
    name = stack["StackName"]
    resources = cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]
    records = None
    for r in resources:
        lid, kind = r.get("LogicalResourceId"), r.get("ResourceType")
        if not lid:
            continue
        props = template["Resources"].get(lid, {}).get("Properties", {})
        if kind == "AWS::IAM::Role":
            try:
                role = iam.get_role(RoleName=r["PhysicalResourceId"])["Role"]
            except iam.exceptions.NoSuchEntityException:
                print(f"FAIL {name}: role {lid} ({r['PhysicalResourceId']}) is not in IAM")
                failures += 1
                continue
            inline = iam.list_role_policies(RoleName=role["RoleName"])["PolicyNames"]
            want_path = props.get("Path", "/")
            want_inline = sorted(p["PolicyName"] for p in props.get("Policies", []))
            if role["Path"] != want_path or sorted(inline) != want_inline:
                print(f"FAIL {name}: role {lid} has path {role['Path']!r} and inline policies "
                      f"{sorted(inline)}, not {want_path!r} and {want_inline}")
                failures += 1
            else:
                print(f"ok   {name}: role {role['Path']}{role['RoleName']} with "
                      f"{len(inline)} inline policies")
        elif kind == "AWS::Route53::RecordSet":
            if records is None:
                records = {(rr["Name"].rstrip("."), rr["Type"], rr.get("SetIdentifier"))
                           for zone in r53.list_hosted_zones()["HostedZones"]
                           for rr in r53.list_resource_record_sets(
                               HostedZoneId=zone["Id"])["ResourceRecordSets"]}
            record = (r["PhysicalResourceId"].rstrip("."), props.get("Type"),
                      props.get("SetIdentifier"))
            if record in records:
                print(f"ok   {name}: record {record[0]} {record[1]}"
                      + (f" ({record[2]})" if record[2] else ""))
            else:
                print(f"FAIL {name}: record {lid} {record} is not in Route 53")
                failures += 1
    return failures


def check_ecs_services(ecs, cfn, stack, cluster: str) -> int:
    """Every ECS service of the stack is in the environment's cluster."""
    failures = 0
    resources = cfn.list_stack_resources(StackName=stack["StackName"])["StackResourceSummaries"]
    arns = set(ecs.list_services(cluster=cluster)["serviceArns"])
    for r in resources:
        if r.get("ResourceType") != "AWS::ECS::Service":
            continue
        if r.get("PhysicalResourceId") in arns:
            print(f"ok   {stack['StackName']}: service {r['PhysicalResourceId'].split('/')[-1]}"
                  f" runs in cluster {cluster}")
        else:
            print(f"FAIL {stack['StackName']}: service {r.get('PhysicalResourceId')} is not in"
                  f" cluster {cluster}")
            failures += 1
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(usage=__doc__.split("\n\n")[1].replace("usage: ", ""),
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("--timeout", type=float, default=60, help="seconds to wait per stack")
    ap.add_argument("--skip-imported", action="store_true",
                    help="exit 0 (saying SKIP) for an environment with an imported network")
    ap.add_argument("app_dir", type=Path)
    ap.add_argument("environment")
    ap.add_argument("region")
    args = ap.parse_args()
    manifest_path = args.app_dir / "manifest.json"
    if not manifest_path.is_file():
        ap.error(f"no manifest.json in {args.app_dir}")
    manifest = json.loads(manifest_path.read_text())
    pipeline = args.environment == "_pipeline"
    entries = [s for s in manifest["stacks"]
               if s["environment"] == (None if pipeline else args.environment)
               and s["region"] == args.region]
    if pipeline and not entries:
        ap.error(f"no pipeline stacks in {args.region}")
    if not pipeline and (not entries or entries[0]["kind"] != "environment"):
        ap.error(f"no stacks of {args.environment} in {args.region}, environment stack first")
    env_template = json.loads((args.app_dir / entries[0]["template"]).read_text())
    if not pipeline and not any(r["Type"] == "AWS::EC2::VPC"
                                for r in env_template.get("Resources", {}).values()):
        print(f"moto: SKIP {manifest['app']} {args.environment} {args.region}: an imported "
              "network, whose VPC and subnets exist only in a real account")
        return 0 if args.skip_imported else 2

    server = MotoServer()
    failures = 0
    try:
        supported = supported_types()
        server.wait_ready()
        session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                region_name=args.region)

        def client(service, account=None):
            on = session
            if account:
                # A bootstrap stack of a target account (`pipeline-account`) goes into that
                # account: moto scopes the credentials of an assumed role to its account.
                creds = on.client("sts", endpoint_url=server.url).assume_role(
                    RoleArn=f"arn:{partition(args.region)}:iam::{account}:role/moto-deploy",
                    RoleSessionName="moto-deploy")["Credentials"]
                on = boto3.Session(aws_access_key_id=creds["AccessKeyId"],
                                   aws_secret_access_key=creds["SecretAccessKey"],
                                   aws_session_token=creds["SessionToken"],
                                   region_name=args.region)
            return on.client(service, endpoint_url=server.url,
                             config=Config(retries={"max_attempts": 1}))

        cfn, ssm, ecs = client("cloudformation"), client("ssm"), client("ecs")
        CLIENTS["ssm"] = ssm
        print(f"moto: {len(entries)} stacks of {manifest['app']} {args.environment} "
              f"{args.region} (server pid {server.proc.pid})")
        deployed, issued = [], {}
        for entry in entries:
            account = entry.get("account")
            result = deploy(client("cloudformation", account), client("acm"), client("route53"),
                            args.app_dir, entry, args.region, supported, args.timeout, issued)
            if result is None:
                print("moto server log (tail):\n" + server.tail(), file=sys.stderr)
                return 1
            deployed.append((entry, *result))
        r53 = client("route53")
        for entry, stack, template in deployed:
            account = entry.get("account")
            failures += check_roles_and_records(client("iam", account), r53,
                                                client("cloudformation", account), stack, template)
        if pipeline:
            return finish(failures, deployed)
        env_stack = deployed[0][1]
        cluster_param = f"/fleetform/{manifest['app']}/{args.environment}/cluster"
        cluster = ssm.get_parameter(Name=cluster_param)["Parameter"]["Value"]
        if not ecs.describe_clusters(clusters=[cluster])["clusters"]:
            print(f"FAIL {env_stack['StackName']}: cluster {cluster} ({cluster_param}) not in ECS")
            failures += 1
        for entry, stack, template in deployed[1:]:
            clients = {n: client(n) for n in ("ssm", "ec2", "elbv2", "cloudformation")}
            failures += check_ssm_parameters(clients, stack, template)
            failures += check_ecs_services(ecs, cfn, stack, cluster)
    except RuntimeError as e:
        print(e, file=sys.stderr)
        return 2
    finally:
        server.stop()
    return finish(failures, deployed)


def finish(failures: int, deployed: list) -> int:
    print(f"moto: {'OK' if not failures else 'FAILED'}: {len(deployed)} stacks CREATE_COMPLETE, "
          f"{failures} failed checks")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
