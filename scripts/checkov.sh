#!/usr/bin/env bash
# Security scan: checkov (pinned in scripts/requirements-checkov.txt) over every stack and StackSet
# template of every build manifest, cloudformation framework only, offline.
#
# usage: scripts/checkov.sh [DIR]     (DIR defaults to snapshots/; any build output works)
#
# Prints one line per failed check, per skipped check (with the reason fleetform wrote into the
# resource's Metadata.checkov.skip) and per template checkov could not parse, then a summary.
# checkov lives in a cached venv, ${FLEETFORM_CACHE:-$HOME/.cache/fleetform}/checkov (see
# scripts/venv.sh; first run ~1 min). Skipped checks and why: SECURITY.md.
# Exit: 0 no failed check; 1 failed checks or unparsable templates; 2 usage, nothing to scan or
# checkov broken.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"

case "${1:-}" in -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[[ $# -le 1 ]] || { sed -n '5p' "$0" | sed 's/^# //' >&2; exit 2; }
dir="${1:-$repo/snapshots}"
[[ -d "$dir" ]] || { echo "checkov: no such directory: $dir" >&2; exit 2; }

# Every template named by a manifest, stacks' and StackSets' (config files and manifests are not
# templates).
mapfile -t templates < <("$python" - "$dir" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
for manifest in sorted(root.rglob("manifest.json")):
    data = json.loads(manifest.read_text())
    for stack in data.get("stacks", []) + data.get("stacksets", []):
        template = manifest.parent / stack["template"]
        if not template.is_file():
            sys.exit(f"checkov: {manifest} names a missing template: {template}")
        print(template)
PY
)
if [[ ${#templates[@]} -eq 0 ]]; then
    echo "checkov: no stacks in any manifest.json under $dir" >&2
    exit 2
fi

# shellcheck source=scripts/venv.sh
source "$repo/scripts/venv.sh"
venv="$(tool_venv checkov)" || exit 2

args=()
for t in "${templates[@]}"; do args+=(-f "$t"); done
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
set +e
"$venv/bin/checkov" "${args[@]}" --framework cloudformation --skip-download --compact \
    -o json >"$report"
rc=$?
set -e
# checkov: 0 = no failed check, 1 = failed checks, anything else = it broke.
if [[ $rc -gt 1 || ! -s "$report" ]]; then
    echo "checkov: checkov failed to run (exit $rc)" >&2
    exit 2
fi
"$venv/bin/python" - "$report" "$dir" "${#templates[@]}" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
reports = data if isinstance(data, list) else [data]
root, count = sys.argv[2].rstrip("/") + "/", sys.argv[3]
total = {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0}
def where(path):
    return path.split(root, 1)[-1].lstrip("/")
for rep in reports:
    if "results" not in rep:
        continue
    res = rep["results"]
    for c in res.get("failed_checks", []):
        print(f"FAILED  {c['check_id']}  {c['resource']}  {where(c['file_path'])}  {c['check_name']}")
    for c in res.get("skipped_checks", []):
        why = c["check_result"].get("suppress_comment") or "(no reason given)"
        print(f"SKIPPED {c['check_id']}  {c['resource']}  {where(c['file_path'])}  {why}")
    for f in res.get("parsing_errors", []):
        print(f"UNPARSABLE {f}")
    for k in total:
        total[k] += rep["summary"].get(k, 0)
version = next((r["summary"].get("checkov_version") for r in reports if "summary" in r), "?")
print("checkov {}: {} templates: passed {passed}, failed {failed}, skipped {skipped}, "
      "parsing errors {parsing_errors}".format(version, count, **total), file=sys.stderr)
sys.exit(1 if total["failed"] or total["parsing_errors"] else 0)
PY
