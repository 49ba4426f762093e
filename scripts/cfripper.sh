#!/usr/bin/env bash
# IAM judge: cfripper (pinned in scripts/requirements-cfripper.txt) over every stack template of
# every build manifest, reporting the findings of its IAM escalation rules:
# PrivilegeEscalationRule, IAMRolesOverprivilegedRule and IAMRoleWildcardActionOnPolicyRule.
# cfripper's other rules (public load balancers, open ports 80/443) are left to checkov.
#
# usage: scripts/cfripper.sh [DIR]     (DIR defaults to snapshots/; any build output works)
#
# Two kinds of finding are accepted, each only after this script has checked the policy itself
# (an ACCEPTED line names it and why):
# - the permissions boundary `PermissionsBoundary` of `{app}-pipeline-iam`: cfripper reads a
#   NotAction list as if it allowed the actions it names (and pycfmodel expands a multi-entry
#   NotAction to every action), so the boundary's "everything but iam:*, sts:*,
#   organizations:*, account:*" looks like a grant of iam:*. Accepted when its only Allow with
#   NotAction excludes exactly those four services and every other Allow is limited to the
#   app's own roles.
# - the deploy role's iam:PutRolePolicy, iam:AttachRolePolicy and iam:UpdateAssumeRolePolicy
#   (CloudFormation cannot create a role with policies without them). Accepted when every
#   statement granting them is limited to the app's roles (`role/fleetform/{app}/*`, a path the
#   deploy role is not under) and, for the actions that take the key, to roles carrying the
#   app's permissions boundary (`iam:PermissionsBoundary`).
# A template cfripper cannot read fails the run, so no finding can hide. pycfmodel types an
# alarm's Threshold as an integer (CloudFormation takes a double): fractional thresholds are
# rounded for the analysis only; no IAM rule reads them.
# Exit: 0 no unaccepted finding; 1 findings or an unreadable template; 2 usage or cfripper broken.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-}" in -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[[ $# -le 1 ]] || { sed -n '7p' "$0" | sed 's/^# //' >&2; exit 2; }
dir="${1:-$repo/snapshots}"
[[ -d "$dir" ]] || { echo "cfripper: no such directory: $dir" >&2; exit 2; }
# shellcheck source=scripts/venv.sh
source "$repo/scripts/venv.sh"
venv="$(tool_venv cfripper)" || exit 2
exec "$venv/bin/python" - "$dir" <<'PY'
import io, json, logging, pathlib, re, sys
from cfripper.cli import analyse_template, get_cfmodel, init_cfripper

logging.disable(logging.CRITICAL)
RULES = ("PrivilegeEscalationRule", "IAMRolesOverprivilegedRule", "IAMRoleWildcardActionOnPolicyRule")
BOUNDARY_NOT_ACTION = {"iam:*", "sts:*", "organizations:*", "account:*"}
KEYED = {"iam:PutRolePolicy", "iam:AttachRolePolicy"}  # accept iam:PermissionsBoundary
ESCALATING = KEYED | {"iam:UpdateAssumeRolePolicy"}


def as_list(v):
    return v if isinstance(v, list) else [v]


def text(v):
    if isinstance(v, dict) and "Fn::Sub" in v:
        return v["Fn::Sub"]
    return v if isinstance(v, str) else json.dumps(v)


def app_roles(app, resources):
    pattern = f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/fleetform/{app}/"
    return all(text(r).startswith(pattern) for r in resources)


def boundary_ok(app, doc):
    allows = [s for s in as_list(doc["Statement"]) if s["Effect"] == "Allow"]
    not_action = [s for s in allows if "NotAction" in s]
    if len(not_action) != 1 or set(as_list(not_action[0]["NotAction"])) != BOUNDARY_NOT_ACTION:
        return False
    own = (f"/fleetform/{app}/", f"/fleetform-deploy/{app}-deploy")
    return all(
        all(any(o in text(r) for o in own) for r in as_list(s["Resource"]))
        for s in allows
        if "Action" in s
    )


def deploy_policy_ok(app, doc, boundary_arn):
    for s in as_list(doc["Statement"]):
        if s["Effect"] != "Allow":
            continue
        granted = set(as_list(s.get("Action", []))) & ESCALATING
        if not granted:
            continue
        if not app_roles(app, as_list(s["Resource"])):
            return False
        if granted & KEYED:
            cond = s.get("Condition", {}).get("StringEquals", {}).get("iam:PermissionsBoundary")
            if text(cond) != boundary_arn:
                return False
    return True


def accepted(template, manifest_app, finding):
    """Why `finding` is accepted, or None."""
    resources = template.get("Resources", {})
    for logical_id in finding.resource_ids or []:
        res = resources.get(logical_id, {})
        if res.get("Type") != "AWS::IAM::ManagedPolicy":
            return None
        doc = res["Properties"]["PolicyDocument"]
        boundary_arn = (
            f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:policy/fleetform/{manifest_app}/"
            f"fleetform-{manifest_app}-boundary"
        )
        if logical_id == "PermissionsBoundary":
            if finding.rule in ("PrivilegeEscalationRule", "IAMRoleWildcardActionOnPolicyRule") and boundary_ok(manifest_app, doc):
                continue
            return None
        if logical_id.startswith("StackDeployPolicy") and finding.rule == "PrivilegeEscalationRule":
            if deploy_policy_ok(manifest_app, doc, boundary_arn):
                continue
        return None
    if not finding.resource_ids:
        return None
    if any(r == "PermissionsBoundary" for r in finding.resource_ids):
        return "permissions boundary (NotAction misread by cfripper; checked: grants no IAM, STS, Organizations or Account action)"
    return "deploy role creates and changes only the app's own roles, and gives policies only to roles carrying the app's boundary (checked)"


def round_thresholds(template):
    for res in template.get("Resources", {}).values():
        props = res.get("Properties", {})
        if res.get("Type") == "AWS::CloudWatch::Alarm" and isinstance(props.get("Threshold"), float):
            props["Threshold"] = round(props["Threshold"])
    return template


root = pathlib.Path(sys.argv[1])
files = []
for manifest in sorted(root.rglob("manifest.json")):
    data = json.loads(manifest.read_text())
    # Stacks, and StackSet admin templates (environment `stackset`).
    for stack in data.get("stacks", []) + data.get("stacksets", []):
        files.append((data["app"], manifest.parent / stack["template"]))
if not files:
    print("cfripper: no stacks in any manifest.json under " + str(root), file=sys.stderr)
    sys.exit(2)
config, processor = init_cfripper(None, None, None, None)
n = ok = unreadable = 0
for app, path in files:
    template = json.loads(path.read_text())
    try:
        model = get_cfmodel(io.StringIO(json.dumps(round_thresholds(json.loads(path.read_text())))))
        result = analyse_template(model, processor, config)
    except Exception as e:  # noqa: BLE001 - any failure to read is a failure of the run
        unreadable += 1
        print(f"UNREADABLE {path}: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
        continue
    for f in result.failures:
        if f.rule not in RULES:
            continue
        why = accepted(template, app, f)
        if why:
            ok += 1
            print(f"ACCEPTED {path}: {f.rule}: {', '.join(sorted(f.resource_ids or []))}: {why}")
        else:
            n += 1
            print(f"FINDING {path}: {f.rule}: {f.reason}")
print(f"cfripper: {len(files)} templates, {n} IAM escalation/over-privilege findings, {ok} accepted, {unreadable} unreadable")
sys.exit(1 if n or unreadable else 0)
PY
