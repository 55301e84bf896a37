#!/usr/bin/env bash
# Takes pictures of the installer under Wine + Xvfb, as a user would see it,
# for docs/: the first page in English and Japanese (installer-en.png,
# installer-ja.png) and, after Next, Install, the finish page with its two
# check boxes (installer-finish-en.png; this installs into the prefix), and
# the uninstaller's choice to keep or delete the accounts (uninstaller-ja.png).
#   bash scripts/screenshot-installer.sh [OUT_DIR]
# Builds the release first (scripts/build-windows-release.sh). Uses Wine's
# virtual desktop, which draws Windows-style title bars without a window
# manager, in a Wine prefix of its own under the target dir.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out_dir="${1:-$root/docs}"
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac

setup=$(bash scripts/build-windows-release.sh | tail -n 1)
export WINEPREFIX="$target_dir/wine-prefix-screenshot"
export WINEDLLOVERRIDES="winemenubuilder.exe=d"
# shellcheck source=../.ci/wine-env
. .ci/wine-env

shoot() { # program locale file [presses of Enter before the picture]
  local program=$1 locale=$2 file=$3 presses=${4:-0}
  LANG=$locale LC_ALL=$locale LC_MESSAGES=$locale xvfb-run -a -s "-screen 0 800x600x24" bash -c '
    "$TRAYOTP_WINE" explorer /desktop=shot,800x600 "$1" &
    for _ in $(seq 1 60); do
      sleep 1
      # The page is up once the virtual desktop shows more than its background.
      if [ "$(import -window root -colors 8 -format "%k" info:- 2>/dev/null || echo 1)" -gt 2 ]; then break; fi
    done
    sleep 3
    for _ in $(seq 1 "$3"); do xdotool key Return; sleep 4; done
    import -window root "$2"
    "$WINESERVER" -k || true
  ' shoot "$program" "$file" "$presses"
  [ -s "$file" ] || { echo "screenshot-installer: no picture taken for $locale" >&2; exit 1; }
  echo "$file"
}

mkdir -p "$out_dir"
shoot "$setup" en_US.UTF-8 "$out_dir/installer-en.png"
shoot "$setup" ja_JP.UTF-8 "$out_dir/installer-ja.png"
shoot "$setup" en_US.UTF-8 "$out_dir/installer-finish-en.png" 2
shoot "C:\\users\\$(id -un)\\AppData\\Local\\Programs\\trayotp\\uninstall.exe" ja_JP.UTF-8 \
  "$out_dir/uninstaller-ja.png" 1
