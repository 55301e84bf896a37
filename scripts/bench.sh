#!/usr/bin/env bash
# Every figure of docs/benchmarks.md's summary, side by side, in one run of
# the native release build, under Xvfb with a private session bus and an
# unlocked gnome-keyring (as the tests run), keyring vaults:
#   - start-up: from launch until the control channel answers `trayotp
#     status` (the icon is up by then), 1 and 1000 accounts, the first start
#     and the best of the next three;
#   - the lean command line: `trayotp code` and `--version` against
#     `oathtool --totp` (a bare C process), mean of BENCH_RUNS runs;
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

make_vault() { # COUNT VAULT
  for i in $(seq 1 "$1"); do
    echo "otpauth://totp/Bench:account-$i?secret=$key&issuer=Bench"
  done >"$scratch/uris.txt"
  "$exe" --vault "$2" --protector keyring import "$scratch/uris.txt" >/dev/null 2>&1
}

# start_tray VAULT: starts it (pid in $tray_pid), waits until `status`
# answers; the ns taken in $took.
start_tray() {
  local t0 t1
  t0=$(now_ns)
  "$exe" --vault "$1" >/dev/null 2>&1 &
  tray_pid=$!
  until "$exe" --vault "$1" status >/dev/null 2>&1; do sleep 0.002; done
  t1=$(now_ns)
  took=$((t1 - t0))
}
stop_tray() { "$exe" --vault "$1" quit >/dev/null 2>&1; wait "$tray_pid" || true; }

echo "## Start-up: launch until \`trayotp status\` answers (keyring vault)"
echo
printf '| accounts | first start | best of the next 3 |\n| ---: | ---: | ---: |\n'
for count in 1 1000; do
  vault="$scratch/start-$count.trayotp"
  make_vault "$count" "$vault"
  start_tray "$vault"; stop_tray "$vault"
  first=$took
  best=
  for _ in 1 2 3; do
    start_tray "$vault"; stop_tray "$vault"
    if [ -z "$best" ] || [ "$took" -lt "$best" ]; then best=$took; fi
  done
  printf '| %s | %s | %s |\n' "$count" "$(ms "$first")" "$(ms "$best")"
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
