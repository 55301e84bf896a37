#!/usr/bin/env bash
# Takes pictures of the tray menu's clock line (issue 12) for docs/: the PC's
# clock 47 s slow by a time server on 127.0.0.1 (a tiny SNTP responder in
# Python, 47 s ahead), natively on Linux in Japanese and English, and the
# Windows .exe under Wine in Japanese. Not part of CI; like
# scripts/screenshot-tray.sh it installs trayer and the ja/en locales if missing.
#   bash scripts/screenshot-clock.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out_dir="${1:-$root/docs}"
mkdir -p "$out_dir"
command -v trayer >/dev/null || apt-get install -y -qq trayer >/dev/null
if ! locale -a | grep -qi '^ja_JP.utf8$'; then
  apt-get install -y -qq locales >/dev/null
  sed -i 's/^# *\(ja_JP.UTF-8\)/\1/; s/^# *\(en_US.UTF-8\)/\1/' /etc/locale.gen
  locale-gen >/dev/null
fi
cargo build --locked --quiet
cargo build --locked --quiet --target x86_64-pc-windows-gnu
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac

# An SNTP responder 47 s ahead; prints its port, then serves until killed.
responder=$(mktemp)
cat >"$responder" <<'PY'
import socket, struct, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
def ntp(t):
    t += 2208988800
    return struct.pack("!II", int(t), int((t % 1) * 2**32))
while True:
    data, peer = s.recvfrom(512)
    if len(data) < 48:
        continue
    now = time.time() + 47
    reply = bytes([0x24, 1, 6, 0xEC]) + bytes(8) + b"TEST" + ntp(now - 1) + data[40:48] + ntp(now) + ntp(now)
    s.sendto(reply, peer)
PY
python3 -u "$responder" >"$responder.port" &
responder_pid=$!
trap 'kill $responder_pid 2>/dev/null; rm -f "$responder" "$responder.port"' EXIT
sleep 1
port=$(head -1 "$responder.port")

settings_for() { # file
  printf 'hotkey = ""\nbackup_reminder_days = 0\ntime_servers = ["127.0.0.1:%s"]\n' "$port" >"$1"
}

scene() { # lang output-prefix
  local lang=$1 prefix=$2
  scratch=$(mktemp -d)
  mkdir -m 700 "$scratch/run"
  settings_for "$scratch/settings.toml"
  LANG=$lang XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_PASSPHRASE=screenshot TRAYOTP_VAULT="$scratch/vault.trayotp" \
    TRAYOTP_CONFIG="$scratch/settings.toml" \
    xvfb-run -a -s "-screen 0 800x450x24" dbus-run-session -- bash -c '
    set -u
    run() { '"$target_dir/debug/trayotp"' "$@"; }
    for name in "三菱 太郎" "楽天 花子"; do
      run --protector passphrase add "$name" --key JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP >/dev/null
    done
    trayer --edge top --align right --widthtype request --height 28 --SetDockType true \
      --transparent false --tint 0x303030 >/dev/null 2>&1 &
    sleep 2
    run >/dev/null 2>&1 &
    sleep 7
    import -window root -crop 420x200+380+0 "$1-toast.png"
    xdotool mousemove 787 14 click 3
    sleep 2
    import -window root -crop 470x330+330+0 "$1-menu.png"
    xdotool key Escape
    run quit >/dev/null
    sleep 1
  ' scene "$prefix" 2>/dev/null
  rm -rf "$scratch"
}

scene ja_JP.UTF-8 "$out_dir/clock-linux-ja"
scene en_US.UTF-8 "$out_dir/clock-linux-en"

# The .exe under Wine (Japanese): a second start pops the menu up (see
# scripts/screenshot-tray.sh for why).
# shellcheck source=../.ci/wine-env
. .ci/wine-env
scratch=$(mktemp -d)
mkdir -m 700 "$scratch/run"
settings_for "$scratch/settings.toml"
LANG=ja_JP.UTF-8 XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_PASSPHRASE=screenshot TRAYOTP_VAULT="$scratch/vault.trayotp" \
  TRAYOTP_CONFIG="$scratch/settings.toml" \
  xvfb-run -a -s "-screen 0 800x450x24" dbus-run-session -- bash -c '
  exe=$1 out=$2
  run() { "$TRAYOTP_WINE" "$exe" "$@"; }
  for name in "三菱 太郎" "楽天 花子"; do
    run --protector passphrase add "$name" --key JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP >/dev/null
  done
  "$TRAYOTP_WINE" explorer /desktop=shot,800x450 "$exe" >/dev/null 2>&1 &
  sleep 10
  run >/dev/null
  sleep 2
  import -window root -crop 560x300+240+150 "$out-menu.png"
  xdotool key Escape
  run quit >/dev/null
' wine-scene "$target_dir/x86_64-pc-windows-gnu/debug/trayotp.exe" "$out_dir/clock-wine-ja" 2>/dev/null
rm -rf "$scratch"
"$WINESERVER" -k 2>/dev/null || true
ls -1 "$out_dir"/clock-*.png
