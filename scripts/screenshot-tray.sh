#!/usr/bin/env bash
# Takes pictures of the tray as a person sees it, for docs/ (not part of CI;
# installs trayer and the ja/en UTF-8 locales if missing):
# natively on Linux (the menu in Japanese and English, a toast shown by dunst)
# and the Windows .exe under Wine (the menu, with the status line Wine's
# missing toasts fall back to). Each runs under Xvfb with `trayer` as the
# notification area and a private session bus.
# And the first start (an empty vault): Add account opens, the toast (the
# tooltip under Wine) says where trayotp lives.
#   bash scripts/screenshot-tray.sh [OUT_DIR]
# And "menu60": the .exe under Wine with 60 accounts on a laptop's 1366 × 768
# screen (Wine's virtual desktop, its taskbar at the bottom): the menu
# holds the accounts that fit, 「アカウントを検索…」 first and
# 「その他のアカウント…」 for the rest (issue 19; tests/tray.rs checks the
# same natively and under Wine).
#   SCENES=firstrun bash scripts/screenshot-tray.sh   # only some: tray, firstrun, menu60
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out_dir="${1:-$root/docs}"
scenes=${SCENES:-tray firstrun menu60}
mkdir -p "$out_dir"
command -v trayer >/dev/null || apt-get install -y -qq trayer >/dev/null
# Wine decodes command-line arguments with the C library's locale: make the
# Japanese and English UTF-8 locales exist.
if ! locale -a | grep -qi '^ja_JP.utf8$'; then
  apt-get install -y -qq locales >/dev/null
  sed -i 's/^# *\(ja_JP.UTF-8\)/\1/; s/^# *\(en_US.UTF-8\)/\1/' /etc/locale.gen
  locale-gen >/dev/null
fi
cargo build --locked --quiet
cargo build --locked --quiet --target x86_64-pc-windows-gnu
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac

scene() { # lang program-runner output-prefix
  local lang=$1 runner=$2 prefix=$3
  scratch=$(mktemp -d)
  mkdir -m 700 "$scratch/run"
  LANG=$lang XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_PASSPHRASE=screenshot TRAYOTP_VAULT="$scratch/vault.trayotp" \
    xvfb-run -a -s "-screen 0 800x450x24" dbus-run-session -- bash -c '
    set -u
    run() { '"$runner"' "$@"; }
    for name in "三菱 太郎" "楽天 花子" "Tom & Jerry"; do
      run --protector passphrase add "$name" --key JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP >/dev/null
    done
    trayer --edge top --align right --widthtype request --height 28 --SetDockType true \
      --transparent false --tint 0x303030 >/dev/null 2>&1 &
    sleep 2
    run >/dev/null 2>&1 &
    sleep 6
    run copy "三菱 太郎" >/dev/null
    sleep 2
    import -window root -crop 420x200+380+0 "$1-toast.png"
    # A right click opens the menu (a left click on Windows copies a code).
    xdotool mousemove 787 14 click 3
    sleep 2
    import -window root -crop 420x330+380+0 "$1-menu.png"
    xdotool key Escape
    run quit >/dev/null
    sleep 1
  ' scene "$prefix" 2>/dev/null
  rm -rf "$scratch"
}

if [[ " $scenes " == *" tray "* ]]; then
scene ja_JP.UTF-8 "$target_dir/debug/trayotp" "$out_dir/tray-linux-ja"
scene en_US.UTF-8 "$target_dir/debug/trayotp" "$out_dir/tray-linux-en"
fi
# The .exe under Wine, in Wine's virtual desktop (its taskbar has a
# notification area). Wine has no WinRT toasts, so the tray says it in the
# tooltip: hover the icon after a copy. Wine 8 does not pass the icon's
# right click on to the program, so the menu is opened the other way a user
# can: starting trayotp again pops it up at the pointer.
# shellcheck source=../.ci/wine-env
. .ci/wine-env
scratch=$(mktemp -d)
if [[ " $scenes " == *" tray "* ]]; then
mkdir -m 700 "$scratch/run"
LANG=ja_JP.UTF-8 XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_PASSPHRASE=screenshot TRAYOTP_VAULT="$scratch/vault.trayotp" \
  xvfb-run -a -s "-screen 0 800x450x24" dbus-run-session -- bash -c '
  exe=$1 out=$2
  run() { "$TRAYOTP_WINE" "$exe" "$@"; }
  for name in "三菱 太郎" "楽天 花子" "Tom & Jerry"; do
    run --protector passphrase add "$name" --key JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP >/dev/null
  done
  "$TRAYOTP_WINE" explorer /desktop=shot,800x450 "$exe" >/dev/null 2>&1 &
  sleep 8
  run copy "三菱 太郎" >/dev/null
  xdotool mousemove 789 440
  sleep 2
  import -window root -crop 500x120+300+330 "$out-tooltip.png"
  run >/dev/null
  sleep 2
  import -window root -crop 500x260+300+190 "$out-menu.png"
  xdotool key Escape
  run quit >/dev/null
