#!/usr/bin/env bash
# Fuzz decode + compile for a bounded time.
#
# usage: scripts/fuzz.sh [SECONDS]      (default 60)
#
# With cargo-fuzz (`cargo install cargo-fuzz`), runs libFuzzer on fuzz/fuzz_targets/compile.rs,
# starting from fuzz/seeds/compile/ (copied into the working corpus fuzz/corpus/compile/, which
# is not committed); crashes land in fuzz/artifacts/compile/. On the stable toolchain it runs
# without a sanitizer (`-s none`, which needs no nightly); with a nightly toolchain, with
# AddressSanitizer. The first build takes about 12 minutes on 2 cores.
# Without cargo-fuzz, runs the same property (fuzz/compile_any.rs) through tests/fuzz.rs with
# 200,000 deterministic mutations and the property tests with 20,000 cases each.
# CI runs tests/fuzz.rs with 10,000 mutations on every build.
# Exit: 0 nothing found; non-zero a crash (or a failing property).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
case "$seconds" in -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { sed -n '4p' "$0" | sed 's/^# //' >&2; exit 2; }

if command -v cargo-fuzz >/dev/null; then
    mkdir -p "$repo/fuzz/corpus/compile"
    cp -n "$repo"/fuzz/seeds/compile/* "$repo/fuzz/corpus/compile/" 2>/dev/null || true
    cd "$repo/fuzz"
    toolchain=() sanitizer=none
    if cargo +nightly --version >/dev/null 2>&1; then toolchain=(+nightly) sanitizer=address; fi
    # -rss_limit_mb: a blueprint that needs more than this to compile is a bug worth seeing.
    exec cargo "${toolchain[@]}" fuzz run -s "$sanitizer" compile corpus/compile -- \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10
fi
echo "fuzz: no cargo-fuzz; running the fuzz property on mutations and the property tests instead" >&2
cd "$repo"
FLEETFORM_FUZZ_RUNS="${FLEETFORM_FUZZ_RUNS:-200000}" cargo test --test fuzz
FLEETFORM_PROPTEST_CASES="${FLEETFORM_PROPTEST_CASES:-20000}" \
    exec cargo test --test properties never_panic
