#!/usr/bin/env bash
# Benchmarks `fleetform build` (release build) and prints Markdown; with --readme, writes it into
# README.md between the `<!-- bench:begin -->` and `<!-- bench:end -->` markers. Not part of
# scripts/test.sh: figures depend on the machine, so no test ever fails on a time.
#
#  1. Scale: synthetic apps (benches/synth/generate.rs) of 1, 10, 100 and 1000 services ×
#     2 environments × 3 regions: wall time and peak memory (maximum resident set size), the
#     median of 3 runs each.
#  2. Fixed cost and slope: CPU time (user + system) of the same apps at 1, 10 and 100 services,
#     the median of 11 runs each, fitted to `fixed + slope × services × environments × regions`
#     by least squares.
#  3. The peer comparison: the peer app (`generate::peer`) built by fleetform and by the same app
#     written for troposphere (benches/peer/troposphere_app.py, pinned in
#     scripts/requirements-troposphere.txt), at 10 and 200 services, CPU time of the whole
#     process, the median of 11 runs each, and the ratio.
#  4. When valgrind is installed, the instructions of the builds of 1 and 100 services × 2 × 3
#     and of the peer app at 10 and 200 services (callgrind): the figure a busy machine does not
#     move.
#
# Every build writes into FLEETFORM_BENCH_DIR: by default a tmpfs (/dev/shm) where there is one,
# so that the figures are the tools' own work and not the file system's (on a machine whose disk
# other builds churn, creating a file took 15-100 µs, more than compiling the stack in it); set
# FLEETFORM_BENCH_DIR=/tmp to include a disk. The report names the file system used.
#
# FLEETFORM_BENCH_SIZES overrides the sizes of part 1; FLEETFORM_BENCH_NO_PEER=1 skips part 3.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/venv.sh
source scripts/venv.sh

readme=false
[[ "${1:-}" == "--readme" ]] && readme=true
sizes=(${FLEETFORM_BENCH_SIZES:-1 10 100 1000})
envs=2
regions=3

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --locked --quiet
bin="$target/release/fleetform"
if [[ -z "${FLEETFORM_BENCH_DIR:-}" ]]; then
  FLEETFORM_BENCH_DIR=${TMPDIR:-/tmp}
  if [[ -d /dev/shm && -w /dev/shm && "$(stat -f -c %T /dev/shm 2>/dev/null)" == tmpfs ]]; then
    FLEETFORM_BENCH_DIR=/dev/shm
  fi
fi
work=$(mktemp -d -p "$FLEETFORM_BENCH_DIR")
trap 'rm -rf "$work"' EXIT
fs=$(stat -f -c %T "$work" 2>/dev/null || echo "unknown file system")

synth() { cargo bench --locked --quiet --bench synth -- "$@" >/dev/null; }

# runs N OUT CMD...: runs CMD N times (each into a fresh OUT-i directory, where `{}` in CMD
# stands for it) and prints the median run's "cpu_ms wall_s rss_kib", medians taken per column.
# No output is removed before the end (the EXIT trap): ext4 without a journal (this machine's
# /tmp) checks every candidate inode for a deletion in the last 5–10 s before reusing it, so a
# build right after `rm -rf` of the last one's 12,000 files spent 1–3 s of system time in that
# check (`recently_deleted` in a kernel profile) — the file system's cost, not the build's.
runs() {
  local n="$1" out="$2"; shift 2
  local i args
  for ((i = 1; i <= n; i++)); do
    args=("${@//\{\}/$out-$i}")
    # getrusage of the one child: CPU time to the microsecond (GNU time prints hundredths of a
    # second, coarser than a small build), and its peak resident set size in KiB.
    python3 - "$work/t-$i" "${args[@]}" <<'PY'
import resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
# A difference: the interpreter may have reaped children of its own before this line.
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.monotonic()
subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
wall = time.monotonic() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
user, system = r.ru_utime - before.ru_utime, r.ru_stime - before.ru_stime
open(out, "w").write(f"{user:.6f} {system:.6f} {wall:.4f} {r.ru_maxrss}\n")
PY
  done
  python3 - "$work" "$n" <<'PY'
import statistics, sys
work, n = sys.argv[1], int(sys.argv[2])
rows = [open(f"{work}/t-{i}").read().split()[-4:] for i in range(1, n + 1)]
cpu = statistics.median((float(u) + float(s)) * 1000 for u, s, _, _ in rows)
wall = statistics.median(float(r[2]) for r in rows)
rss = statistics.median(int(r[3]) for r in rows)
print(f"{cpu:.1f} {wall:.2f} {rss}")
PY
}

