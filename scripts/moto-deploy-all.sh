#!/usr/bin/env bash
# Deployment proof for every example: every environment x region of every app under DIR
# (default snapshots/) is created in its own throw-away moto server (scripts/moto_deploy.py),
# in manifest order, with the same checks as scripts/moto-deploy.sh. An environment with an
# imported network is skipped and says so (its VPC and subnets exist only in a real account);
# what moto lacks is stubbed and named on each stack's line. Pipeline stacks are created per
# region too (`_pipeline`): moto has no CodePipeline or CodeBuild, which are stubbed, so what
# they prove is their IAM stack, roles, buckets and repositories.
#
# usage: scripts/moto-deploy-all.sh [DIR]
# Exit: 0 every environment x region deployed (or skipped); 1 any failed; 2 usage.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-}" in -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
dir="${1:-$repo/snapshots}"
[[ -d "$dir" ]] || { echo "moto-deploy-all: no such directory: $dir" >&2; exit 2; }
# shellcheck source=scripts/venv.sh
source "$repo/scripts/venv.sh"
venv="$(tool_venv moto)" || exit 2
units="$("$venv/bin/python" - "$dir" <<'PY'
import json, pathlib, sys
for manifest in sorted(pathlib.Path(sys.argv[1]).glob("*/manifest.json")):
    seen = []
    for stack in json.loads(manifest.read_text())["stacks"]:
        unit = (stack["environment"] or "_pipeline", stack["region"])
        if unit not in seen:
            seen.append(unit)
    for env, region in seen:
        print(manifest.parent, env, region)
PY
)"
failed=() count=0
while read -r app env region; do
    count=$((count + 1))
    echo "== $(basename "$app") $env $region"
    "$venv/bin/python" "$repo/scripts/moto_deploy.py" --skip-imported "$app" "$env" "$region" ||
        failed+=("$(basename "$app") $env $region")
done <<<"$units"
if ((${#failed[@]})); then
    printf 'moto-deploy-all: FAILED %d of %d: %s\n' "${#failed[@]}" "$count" "${failed[*]}" >&2
    exit 1
fi
echo "moto-deploy-all: OK: $count environment x region units"
