#!/usr/bin/env bash
# fleetform plan, deploy and status against a real CloudFormation API: moto's server.
#
# usage: scripts/moto-cli-deploy.sh
#
# Starts moto's server on 127.0.0.1 and a free port (stopped by its own PID), points fleetform at
# it the standard way (AWS_ENDPOINT_URL, dummy credentials, no profile files) and runs the
# binary ($FLEETFORM, else the newer of target/release/fleetform and target/debug/fleetform) on
# copies of the examples, in us-east-1:
#  1. `deploy` examples/minimal: exit 0; then `plan` exit 0 (no changes) and `status` exit 0;
#  2. a blueprint change (the service's cpu and memory): `plan` exit 1 naming the task
#     definition, `plan --format json` and `--format markdown` too; `deploy` applies it and
#     `plan` is back to 0;
#  3. the largest example moto can create (examples/placement) deploys, then `plan` exits 0;
#  4. a stack made to fail (an SSM parameter its environment stack creates already exists)
#     reports the reason and stops the rest: exit 1, the service stack never started;
#  5. an interrupted deploy (killed once its environment stack is complete) resumes: the re-run
#     skips the up-to-date stacks and deploys the rest (moto is fast: the kill may come after
#     the service stack too, which the re-run then also skips).
# What moto lacks, said where it matters: it applies a change set inside ExecuteChangeSet and
# never rolls back, so a failure comes back as that call's error rather than from stack events
# (event reasons, ROLLBACK_COMPLETE recreation and waiting for a stack in progress are tested
# against a fake CloudFormation in src/cli/deploy/tests.rs); it has no drift detection
# (`status` says "drift unknown"). moto's CloudFormation skips resource types it does not
# implement (ECS capacity providers among them), so the stacks still complete.
# moto lives in the cached venv of scripts/venv.sh (pinned in scripts/requirements-moto.txt).
# LARGEST_EXAMPLE="EXAMPLE ENV REGION" with ONLY_LARGEST=1 runs step 3 alone on another example.
# Exit: 0 every step as expected; 1 a step was not; 2 setup failed.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-}" in
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    "") ;;
    *) sed -n '4p' "$0" | sed 's/^# //' >&2; exit 2 ;;
esac
# The largest example (most stacks and resources) that moto's CloudFormation creates, and
# which of its environments and regions: examples/placement (7 stacks, 95 resources).
# examples/deploy is larger (8 stacks, 105 resources), but moto's load balancers refuse its
# listener certificate (CertificateNotFound: an ACM ARN moto never issued), and fleetform
# deploys templates as built.
read -r large_example large_env large_region <<<"${LARGEST_EXAMPLE:-placement prod us-east-1}"
# Only steps 3 (for trying which example is largest), with ONLY_LARGEST=1.
only_largest="${ONLY_LARGEST:-}"

# shellcheck source=scripts/venv.sh
source "$repo/scripts/venv.sh"
venv="$(tool_venv moto)" || exit 2
python="$venv/bin/python"

bin="${FLEETFORM:-}"
if [[ -z "$bin" ]]; then
    for candidate in "$repo/target/release/fleetform" "$repo/target/debug/fleetform"; do
        if [[ -x "$candidate" && ( -z "$bin" || "$candidate" -nt "$bin" ) ]]; then
            bin="$candidate"
        fi
    done
fi
[[ -n "$bin" && -x "$bin" ]] || { echo "no fleetform binary: run cargo build first" >&2; exit 2; }
# `fleetform` hands plan, deploy and status over to the binary beside it (src/cli/hand_over.rs).
[[ -x "$(dirname "$bin")/fleetform-aws" ]] || { echo "no fleetform-aws beside $bin: run cargo build first" >&2; exit 2; }

