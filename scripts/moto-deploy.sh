#!/usr/bin/env bash
# Deployment proof: create one environment x region of a build in a local moto server.
#
# usage: scripts/moto-deploy.sh [--timeout S] APP_DIR ENVIRONMENT REGION
#        e.g. scripts/moto-deploy.sh snapshots/grocery test us-east-1
#
# Creates the environment stack, then every service stack, with their configuration files'
# parameters and tags, in a throw-away moto server on 127.0.0.1 (stopped by its PID), and checks
# every stack is CREATE_COMPLETE, every SSM-typed parameter resolved to what the environment
# stack published, every ECS service runs in the environment's cluster, and every IAM role and
# Route 53 record set exists as the template says (scripts/moto_deploy.py).
# moto (pinned in scripts/requirements-moto.txt) lives in a cached venv,
# ${FLEETFORM_CACHE:-$HOME/.cache/fleetform}/moto (scripts/venv.sh; first run ~1 min).
# Exit: 0 ok; 1 a stack or a check failed; 2 usage error or the server did not start.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-}" in
    "") sed -n '4p' "$0" | sed 's/^# //' >&2; exit 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
# shellcheck source=scripts/venv.sh
source "$repo/scripts/venv.sh"
venv="$(tool_venv moto)" || exit 2
exec "$venv/bin/python" "$repo/scripts/moto_deploy.py" "$@"
