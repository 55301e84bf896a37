#!/usr/bin/env bash
# Measures the tray at rest: CPU time (utime + stime) and context switches
# (voluntary and nonvoluntary) summed over EVERY thread over a quiet minute,
# the busiest thread by name, and resident memory. With the default hotkey
# (Ctrl+Alt+O) on, a keyring vault of 1 and 1000 accounts.
#   bash scripts/bench-idle.sh            # native release build, Xvfb + session bus + gnome-keyring
#   BENCH_WINE=1 bash scripts/bench-idle.sh   # also the Windows release build under Wine
# IDLE_SECONDS (default 60) and IDLE_COUNTS (default "1 1000") change the run.
# Prints Markdown tables for docs/benchmarks.md. A measurement, not a test:
# nothing here passes or fails on a figure.
#
# Under Wine a Windows process is a Linux process (its threads are the
# program's threads plus Wine's own in-process ones); wineserver is a
# separate process that every Wine process talks to, and the prefix runs
# its own services (explorer.exe for the notification area, services.exe,
# ...). The Wine table counts the trayotp process (all threads), wineserver,
# and the prefix's other processes, each on its own row, and the same
# prefix with no trayotp running as the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TRAYOTP_BENCH_INNER:-}" ]; then
  cargo build --release --locked --quiet
  if [ -n "${BENCH_WINE:-}" ]; then
    cargo build --release --locked --quiet --target x86_64-pc-windows-gnu
  fi
  scratch=$(mktemp -d)
  mkdir -p "$scratch/data" "$scratch/run"
  chmod 700 "$scratch/run"
  XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_BENCH_INNER=1 \
    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    bash scripts/lib/with-keyring.sh bash "$0" "$@"
  status=$?
  rm -rf "$scratch"
  exit $status
fi

seconds=${IDLE_SECONDS:-60}
target_dir=${CARGO_TARGET_DIR:-target}
exe="$target_dir/release/trayotp"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export TRAYOTP_CONFIG="$scratch/settings.toml" XDG_CONFIG_HOME="$scratch/xdg-config"
unset TRAYOTP_PASSPHRASE TRAYOTP_VAULT

