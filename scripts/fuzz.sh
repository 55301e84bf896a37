#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, nightly) for a bounded time,
# as many at once as the machine has cores (TRAYOTP_FUZZ_JOBS), with libFuzzer's memory bounds: no single allocation of
# 512 MiB or more (-malloc_limit_mb) and no more than 2 GiB resident
# (-rss_limit_mb), and inputs up to 1 MiB (-max_len: libFuzzer's default of
# 4 KiB is too short for a JSON file of 10 000 entries, where the readers'
# entry limit starts). A panic, an abort or an allocation over the bound fails
# the run and leaves the input in fuzz/artifacts/<target>/. Usage:
#   scripts/fuzz.sh [SECONDS]              each target for SECONDS (default 15)
#   scripts/fuzz.sh --runs N [TARGET...]   each (or each named) target for N inputs
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

if [ "${1:-}" = "--runs" ]; then
  limit="-runs=$2"
  shift 2
else
  limit="-max_total_time=${1:-15}"
  shift $(( $# > 0 ? 1 : 0 ))
fi
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

start=$(date +%s)
cargo +nightly fuzz build
echo "fuzz: built the targets in $(( $(date +%s) - start )) s"
# Each target is one libFuzzer process on one core: as many run at once as
# the machine has cores (TRAYOTP_FUZZ_JOBS to choose), each with a log of
# its own, printed when it fails.
jobs_max=${TRAYOTP_FUZZ_JOBS:-$(nproc)}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
fuzz_one() {
  local target=$1 log="$logs/$1" start status=0
  mkdir -p "corpus/$target"
  start=$(date +%s)
  cargo +nightly fuzz run "$target" "corpus/$target" -- \
    "$limit" -max_len=1048576 -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=60 -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  local runs rss
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz: $target: $runs inputs in $(( $(date +%s) - start )) s, peak RSS $rss MB (exit $status)"
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log"
  fi
  return "$status"
}
failed=0
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs_max" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
  fuzz_one "$target" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit "$failed"
