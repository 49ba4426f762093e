#!/usr/bin/env bash
# Conformance: lint every stack template of every build manifest with cfn-lint (pinned in
# scripts/requirements-cfn-lint.txt), against the region the stack deploys to.
#
# usage: scripts/conformance.sh [DIR]     (DIR defaults to snapshots/; any build output works)
#
# Templates are grouped by region: one cfn-lint run per region. cfn-lint lives in a cached venv,
# ${FLEETFORM_CACHE:-$HOME/.cache/fleetform}/cfn-lint, rebuilt when the requirements file or the
# Python version changes (needs python3 with venv, or a system pip >= 22.3). Python is
# ${PYTHON:-python3}.
# Exit: 0 no error-level (E*) finding; 1 errors; 2 usage, nothing to lint or cfn-lint broken.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"

case "${1:-}" in -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[[ $# -le 1 ]] || { sed -n '5p' "$0" | sed 's/^# //' >&2; exit 2; }
dir="${1:-$repo/snapshots}"
[[ -d "$dir" ]] || { echo "conformance: no such directory: $dir" >&2; exit 2; }

# "region<TAB>template" for every stack and StackSet template of every manifest, sorted.
list_stacks() {
    "$python" - "$dir" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
rows = []
for manifest in sorted(root.rglob("manifest.json")):
    data = json.loads(manifest.read_text())
    for stack in data.get("stacks", []):
        template = manifest.parent / stack["template"]
        if not template.is_file():
            sys.exit(f"conformance: {manifest} names a missing template: {template}")
        rows.append(f"{stack['region']}\t{template}")
    # StackSet templates (environment `stackset`), each in its administration region.
    for stackset in data.get("stacksets", []):
        template = manifest.parent / stackset["template"]
        if not template.is_file():
            sys.exit(f"conformance: {manifest} names a missing template: {template}")
        rows.append(f"{stackset['region']}\t{template}")
print("\n".join(sorted(rows)))
PY
}

stacks="$(list_stacks)"
if [[ -z "$stacks" ]]; then
    echo "conformance: no stacks in any manifest.json under $dir" >&2
    exit 2
fi
# shellcheck source=scripts/venv.sh
source "$repo/scripts/venv.sh"
venv="$(tool_venv cfn-lint)" || exit 2
version="$(sed -n 's/^cfn-lint==//p' "$repo/scripts/requirements-cfn-lint.txt")"

failed=0 total=0 summary=()
for region in $(cut -f1 <<<"$stacks" | sort -u); do
    mapfile -t templates < <(awk -F'\t' -v r="$region" '$1 == r { print $2 }' <<<"$stacks")
    total=$((total + ${#templates[@]}))
    echo "conformance: cfn-lint $version, $region: ${#templates[@]} template(s)" >&2
    set +e
    "$venv/bin/cfn-lint" --regions "$region" --non-zero-exit-code error -- "${templates[@]}"
    rc=$?
    set -e
    # cfn-lint's exit code is a bit mask: 1 fatal, 2 error, 4 warning, 8 info.
    if (( rc & 1 )); then echo "conformance: cfn-lint failed to run (exit $rc)" >&2; exit 2; fi
    if (( rc != 0 )); then
        failed=1
        summary+=("$region: FAILED (${#templates[@]} template(s))")
    else
        summary+=("$region: ok (${#templates[@]} template(s))")
    fi
done
printf 'conformance: %s\n' "${summary[@]}" >&2
if (( failed )); then
    echo "conformance: FAILED: error-level cfn-lint findings in $total templates" >&2
    exit 1
fi
echo "conformance: OK: $total templates, no error-level findings" >&2
# The plain closing line CI reads: templates linted, templates failing.
echo "conformance: $total passed, 0 failed"
