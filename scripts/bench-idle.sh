#!/usr/bin/env bash
# Measures the tray at rest, on Linux: CPU time and voluntary context
# switches (all threads) over a quiet minute, and resident memory, with 1, 50
# and 1000 accounts. Runs the release build under Xvfb and a private session
# bus, as the tests do, and prints a Markdown table for docs/benchmarks.md.
#   bash scripts/bench-idle.sh    # IDLE_SECONDS=60, IDLE_COUNTS="1 50 1000" by default
# A measurement, not a test: nothing here passes or fails on a figure.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TRAYOTP_BENCH_INNER:-}" ]; then
  cargo build --release --locked --quiet
  exec env TRAYOTP_BENCH_INNER=1 xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash "$0" "$@"
fi

seconds=${IDLE_SECONDS:-60}
target_dir=${CARGO_TARGET_DIR:-target}
exe="$target_dir/release/trayotp"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/run"
export XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_PASSPHRASE="benchmark passphrase"
tick=$(getconf CLK_TCK)

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
switches() { cat /proc/"$1"/task/*/status | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s }'; }
rss_kib() { awk -v field="$2" '$1 == field ":" { print $2 }' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

printf '| accounts | CPU time in %s s idle | voluntary context switches in %s s | resident (all) | resident (private: RssAnon) |\n' "$seconds" "$seconds"
printf '| ---: | ---: | ---: | ---: | ---: |\n'
for count in ${IDLE_COUNTS:-1 50 1000}; do
  vault="$scratch/vault-$count.trayotp"
  for i in $(seq 1 "$count"); do
    echo "otpauth://totp/Bench:account-$i?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Bench"
  done >"$scratch/uris-$count.txt"
  "$exe" --vault "$vault" --protector passphrase import "$scratch/uris-$count.txt" >/dev/null 2>&1
  "$exe" --vault "$vault" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    ls "$XDG_RUNTIME_DIR"/trayotp/*.sock >/dev/null 2>&1 && break
    sleep 0.1
  done
  sleep 3 # let start-up settle
  cpu0=$(cpu_ticks "$pid") sw0=$(switches "$pid")
  sleep "$seconds"
  cpu1=$(cpu_ticks "$pid") sw1=$(switches "$pid") rss=$(rss_kib "$pid" VmRSS) anon=$(rss_kib "$pid" RssAnon)
  "$exe" --vault "$vault" quit >/dev/null
  wait "$pid" || true
  rm -f "$XDG_RUNTIME_DIR"/trayotp/*
  printf '| %s | %s ms | %s | %s MiB | %s MiB |\n' "$count" "$(( (cpu1 - cpu0) * 1000 / tick ))" "$(( sw1 - sw0 ))" \
    "$(mib "$rss")" "$(mib "$anon")"
done