# 1. Scale.
table="| services | stacks | files written | wall time | peak memory |
| ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  synth "$work/app-$n" "$n" "$envs" "$regions"
  "$bin" --quiet build "$work/app-$n" --out "$work/count-$n"
  files=$(find "$work/count-$n" -type f | wc -l | tr -d ' ')
  stacks=$(find "$work/count-$n" -name '*.config.json' | wc -l | tr -d ' ')
  read -r _ wall rss < <(runs 3 "$work/out-$n" "$bin" --quiet build "$work/app-$n" --out {})
  table+="
| $n | $stacks | $files | ${wall} s | $((rss / 1024)) MiB |"
done

# 2. Fixed cost and slope, in CPU time.
fit_input=""
for n in 1 10 100; do
  [[ -d "$work/app-$n" ]] || synth "$work/app-$n" "$n" "$envs" "$regions"
  read -r cpu _ _ < <(runs 11 "$work/fit-$n" "$bin" --quiet build "$work/app-$n" --out {})
  fit_input+="$((n * envs * regions)) $cpu
"
done
read -r fixed slope < <(python3 -c '
import sys
pts = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
n = len(pts); mx = sum(x for x, _ in pts) / n; my = sum(y for _, y in pts) / n
slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
print(f"{my - slope * mx:.1f} {slope * 1000:.0f}")' <<<"$fit_input")
fit="Fixed cost ${fixed} ms of CPU; ${slope} µs of CPU per service × environment × region (least squares over 1, 10 and 100 services × $envs × $regions, the median of 11 runs each)."

# 3. The peer comparison.
peer=""
if [[ "${FLEETFORM_BENCH_NO_PEER:-}" != 1 ]]; then
  venv=$(tool_venv troposphere)
  peer="| services (peer app) | fleetform CPU | troposphere 4.11.1 CPU | ratio |
| ---: | ---: | ---: | ---: |"
  for n in 10 200; do
    synth "$work/peer-$n" "$n" 1 1 peer
    read -r ff _ _ < <(runs 11 "$work/ff-$n" "$bin" --quiet build "$work/peer-$n" --out {})
    read -r tp _ _ < <(runs 11 "$work/tp-$n" "$venv/bin/python" benches/peer/troposphere_app.py "$n" {})
    ratio=$(python3 -c "print(f'{$tp / max($ff, 1):.0f}×')")
    peer+="
| $n | ${ff} ms | ${tp} ms | $ratio |"
  done
fi

# 4. Instructions, when valgrind is installed: CPU time on a shared VM moves by tens of percent
#    with the neighbours' load; the count of instructions (callgrind, one run each) does not.
instructions=""
if command -v valgrind >/dev/null; then
  count() {
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$@" 2>&1 >/dev/null |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p' |
      python3 -c 'import sys; print(f"{int(sys.stdin.read()) / 1e6:.1f} M")'
  }
  [[ -d "$work/peer-10" ]] || synth "$work/peer-10" 10 1 1 peer
  [[ -d "$work/peer-200" ]] || synth "$work/peer-200" 200 1 1 peer
  instructions="Instructions (callgrind, one run each): 1 service × $envs × $regions: $(count "$bin" --quiet build "$work/app-1" --out "$work/cg-1"), \
100 × $envs × $regions: $(count "$bin" --quiet build "$work/app-100" --out "$work/cg-100"); \
the peer app at 10 services: $(count "$bin" --quiet build "$work/peer-10" --out "$work/cg-p10"), \
at 200: $(count "$bin" --quiet build "$work/peer-200" --out "$work/cg-p200")."
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
note="$envs environments × $regions regions unless said; \`fleetform $($bin --version | cut -d' ' -f2)\`, release build, $(nproc) CPUs${cpu:+ ($cpu)}, $(python3 -V); output written to $FLEETFORM_BENCH_DIR ($fs)."
report="$table

$fit${peer:+

$peer}${instructions:+

$instructions}

$note"
printf '%s\n' "$report"

if $readme; then
  python3 - "$report" <<'PY'
import sys, re
report = sys.argv[1]
text = open("README.md").read()
block = f"<!-- bench:begin -->\n{report}\n<!-- bench:end -->"
new, n = re.subn(r"<!-- bench:begin -->.*?<!-- bench:end -->", lambda _: block, text, flags=re.S)
if n != 1:
    sys.exit("README.md has no bench:begin/bench:end markers")
open("README.md", "w").write(new)
PY
  echo "README.md updated" >&2
fi