' wine-scene "$target_dir/x86_64-pc-windows-gnu/debug/trayotp.exe" "$out_dir/tray-wine-ja" 2>/dev/null
rm -rf "$scratch"
fi

# The first start: no account yet, started by the user (not --background).
# The Add form opens at once and the toast says where trayotp lives; under
# Wine (no WinRT toasts) the same words are the icon's tooltip, shown by
# hovering the icon (dunst's toast is taken before it fades). Each on a
# desktop big enough for the form.
first_start() { # output runner-setup
  local out=$1 setup=$2
  scratch=$(mktemp -d)
  mkdir -m 700 "$scratch/run"
  printf 'time_check = "off"\n' >"$scratch/settings.toml"
  LANG=ja_JP.UTF-8 XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_PASSPHRASE=screenshot \
    TRAYOTP_VAULT="$scratch/vault.trayotp" TRAYOTP_CONFIG="$scratch/settings.toml" \
    xvfb-run -a -s "-screen 0 1024x640x24" dbus-run-session -- bash -c "$setup"'
    sleep $settle
    xdotool mousemove $icon_x $icon_y
    sleep 3
    import -window root "$out"
    run quit >/dev/null 2>&1
    sleep 1
  ' first-start "$out" 2>/dev/null
  rm -rf "$scratch"
}
if [[ " $scenes " == *" firstrun "* ]]; then
first_start "$out_dir/firstrun-linux-ja.png" '
  out=$1 icon_x=1011 icon_y=14 settle=3
  run() { "'"$target_dir/debug/trayotp"'" "$@"; }
  trayer --edge top --align right --widthtype request --height 28 --SetDockType true \
    --transparent false --tint 0x303030 >/dev/null 2>&1 &
  sleep 2
  run --protector passphrase >/dev/null 2>&1 &'
first_start "$out_dir/firstrun-wine-ja.png" '
  out=$1 icon_x=1013 icon_y=630 settle=10
  run() { "$TRAYOTP_WINE" "'"$target_dir/x86_64-pc-windows-gnu/debug/trayotp.exe"'" "$@"; }
  "$TRAYOTP_WINE" explorer /desktop=shot,1024x640 "'"$target_dir/x86_64-pc-windows-gnu/debug/trayotp.exe"'" --protector passphrase >/dev/null 2>&1 &'
fi
if [[ " $scenes " == *" menu60 "* ]]; then
scratch=$(mktemp -d)
mkdir -m 700 "$scratch/run"
for i in $(seq 1 60); do
  # 16 fixed Base32 characters, then the number as 8 letters (A = 0).
  printf 'otpauth://totp/Bank:account-%d?secret=JBSWY3DPEHPK3PXP%s&issuer=Bank\n' \
    "$i" "$(printf '%08d' "$i" | tr 0-9 A-J)"
done >"$scratch/links.txt"
printf 'language = "ja"\ntime_check = "off"\n' >"$scratch/settings.toml"
LANG=ja_JP.UTF-8 XDG_RUNTIME_DIR="$scratch/run" TRAYOTP_PASSPHRASE=screenshot \
  TRAYOTP_VAULT="$scratch/vault.trayotp" TRAYOTP_CONFIG="$scratch/settings.toml" \
  xvfb-run -a -s "-screen 0 1366x768x24" dbus-run-session -- bash -c '
  exe=$1 out=$2 links=$3
  run() { "$TRAYOTP_WINE" "$exe" "$@"; }
  run --protector passphrase import "Z:$links" >/dev/null  # Wine maps / to Z:
  "$TRAYOTP_WINE" explorer /desktop=shot,1366x768 "$exe" >/dev/null 2>&1 &
  sleep 10
  xdotool mousemove 1300 700
  run >/dev/null
  sleep 3
  import -window root "$out"
  xdotool key Escape
  run quit >/dev/null
' menu60 "$target_dir/x86_64-pc-windows-gnu/debug/trayotp.exe" "$out_dir/tray-wine-ja-menu-60.png" "$scratch/links.txt" 2>/dev/null
rm -rf "$scratch"
fi
"$WINESERVER" -k 2>/dev/null || true
ls -1 "$out_dir"/tray-*.png "$out_dir"/firstrun-*.png
