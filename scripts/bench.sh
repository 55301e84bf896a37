#!/usr/bin/env bash
# Every figure of docs/benchmarks.md's summary, side by side, in one run of
# the native release build, under Xvfb with a private session bus and an
# unlocked gnome-keyring (as the tests run), keyring vaults:
#   - start-up: from launch until the control channel answers `trayotp
#     status` (the icon is up by then), 1 and 1000 accounts, each with its
#     own key (the count printed is what `trayotp list` finds in the vault),
#     the first start and the best of the next three, and the tray's CPU
#     time until then (user + system, from /proc; steady when other work
#     shares the machine, which the wall clock is not);
#   - the lean command line: `trayotp code` and `--version` against
#     `oathtool --totp` (a bare C process), mean of BENCH_RUNS runs; and
#     `trayotp code` alone and answered by a running tray, median of
#     BENCH_RUNS runs each timed alone, with the ratio to oathtool;
#     `trayotp-gui --version` for what the GUI executable costs to load;
#   - idle: a quiet IDLE_SECONDS (default 60) with the default hotkey on,
#     every thread counted (scripts/lib/idle.py), for trayotp and for
#     OTPClient (Debian's `otpclient`, another GTK authenticator) started
#     with a throw-away HOME as the peer.
#   bash scripts/bench.sh
# A measurement, not a test: nothing here passes or fails on a figure.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TRAYOTP_BENCH_INNER:-}" ]; then
  cargo build --release --locked --quiet
  scratch=$(mktemp -d)
  mkdir -p "$scratch/data" "$scratch/run"
  chmod 700 "$scratch/run"
  status=0
  XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_BENCH_INNER=1 \
    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    bash scripts/lib/with-keyring.sh bash "$0" "$@" || status=$?
  rm -rf "$scratch"
  exit $status
fi

seconds=${IDLE_SECONDS:-60}
runs=${BENCH_RUNS:-200}
target_dir=${CARGO_TARGET_DIR:-target}
exe="$target_dir/release/trayotp"
gui="$target_dir/release/trayotp-gui"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export TRAYOTP_CONFIG="$scratch/settings.toml" XDG_CONFIG_HOME="$scratch/xdg-config"
unset TRAYOTP_PASSPHRASE TRAYOTP_VAULT
key=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP
now_ns() { date +%s%N; }
ms() { awk -v ns="$1" 'BEGIN { printf "%.1f ms", ns / 1e6 }'; }

# A distinct key per account (the import keeps only one account per key):
# 16 fixed Base32 characters, then the number as 8 more (digit d -> letter d).
key_for() { printf '%s%s' "${key:0:16}" "$(printf '%08d' "$1" | tr 0-9 A-J)"; }
# make_vault COUNT VAULT: COUNT accounts, or the script stops; sets $held.
make_vault() {
  for i in $(seq 1 "$1"); do
    echo "otpauth://totp/Bench:account-$i?secret=$(key_for "$i")&issuer=Bench"
  done >"$scratch/uris.txt"
  "$exe" --vault "$2" --protector keyring import "$scratch/uris.txt" >/dev/null 2>&1
  held=$("$exe" --vault "$2" list | wc -l)
  if [ "$held" -ne "$1" ]; then
    echo "bench: the vault holds $held accounts, not $1" >&2
    exit 1
  fi
}

# The CPU time (user + system, ms) of process $1 and its children so far:
# unlike the wall clock, it does not grow when other builds share the cores.
cpu_ms() {
  local ticks=0 pid fields
  for pid in "$1" $(pgrep -P "$1"); do
    read -r -a fields < <(cut -d' ' -f14,15 "/proc/$pid/stat" 2>/dev/null || echo "0 0")
    ticks=$((ticks + fields[0] + fields[1]))
  done
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

# start_tray VAULT: starts it (pid in $tray_pid), waits until `status`
# answers; the ns taken in $took, the tray's CPU ms by then in $cpu.
start_tray() {
  local t0 t1
  t0=$(now_ns)
  "$exe" --vault "$1" >/dev/null 2>&1 &
  tray_pid=$!
  until "$exe" --vault "$1" status >/dev/null 2>&1; do sleep 0.002; done
  t1=$(now_ns)
  took=$((t1 - t0))
  cpu=$(cpu_ms "$tray_pid")
}
stop_tray() { "$exe" --vault "$1" quit >/dev/null 2>&1; wait "$tray_pid" || true; }

echo "## Start-up: launch until \`trayotp status\` answers (keyring vault)"
echo
printf '| accounts in the vault | first start | best of the next 3 | CPU until ready, median of the next 3 |\n'
printf '| ---: | ---: | ---: | ---: |\n'
for count in 1 1000; do
  vault="$scratch/start-$count.trayotp"
  make_vault "$count" "$vault"
  start_tray "$vault"; stop_tray "$vault"
  first=$took
  best=
  cpus=()
  for _ in 1 2 3; do
    start_tray "$vault"; stop_tray "$vault"
    if [ -z "$best" ] || [ "$took" -lt "$best" ]; then best=$took; fi
    cpus+=("$cpu")
  done
  median=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n 2p)
  printf '| %s | %s | %s | %s ms |\n' "$held" "$(ms "$first")" "$(ms "$best")" "$median"