rss_mib() { awk '$1 == "VmRSS:" { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status"; }

# make_uris COUNT FILE: COUNT otpauth:// lines.
make_uris() {
  for i in $(seq 1 "$1"); do
    echo "otpauth://totp/Bench:account-$i?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Bench"
  done >"$2"
}

echo "Native (release build, keyring vault, hotkey $("$exe" settings get hotkey 2>/dev/null || echo on)), $seconds s idle, all threads:"
echo
printf '| accounts | threads | CPU ticks (ms) | voluntary switches | nonvoluntary | busiest thread (switches) | resident |\n'
printf '| ---: | ---: | ---: | ---: | ---: | --- | ---: |\n'
for count in ${IDLE_COUNTS:-1 1000}; do
  vault="$scratch/vault-$count.trayotp"
  make_uris "$count" "$scratch/uris-$count.txt"
  "$exe" --vault "$vault" --protector keyring import "$scratch/uris-$count.txt" >/dev/null 2>&1
  "$exe" --vault "$vault" >/dev/null 2>&1 &
  pid=$!
  until "$exe" --vault "$vault" status >/dev/null 2>&1; do sleep 0.05; done
  sleep 3 # let start-up settle
  row=$(/usr/bin/python3 scripts/lib/idle.py "$seconds" "$count" "$pid")
  echo "$row $(rss_mib "$pid") |"
  "$exe" --vault "$vault" quit >/dev/null
  wait "$pid" || true
done

[ -n "${BENCH_WINE:-}" ] || exit 0

# shellcheck source=../.ci/wine-env
. .ci/wine-env
wine_exe="$target_dir/x86_64-pc-windows-gnu/release/trayotp.exe"
wine_gui="$target_dir/x86_64-pc-windows-gnu/release/trayotp-gui.exe"
# The Linux pids of the prefix's processes whose program is $1: matched on
# the program's file name in argv[0] (Wine's services run as
# C:\windows\system32\NAME.exe). Not on comm: a Rust program names its main
# thread "main", and Wine passes that on to the Linux thread name.
wine_pids() {
  local p program
  for p in /proc/[0-9]*; do
    [ "$(tr '\0' '\n' <"$p/environ" 2>/dev/null | grep -c "^WINEPREFIX=$WINEPREFIX\$")" = 1 ] || continue
    program=$(tr '\0' '\n' <"$p/cmdline" 2>/dev/null | head -n 1) || continue
    program=${program##*[/\\]}
    [ "${program,,}" = "${1,,}" ] && echo "${p#/proc/}"
  done
  return 0
}
wineserver_pid() { pgrep -x -u "$(id -u)" 'wineserver.*' | head -1 || true; }
others() { for c in explorer.exe services.exe winedevice.exe plugplay.exe svchost.exe rpcss.exe conhost.exe; do wine_pids "$c"; done; }
# row LABEL PID...: one table row, or "not running" when no process matched.
row() {
  local label=$1
  shift
  if [ $# -eq 0 ]; then
    printf '| %s | not running | | | | |\n' "$label"
  else
    /usr/bin/python3 scripts/lib/idle.py "$seconds" "$label" "$@"
  fi
}

# side_by_side LABEL WITH PID...: over the same quiet window, the rows of
# the program (PIDs), of wineserver and of the prefix's services while it
# runs ("wineserver, with WITH").
side_by_side() {
  local label=$1 with=$2 jobs
  shift 2
  row "$label" "$@" >"$scratch/row1" &
  jobs=$!
  # shellcheck disable=SC2046
  row "wineserver, with $with" $(wineserver_pid) >"$scratch/row2" &
  jobs="$jobs $!"
  # shellcheck disable=SC2046
  row "the prefix's services, with $with" $(others) >"$scratch/row3" &
  jobs="$jobs $!"
  # shellcheck disable=SC2086
  wait $jobs
  cat "$scratch/row1" "$scratch/row2" "$scratch/row3"
}

"$TRAYOTP_WINE" wineboot -i >/dev/null 2>&1 || true
sleep 5
echo
echo "Windows release build under Wine ($("$TRAYOTP_WINE" --version 2>/dev/null)), DPAPI vault, hotkey on, $seconds s idle:"
echo
printf '| process | threads | CPU ticks (ms) | voluntary switches | nonvoluntary | busiest thread (switches) |\n'
printf '| --- | ---: | ---: | ---: | ---: | --- |\n'
# The baseline: the same prefix kept up by Wine's own notepad.exe, idle (a
# window, no tray): what any program costs under Wine.
"$TRAYOTP_WINE" notepad >/dev/null 2>&1 &
notepad=$!
sleep 8
# shellcheck disable=SC2046
side_by_side "notepad.exe (baseline: Wine's own, idle)" "notepad" $(wine_pids notepad.exe)
kill "$notepad" 2>/dev/null || true
"$WINESERVER" -k 2>/dev/null || true
wait "$notepad" 2>/dev/null || true
sleep 2
vault="$scratch/wine-vault.trayotp"
make_uris 1 "$scratch/uris-wine.txt"
"$TRAYOTP_WINE" "$wine_exe" --vault "$vault" import "$scratch/uris-wine.txt" >/dev/null 2>&1
"$TRAYOTP_WINE" "$wine_gui" --vault "$vault" >/dev/null 2>&1 &
for _ in $(seq 1 300); do
  "$TRAYOTP_WINE" "$wine_exe" --vault "$vault" status >/dev/null 2>&1 && break
  sleep 0.2
done
sleep 5
pid=$(wine_pids trayotp-gui.exe | head -1)
# shellcheck disable=SC2086
side_by_side "trayotp-gui.exe (the tray)" "the tray" $pid
"$TRAYOTP_WINE" "$wine_exe" --vault "$vault" quit >/dev/null 2>&1 || true
