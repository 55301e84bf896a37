#!/usr/bin/env bash
# Screenshots of the forms, for people (not part of CI): each form in
# Japanese and English, natively under Xvfb and as the Windows .exe under
# Wine + Xvfb, into docs/forms/<form>-<lang>-<linux|wine>.png.
#
# The "Add account" form is shown as a person leaves it after typing a
# display name and a mistyped setup number (so the inline error shows);
# "Manage accounts" and "Show code" with two accounts; "Back up" after
# typing two passphrases that differ (so the mismatch shows), its file in a
# Documents folder of the script's own.
#
#   bash scripts/screenshot-forms.sh            # after bash .ci/install-deps
#   FORMS=backup PLATFORMS=linux bash scripts/screenshot-forms.sh   # just those
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
out="$root/docs/forms"
mkdir -p "$out"

platforms=${PLATFORMS:-linux wine}
# The native build makes the vault in any case.
cargo build --quiet
native="$CARGO_TARGET_DIR/debug/trayotp"
exe="$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/debug/trayotp.exe"
if [[ " $platforms " == *" wine "* ]]; then
  # shellcheck source=../.ci/wine-env
  . .ci/wine-env
  cargo build --quiet --target x86_64-pc-windows-gnu
fi

scratch=$(mktemp -d)
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; rm -rf "$scratch"' EXIT
export DISPLAY="$display" TRAYOTP_PASSPHRASE="screenshots" XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# Linux: "Back up" suggests a file in this Documents folder.
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config"
mkdir -p "$HOME/Documents" "$XDG_CONFIG_HOME"
echo 'XDG_DOCUMENTS_DIR="$HOME/Documents"' >"$XDG_CONFIG_HOME/user-dirs.dirs"
sleep 1

vault="$scratch/vault.trayotp"
echo 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' | "$native" --vault "$vault" --protector passphrase add "三菱 太郎" >/dev/null
"$native" --vault "$vault" add "Work" --key JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP >/dev/null

# shoot PLATFORM FORM LANG: opens the window, types into it, saves the picture.
shoot() {
  local platform=$1 form=$2 lang=$3 pid window=""
  if [ "$platform" = linux ]; then
    "$native" --vault "$vault" window "$form" --lang "$lang" &
  else
    "$TRAYOTP_WINE" "$exe" --vault "Z:${vault//\//\\}" window "$form" --lang "$lang" &
  fi
  pid=$!
  for _ in $(seq 150); do
    window=$(xdotool search --name "trayotp" 2>/dev/null | tail -1 || true)
    [ -n "$window" ] && break
    sleep 0.2
  done
  [ -n "$window" ] || { echo "no window for $platform $form $lang" >&2; kill "$pid"; return 1; }
  sleep 2
  # No window manager under Xvfb: give the window the keyboard ourselves.
  xdotool windowfocus "$window" 2>/dev/null || true
  if [ "$form" = add ]; then
    xdotool type --delay 60 "三菱 太郎"
    xdotool key Tab
    xdotool type --delay 30 "GEZD GNBV GY3T QOJ8"
    xdotool key Tab
  fi
  if [ "$form" = backup ]; then
    xdotool type --delay 60 "correct horse battery"
    xdotool key Tab
    xdotool type --delay 60 "correct horse batery"
    xdotool key Tab
  fi
  sleep 1.5
  import -window "$window" "$out/$form-$lang-$platform.png"
  echo "docs/forms/$form-$lang-$platform.png"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 0.5
}

for platform in $platforms; do
  for lang in ja en; do
    for form in ${FORMS:-add manage show backup}; do
      shoot "$platform" "$form" "$lang"
    done
  done
done