done

echo
echo "## The command line: mean of $runs runs"
echo
vault="$scratch/cli.trayotp"
make_vault 1 "$vault"
name=$("$exe" --vault "$vault" list | head -n 1)
mean() { # LABEL COMMAND...
  local label=$1 t0 t1
  shift
  "$@" >/dev/null 2>&1 || { echo "| $label | failed |"; return; }
  t0=$(now_ns)
  for _ in $(seq 1 "$runs"); do "$@" >/dev/null 2>&1; done
  t1=$(now_ns)
  printf '| %s | %s |\n' "$label" "$(ms $(((t1 - t0) / runs)))"
}
libs() { LD_DEBUG=libs "$@" 2>&1 >/dev/null | grep -c 'calling init:' || true; }
printf '| command | time per run |\n| --- | ---: |\n'
mean "oathtool --totp -b KEY" oathtool --totp -b "$key"
mean "trayotp code NAME (keyring vault)" "$exe" --vault "$vault" code "$name"
mean "trayotp --version" "$exe" --version
mean "trayotp-gui --version (the GUI executable)" "$gui" --version
echo
# median_ns COMMAND...: each run timed alone, the median of $runs (ns).
median_ns() {
  local t0 t1
  for _ in $(seq 1 "$runs"); do
    t0=$(now_ns)
    "$@" >/dev/null 2>&1
    t1=$(now_ns)
    echo $((t1 - t0))
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
echo "### \`trayotp code\` with a tray running (it holds the keyring's key): median of $runs runs"
echo
oath=$(median_ns oathtool --totp -s 60 -b "$key")
alone=$(median_ns "$exe" --vault "$vault" code "$name")
start_tray "$vault"
served=$("$exe" --vault "$vault" code "$name" --json)
via_tray=$(median_ns "$exe" --vault "$vault" code "$name")
stop_tray "$vault"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }
printf '| command | median | against oathtool |\n| --- | ---: | ---: |\n'
printf '| oathtool --totp -s 60 -b KEY | %s | 1.0× |\n' "$(ms "$oath")"
printf '| trayotp code NAME, no tray (opens the keyring itself) | %s | %s |\n' "$(ms "$alone")" "$(ratio "$alone" "$oath")"
printf '| trayotp code NAME, the tray answers | %s | %s |\n' "$(ms "$via_tray")" "$(ratio "$via_tray" "$oath")"
echo
# Its digits never go into the output (this page is published).
echo "(The tray's answer, checked once, its digits left out: $(echo "$served" | tr -d '\n' | sed 's/"code": *"[0-9]*"/"code": "…"/').)"
echo
echo "Shared libraries initialised (LD_DEBUG=libs): trayotp code $(libs "$exe" --vault "$vault" code "$name")," \
  "trayotp --version $(libs "$exe" --version), trayotp-gui --version $(libs "$gui" --version), oathtool $(libs oathtool --totp -b "$key")."

echo
echo "## Idle: $seconds s, every thread counted"
echo
printf '| program | threads | CPU ticks (ms) | voluntary switches | nonvoluntary | busiest thread (switches) |\n'
printf '| --- | ---: | ---: | ---: | ---: | --- |\n'
for count in 1 1000; do
  vault="$scratch/start-$count.trayotp"
  start_tray "$vault"
  sleep 3
  /usr/bin/python3 scripts/lib/idle.py "$seconds" "trayotp, $count account(s), hotkey $("$exe" settings get hotkey 2>/dev/null | tr -d '\n')" "$tray_pid"
  stop_tray "$vault"
done
if command -v otpclient >/dev/null; then
  mkdir -p "$scratch/otpclient-home"
  HOME="$scratch/otpclient-home" XDG_CONFIG_HOME="$scratch/otpclient-home/.config" \
    XDG_DATA_HOME="$scratch/otpclient-home/.local/share" otpclient >/dev/null 2>&1 &
  peer=$!
  sleep 5
  /usr/bin/python3 scripts/lib/idle.py "$seconds" "OTPClient $(dpkg-query -W -f='${Version}' otpclient 2>/dev/null) (its first-start dialog open)" "$peer"
  kill "$peer" 2>/dev/null || true
  wait "$peer" 2>/dev/null || true
else
  echo "| OTPClient | not installed (\`apt-get install otpclient\`) | | | | |"
fi
