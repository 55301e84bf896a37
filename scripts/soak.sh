#!/usr/bin/env bash
# The tray's soak test (issue 21, item 8): a running tray with 1 000 accounts
# (distinct keys, a keyring vault as users have) answers REQUESTS requests
# (copy, status and reload in turn) from 8 parallel clients over its control
# channel (examples/soak.rs). It prints the failed requests and the tray's
# resident memory, open descriptors and threads before and after, and the
# time of one copy before and one afterwards. Figures go in docs/benchmarks.md.
#   bash scripts/soak.sh            100 000 requests (the figures)
#   bash scripts/soak.sh --short    10 000 requests: what scripts/test.sh runs
# Fails (exit 1) if a request failed, a copy before or after failed, or the
# tray holds more descriptors after than before. Runs under Xvfb with a private session
# bus and an unlocked gnome-keyring, as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=100000
if [ "${1:-}" = "--short" ]; then
  requests=10000
fi
clients=8
accounts=1000

if [ -z "${TRAYOTP_SOAK_INNER:-}" ]; then
  cargo build --locked --quiet --bin trayotp --bin trayotp-gui --example soak
  scratch=$(mktemp -d)
  mkdir -p "$scratch/data" "$scratch/run"
  chmod 700 "$scratch/run"
  status=0
  XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_SOAK_INNER=1 \
    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    bash scripts/lib/with-keyring.sh bash "$0" "$@" || status=$?
  rm -rf "$scratch"
  exit $status
fi

target_dir=${CARGO_TARGET_DIR:-target}
exe="$target_dir/debug/trayotp"
client="$target_dir/debug/examples/soak"
scratch=$(mktemp -d)
tray_pid=""
cleanup() {
  if [ -n "$tray_pid" ]; then
    "$exe" --vault "$vault" quit >/dev/null 2>&1 || kill "$tray_pid" 2>/dev/null || true
    wait "$tray_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
vault="$scratch/vault.trayotp"
export TRAYOTP_CONFIG="$scratch/settings.toml" XDG_CONFIG_HOME="$scratch/xdg-config" TRAYOTP_LOG="$scratch/trayotp.log"
unset TRAYOTP_PASSPHRASE TRAYOTP_VAULT
# No hotkey, no reminder, no time server; a copy in a code's last seconds
# answers at once instead of waiting for the next code.
printf 'hotkey = ""\nbackup_reminder_days = 0\ntime_check = "off"\nlast_seconds_policy = "copy-anyway"\n' >"$TRAYOTP_CONFIG"

python3 - "$accounts" >"$scratch/uris.txt" <<'PY'
import base64, os, sys
for i in range(1, int(sys.argv[1]) + 1):
    key = base64.b32encode(os.urandom(20)).decode().rstrip("=")
    # No issuer: the account is named exactly account-N (examples/soak.rs).
    print(f"otpauth://totp/account-{i}?secret={key}")
PY
"$exe" --vault "$vault" --protector keyring import "$scratch/uris.txt" >/dev/null
"$exe" --vault "$vault" >"$scratch/tray.out" 2>&1 &
tray_pid=$!
for _ in $(seq 1 600); do
  "$exe" --vault "$vault" status >/dev/null 2>&1 && break
  sleep 0.1
done
# The lean executable runs the GUI one in its place (exec): same pid.
gui_pid=$tray_pid

echo "soak: $requests requests from $clients clients, $accounts accounts, tray pid $gui_pid"
out="$scratch/soak.out"
status=0
"$client" "$vault" "$gui_pid" "$requests" "$clients" "$accounts" | tee "$out" || status=$?
get() { grep "^$1=" "$out" | cut -d= -f2; }
if [ "$status" -ne 0 ]; then
  echo "soak: FAILED: $(get failed) request(s) failed"
  exit 1
fi
if [ "$(get fds_after)" -gt "$(get fds_before)" ]; then
  echo "soak: FAILED: the tray holds $(get fds_after) descriptors after, $(get fds_before) before"
  exit 1
fi
echo "soak: ok"
