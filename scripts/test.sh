#!/usr/bin/env bash
# The one test command (CI runs exactly this), in two named tiers:
#   fast:  formatting, lints, every Rust test (`cargo test`: unit, one test per fixture, insta
#          goldens, snapshot and docs staleness, determinism, YAML read back, the CLI end to end);
#   judge: the external judges of every snapshot template (cfn-lint, checkov, cfripper) and a
#          moto deploy of every example; each tool is pinned and installed once (needs python3).
# `scripts/test.sh` runs both; `--fast` (or `fast`) only the first, `--judge` (or `judge`) only
# the second. No step builds the crate a second way (`cargo run` after `cargo test` would
# rebuild every dependency with the non-test feature set) but one: the lints of `fleetform`
# without the `aws` feature, the way pipelines install it (`--no-default-features`), which
# only checks the crate itself again.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*" >&2; }

fast() {
    step "fast: cargo fmt --check"
    cargo fmt --check
    step "fast: cargo clippy --all-targets -- -D warnings"
    cargo clippy --all-targets --locked -- -D warnings
    step "fast: cargo clippy --no-default-features --lib --bins -- -D warnings"
    cargo clippy --no-default-features --lib --bins --locked -- -D warnings
    step "fast: cargo test"
    cargo test --locked
}

judge() {
    step "judge: scripts/conformance.sh snapshots (cfn-lint)"
    scripts/conformance.sh snapshots
    step "judge: scripts/checkov.sh snapshots"
    scripts/checkov.sh snapshots
    step "judge: scripts/cfripper.sh snapshots"
    scripts/cfripper.sh snapshots
    step "judge: scripts/moto-deploy-all.sh snapshots"
    scripts/moto-deploy-all.sh snapshots
    # fleetform plan/deploy/status against moto's CloudFormation, with the binary `cargo test`
    # built (target/debug/fleetform).
    step "judge: scripts/moto-cli-deploy.sh"
    scripts/moto-cli-deploy.sh
}

case "${1:-all}" in
    all) fast; judge ;;
    --fast | fast) fast ;;
    --judge | judge) judge ;;
    *)
        echo "usage: scripts/test.sh [--fast | --judge]  (no argument: both tiers)" >&2
        exit 2
        ;;
esac
step "all checks passed (${1:-all})"