work="$(mktemp -d)"
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$python" -m moto.server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 </dev/null &
moto_pid=$!
cleanup() {
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
endpoint="http://127.0.0.1:$port"
if ! "$python" - "$endpoint" <<'PY'
import sys, time, urllib.request
for _ in range(200):
    try:
        urllib.request.urlopen(sys.argv[1] + "/moto-api/data.json", timeout=2)
        sys.exit(0)
    except OSError:
        time.sleep(0.3)
sys.exit(1)
PY
then
    echo "moto server did not start:" >&2
    tail -20 "$work/moto.log" >&2
    exit 2
fi

# The SDK's standard variables only: fleetform has no emulator mode.
export AWS_ENDPOINT_URL="$endpoint"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_CONFIG_FILE="$work/no-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-credentials"
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN
echo "moto on $endpoint; fleetform: $bin"

failures=0
fail() {
    echo "FAIL: $*"
    sed 's/^/  | /' "$work/out" "$work/err" | tail -40
    failures=$((failures + 1))
}
# run WANT NAME ARGS...: runs fleetform (stdout to $work/out, stderr to $work/err) and checks
# its exit code.
run() {
    local want="$1" name="$2" got=0
    shift 2
    "$bin" "$@" --color=never >"$work/out" 2>"$work/err" </dev/null || got=$?
    if [[ "$got" == "$want" ]]; then
        echo "ok: $name (exit $got)"
    else
        fail "$name: exit $got, expected $want"
    fi
}
# has NAME PATTERN FILE: the file (out or err) has a line matching PATTERN.
has() {
    if grep -Eq -- "$2" "$work/$3"; then
        echo "ok: $1"
    else
        fail "$1: no line matching /$2/ in $3"
    fi
}
example() {  # example NAME [APP]: a copy of examples/NAME, its app renamed to APP
    mkdir -p "$work/$2"
    cp -R "$repo/examples/$1/." "$work/$2/"
    if [[ "$1" != "$2" ]]; then
        sed -i.bak -E "s/^app: .*/app: $2/" "$work/$2/app.yaml" && rm -f "$work/$2/app.yaml.bak"
    fi
    echo "$work/$2"
}

if [[ -z "$only_largest" ]]; then
echo "== 1. deploy examples/minimal, then nothing to change"
minimal="$(example minimal hello)"
run 0 "deploy minimal" deploy "$minimal" --env dev --yes
has "both stacks created" '^hello-dev-web \(us-east-1\): CREATE_COMPLETE$' out
has "one plain line per event" '^hello-dev: .*CREATE_COMPLETE' err
run 0 "plan after deploy: no changes" plan "$minimal" --env dev
has "plan says so" '^hello-dev-web \(us-east-1\): no changes$' out
run 0 "status: deployed as built" status "$minimal" --env dev
has "status compares the template" 'hello-dev \(us-east-1\): CREATE_COMPLETE, template as built' out
has "moto has no DetectStackDrift: status says so" 'drift unknown' out

echo "== 2. a blueprint change shows in plan and deploys"
sed -i.bak -e 's/cpu: 256/cpu: 512/' -e 's/memory: 512/memory: 1024/' "$minimal/app.yaml" && rm -f "$minimal/app.yaml.bak"
run 1 "plan after a change" plan "$minimal" --env dev
has "plan names the task definition" '^  ~ TaskDefinition AWS::ECS::TaskDefinition' out
has "the environment stack is unchanged" '^hello-dev \(us-east-1\): no changes$' out
run 1 "plan --format json" plan "$minimal" --env dev --format json
has "json says changes" '"changes": true' out
run 1 "plan --format markdown" plan "$minimal" --env dev --format markdown
has "markdown table row" '^\| ~ \| `TaskDefinition` \|' out
run 0 "deploy the change" deploy "$minimal" --env dev --yes
has "the service stack updated" '^hello-dev-web \(us-east-1\): UPDATE_COMPLETE$' out
has "the environment stack skipped" '^hello-dev \(us-east-1\): up to date$' out
run 0 "plan after the change deployed" plan "$minimal" --env dev
fi

echo "== 3. the largest example moto can create: $large_example ($large_env, $large_region)"
large="$(example "$large_example" "$large_example")"
run 0 "deploy $large_example" deploy "$large" --env "$large_env" --region "$large_region" --yes
echo "   $(grep -c ': CREATE_COMPLETE$' "$work/out") stacks created"
run 0 "plan $large_example after deploy" plan "$large" --env "$large_env" --region "$large_region"
[[ -z "$only_largest" ]] || exit "$((failures > 0))"

echo "== 4. a stack made to fail stops the rest"
broken="$(example minimal broken)"
"$python" - "$endpoint" <<'PY'
import sys, boto3
ssm = boto3.client("ssm", region_name="us-east-1", endpoint_url=sys.argv[1])
# The environment stack publishes this name; CloudFormation must not overwrite it.
ssm.put_parameter(Name="/fleetform/broken/dev/vpc-id", Value="taken", Type="String")
PY
run 1 "deploy with a conflicting resource" deploy "$broken" --env dev --yes --concurrency 1
has "the reason is reported" '^broken-dev \(us-east-1\): failed: .*(ParameterAlreadyExists|already exists)' out
has "the rest is not started" '^broken-dev-web \(us-east-1\): not started$' out
echo "   (moto never rolls back: the reason is ExecuteChangeSet's error, not a stack event)"

echo "== 5. an interrupted deploy resumes"
resume="$(example minimal resume)"
"$bin" deploy "$resume" --env dev --yes --concurrency 1 --color=never >"$work/out" 2>"$work/err" </dev/null &
deploy_pid=$!
for _ in $(seq 1 600); do
    grep -q '^resume-dev: CREATE_COMPLETE$' "$work/err" && break
    kill -0 "$deploy_pid" 2>/dev/null || break
    sleep 0.1
done
kill -INT "$deploy_pid" 2>/dev/null || true
wait "$deploy_pid" 2>/dev/null || true
run 0 "deploy again after the interruption" deploy "$resume" --env dev --yes
has "the environment stack is up to date" '^resume-dev \(us-east-1\): up to date$' out
has "the service stack is deployed" '^resume-dev-web \(us-east-1\): (CREATE_COMPLETE|up to date)$' out
# moto applies a change set inside one fast call, so the kill often lands after the service
# stack is done too ("up to date" above); resuming mid-stack is covered by the fake's tests.
echo "   re-run: $(grep '^resume-dev-web' "$work/out")"
run 0 "plan after the resumed deploy" plan "$resume" --env dev

if [[ "$failures" != 0 ]]; then
    echo "moto-cli-deploy: $failures step(s) failed"
    exit 1
fi
echo "moto-cli-deploy: every step as expected"
