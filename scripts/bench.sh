#!/usr/bin/env bash
# Times `fleetform build` (release build) of synthetic apps of 1, 10, 100 and 1000 services ×
# 2 environments × 3 regions with /usr/bin/time -v (wall time and maximum resident set size,
# the median of 3 runs), and the example app (median of 5),
# prints a Markdown table and, with --readme, writes it into README.md between the
# `<!-- bench:begin -->` and `<!-- bench:end -->` markers. The apps come from
# benches/synth/generate.rs (`cargo bench --bench synth -- DIR N E R`). Not part of
# scripts/test.sh: figures depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

readme=false
[[ "${1:-}" == "--readme" ]] && readme=true
sizes=(${FLEETFORM_BENCH_SIZES:-1 10 100 1000})
envs=2
regions=3

[[ -x /usr/bin/time ]] || { echo "error: needs GNU time at /usr/bin/time" >&2; exit 2; }
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --locked --quiet
bin="$target/release/fleetform"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

table="| services | stacks | files written | wall time | max RSS |
| ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  cargo bench --locked --quiet --bench synth -- "$work/app-$n" "$n" "$envs" "$regions" >/dev/null
  # The median of 3 runs, each into a new directory: a shared VM's disk and page reclaim make
  # single runs of thousands of file writes noisy.
  for i in 1 2 3; do
    /usr/bin/time -v -o "$work/time-$n-$i" "$bin" --quiet build "$work/app-$n" --out "$work/out-$n-$i"
  done
  median=$(for i in 1 2 3; do
    printf '%s %s\n' "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time-$n-$i")" "$i"
  done | sort | sed -n 2p | cut -d' ' -f2)
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time-$n-$median")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time-$n-$median")
  files=$(find "$work/out-$n-1" -type f | wc -l | tr -d ' ')
  stacks=$(find "$work/out-$n-1" -name '*.config.json' | wc -l | tr -d ' ')
  table+="
| $n | $stacks | $files | $wall | $((rss / 1024)) MiB |"
  rm -rf "$work/out-$n"-* "$work/app-$n"
done

# The example app, end to end (process start to files written): the median of 5 runs.
example_runs=()
for i in 1 2 3 4 5; do
  /usr/bin/time -f '%e' -o "$work/time-example" "$bin" --quiet build blueprints/grocery --out "$work/out-example-$i"
  example_runs+=("$(cat "$work/time-example")")
done
example=$(printf '%s\n' "${example_runs[@]}" | sort -n | sed -n 3p)
example_stacks=$(find "$work/out-example-1" -name '*.config.json' | wc -l | tr -d ' ')
table+="

The example app (\`blueprints/grocery\`, $example_stacks stacks): ${example} s, the median of 5 runs."

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
note="$envs environments × $regions regions; \`fleetform $($bin --version | cut -d' ' -f2)\`, release build, $(nproc) CPUs${cpu:+ ($cpu)}."
printf '%s\n\n%s\n' "$table" "$note"

if $readme; then
  python3 - "$table" "$note" <<'PY'
import sys, re
table, note = sys.argv[1], sys.argv[2]
text = open("README.md").read()
block = f"<!-- bench:begin -->\n{table}\n\n{note}\n<!-- bench:end -->"
new, n = re.subn(r"<!-- bench:begin -->.*?<!-- bench:end -->", lambda _: block, text, flags=re.S)
if n != 1:
    sys.exit("README.md has no bench:begin/bench:end markers")
open("README.md", "w").write(new)
PY
  echo "README.md updated" >&2
fi
