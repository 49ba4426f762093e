#!/usr/bin/env bash
# The one test command (CI runs exactly this): formatting, lints, every Rust test (unit,
# fixtures, snapshot staleness, determinism, the CLI end to end), then the external judges of
# every snapshot template (cfn-lint, checkov, cfripper) and a moto deploy. No step builds the
# crate a second way: `cargo run` after `cargo test` would rebuild every dependency with the
# non-test feature set.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*" >&2; }

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings
step "cargo test"
cargo test --locked
step "scripts/conformance.sh snapshots"
scripts/conformance.sh snapshots
step "scripts/checkov.sh snapshots"
scripts/checkov.sh snapshots
step "scripts/cfripper.sh snapshots"
scripts/cfripper.sh snapshots
step "scripts/moto-deploy-all.sh snapshots"
scripts/moto-deploy-all.sh snapshots
step "all checks passed"
