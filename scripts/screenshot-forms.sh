#!/usr/bin/env bash
# Screenshots of the forms, for people (not part of CI): each form in
# Japanese and English, natively under Xvfb and as the Windows .exe under
# Wine + Xvfb, into docs/forms/<form>-<lang>-<linux|wine>.png.
#
# The "Add account" form is shown as a person leaves it after typing a
# display name and a mistyped setup number (so the inline error shows),
# and ("add-passphrase") as the first account of a new passphrase vault
# with two different new passphrases typed and Register pressed;
# "Manage accounts" (三菱 太郎 marked as the default) and "Show code" with
# two accounts; "Back up" after typing two passphrases that differ (so the
# mismatch shows), its file in a Documents folder of the script's own;
# "Settings" while it records a hotkey, after a lone Shift+O (so its inline
# message shows); "settings-action": Settings with the hotkey's action
# (ホットキーの動作: copy, paste or type) opened by the keyboard. "manage-rule":
# Manage accounts with 三菱 太郎 selected by the keyboard, showing its window
# rule (set with `trayotp edit --window-rule` first). "add-check": a setup number of digits only, which can be
# read several ways, so the form asks for a code (照合用のコード), with
# "Advanced" open; "add-confirm": the same with the code the reference
# (oathtool) makes now, after Register: what the code matched, and the new
# account's code with Copy, to try on the withdrawal or e-mail change
# screen. "add-worst": the tallest the Add form gets (issue 19: it must fit
# a 1366 × 768 screen less the taskbar): a wrong code registered against
# an ambiguous number (the no-match error and the code field shown), with
# "Other ways" and "Advanced" open; shot of the whole 1366 × 768 screen,
# so the picture shows that the window fits. "pick": the quick
# picker (`trayotp window pick`) over five accounts after typing みつ: it
# finds ミツビシ 花子 (hiragana and katakana fold alike). "add-import": the
# Add form after "From a file of another app…", the system's file dialog
# given the path of a real andOTP export (../shared/interop-peers/, read in
# place): what was added, the entries left out by name, and the advice to
# delete a file without a password (Linux only: under Wine the dialog is
# Windows' own, driven otherwise).
#
# Each picture is taken in the light theme (<form>-<lang>-<platform>.png)
# and in the dark one (<form>-<lang>-<platform>-dark.png): on Linux through
# GTK_THEME (Adwaita / Adwaita:dark, what src/platform/theme.rs reads). Under
# Wine only light: winit reads Windows' AppsUseLightTheme through uxtheme
# calls Wine does not have, so the .exe under Wine is always light (the
# registry value is still set, for a Wine that has them).
#
#   bash scripts/screenshot-forms.sh            # after bash .ci/install-deps
#   PLATFORMS=wine LANGS=ja FORMS=manage THEMES=dark bash scripts/screenshot-forms.sh   # only some
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
# The GUI executable itself: trayotp.exe would start it as a child of its
# own, which outlives the kill that ends each picture's window.
exe="$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/debug/trayotp-gui.exe"
if [[ " $platforms " == *" wine "* ]]; then
  # shellcheck source=../.ci/wine-env
  . .ci/wine-env
  cargo build --quiet --target x86_64-pc-windows-gnu
fi

scratch=$(mktemp -d)
display=":$((90 + RANDOM % 100))"
# A laptop's screen: the forms must fit it.
Xvfb "$display" -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null; rm -rf "$scratch"' EXIT
sleep 1
# A background the server repaints: with no window manager, a closed
# window would otherwise stay on the root, in the whole-screen pictures.
DISPLAY="$display" display -size 1366x768 -window root xc:'#2d2d30' >/dev/null 2>&1 || true
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
# A settings file of their own (the Settings form shows and edits it).
settings="$scratch/settings.toml"
printf 'default_account = "三菱 太郎"\nshow_digits_in_toast = true\nhotkey_action = "paste"\n' >"$settings"
# Manage shows the selected account's window rule.
"$native" --vault "$vault" edit "三菱 太郎" --window-rule "三菱UFJモルガン" >/dev/null
# The picker's vault: five accounts, two of them found by みつ.
pick_vault="$scratch/pick.trayotp"
for name in "三菱 太郎" "ミツビシ 花子" "楽天 一郎" "Work" "Tom & Jerry"; do
  "$native" --vault "$pick_vault" --protector passphrase add "$name" --key JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP >/dev/null
done

# Wine's "apps use light theme" setting: 1 light, 0 dark.
wine_theme() {
  "$TRAYOTP_WINE" reg add 'HKCU\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize' \
    /v AppsUseLightTheme /t REG_DWORD /d "$1" /f >/dev/null 2>&1
}

# shoot PLATFORM FORM LANG THEME: opens the window, types into it, saves the picture.
shoot() {
  local platform=$1 form=$2 lang=$3 theme=$4 pid window="" target=$vault window_form=$2 suffix=""
  local -a extra=() unset_env=() gtk_theme=(GTK_THEME=Adwaita)
  if [ "$theme" = dark ]; then
    suffix=-dark gtk_theme=(GTK_THEME=Adwaita:dark)
  fi
  if [ "$form" = add-passphrase ]; then
    # No vault yet, to be protected by a passphrase the form asks for.
    target="$scratch/new-$platform-$lang-$theme.trayotp" window_form=add
    extra=(--protector passphrase) unset_env=(-u TRAYOTP_PASSPHRASE)
  fi
  if [ "$form" = add-import ] && [ "$platform" = wine ]; then
    return 0
  fi
  if [ "$form" = add-import ]; then
    # A vault of its own with one account, so that each picture adds the same.
    target="$scratch/$form-$platform-$lang-$theme.trayotp" window_form=add
    extra=(--protector passphrase)
    "$native" --vault "$target" --protector passphrase add "三菱 太郎" --key JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP >/dev/null
  fi
  if [ "$form" = add-check ] || [ "$form" = add-confirm ] || [ "$form" = add-worst ]; then
    # A vault of its own (passphrase from TRAYOTP_PASSPHRASE), so that each
    # picture registers the same name.
    target="$scratch/$form-$platform-$lang-$theme.trayotp" window_form=add
    extra=(--protector passphrase)
  fi
  if [ "$form" = pick ]; then
    target=$pick_vault
  fi
  if [ "$form" = settings-action ]; then
    window_form=settings
  fi
  if [ "$form" = manage-rule ]; then
    window_form=manage
  fi
  if [ "$platform" = linux ]; then
    env "${unset_env[@]}" "${gtk_theme[@]}" "$native" --vault "$target" --config "$settings" "${extra[@]}" window "$window_form" --lang "$lang" &
  else
    env "${unset_env[@]}" "$TRAYOTP_WINE" "$exe" --vault "Z:${target//\//\\}" --config "Z:${settings//\//\\}" "${extra[@]}" window "$window_form" --lang "$lang" &
  fi
  pid=$!
  for _ in $(seq 150); do
    window=$(xdotool search --name "trayotp" 2>/dev/null | tail -1 || true)
    [ -n "$window" ] && break
    sleep 0.2
  done
  [ -n "$window" ] || { echo "no window for $platform $form $lang" >&2; kill "$pid"; return 1; }
  # Wine maps the window before its first frame: give it longer.
  sleep "$([ "$platform" = wine ] && echo 6 || echo 2)"
  # No window manager under Xvfb: give the window the keyboard ourselves.
  xdotool windowfocus "$window" 2>/dev/null || true
  if [ "$platform" = wine ] && [[ "$form" == add* ]]; then
    # Wine takes the focus from a click: on the first field (表示名).
    xdotool mousemove --window "$window" 200 40 click 1
    sleep 0.5
  fi
  if [ "$form" = add ]; then
    xdotool type --delay 60 "三菱 太郎"
    xdotool key Tab
    xdotool type --delay 30 "GEZD GNBV GY3T QOJ8"
    xdotool key Tab
  fi
  if [ "$form" = add-passphrase ]; then
    xdotool type --delay 60 "三菱 太郎"
    xdotool key Tab
    xdotool type --delay 30 "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
    # Past Show, Paste and "Other ways" to the new passphrase.
    xdotool key --delay 250 Tab Tab Tab Tab
    xdotool type --delay 30 "correct horse"
    xdotool key --delay 250 Tab
    xdotool type --delay 30 "correct hose"
    xdotool key --delay 250 Return
  fi
  if [ "$form" = add-check ] || [ "$form" = add-confirm ] || [ "$form" = add-worst ]; then
    xdotool type --delay 60 "三菱 太郎"
    xdotool key Tab
    xdotool type --delay 30 "$check_digits"
    # Past Show and Paste to the code field (it appeared with the number).
    xdotool key --delay 250 Tab Tab Tab
    if [ "$form" = add-worst ]; then
      # A wrong code: Register refuses it and puts the cursor back in the
      # code field; then "Other ways" and, inside, "Advanced" open.
      xdotool type --delay 30 "12345678"
      xdotool key --delay 400 Return
      xdotool key --delay 250 Tab space Tab Tab Tab space
    elif [ "$form" = add-confirm ]; then
      # The key bytes are the digits' characters; SHA256, 8 digits, 30 s.
      xdotool type --delay 30 "$(oathtool --totp=SHA256 -d 8 -s 30s "$(printf %s "$check_digits" | tr -d ' ' | od -An -tx1 | tr -d ' \n')")"
      xdotool key Return
    else
      # Open "Other ways".
      xdotool key --delay 250 Tab space
    fi
  fi
  if [ "$form" = add-import ]; then
    # Past the setup number, Show and Paste to "Other ways": open it; past
    # the code field and the QR buttons to "From a file of another app…".
    xdotool key --delay 250 Tab Tab Tab Tab space Tab Tab Tab Tab
    before=$(xdotool search --onlyvisible --name '.*' 2>/dev/null | sort)
    xdotool key space
    sleep 2.5
    after=$(xdotool search --onlyvisible --name '.*' 2>/dev/null | sort)
    dialog=$(comm -13 <(echo "$before") <(echo "$after") | tail -1)
    [ -n "$dialog" ] || { echo "no file dialog for $platform $form $lang" >&2; kill "$pid"; return 1; }
    xdotool windowfocus "$dialog" 2>/dev/null || true
    sleep 0.5
    # GTK's file chooser opens its location field when a path is typed.
    xdotool type --delay 30 "$interop_peers/aegis_andotp_plain.json"
    xdotool key Return
    sleep 2
    xdotool windowfocus "$window" 2>/dev/null || true
  fi
  if [ "$form" = pick ]; then
    # The search field has the focus.
    xdotool type --delay 400 "みつ"
  fi
  if [ "$form" = settings ]; then
    # The hotkey button has the focus: Enter starts recording.
    xdotool key Return
    sleep 0.5
    xdotool key shift+o
  fi
  if [ "$form" = settings-action ]; then
    # From the hotkey button, past 使わない to the action's list; Space opens it.
    xdotool key --delay 250 Tab Tab space
  fi
  if [ "$form" = manage-rule ]; then
    # The first row (三菱 太郎) takes the focus; Space selects it.
    xdotool key --delay 250 Tab space
  fi
  if [ "$form" = backup ]; then
    xdotool type --delay 60 "correct horse battery"
    xdotool key Tab
    xdotool type --delay 60 "correct horse batery"
    xdotool key Tab
  fi
  # The pointer away from the window: no tooltip in the picture.
  xdotool mousemove 0 0
  sleep "$([ "$platform" = wine ] && echo 4 || echo 1.5)"
  if [ "$form" = add-worst ]; then
    import -window root "$out/$form-$lang-$platform$suffix.png"
  else
    import -window "$window" "$out/$form-$lang-$platform$suffix.png"
  fi
  echo "docs/forms/$form-$lang-$platform$suffix.png"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # Gone before the next one opens (the next is found by its title).
  for _ in $(seq 50); do
    [ -z "$(xdotool search --name trayotp 2>/dev/null)" ] && break
    sleep 0.2
  done
  sleep 0.5
}

check_digits="3141 5926 5358 9793 2384 6264 3383 2795 0288 4197"
# ../shared/interop-peers beside the repository or one of its parents (as
# tests/common/interop.rs finds it), or TRAYOTP_INTEROP_PEERS_DIR.
interop_peers=${TRAYOTP_INTEROP_PEERS_DIR:-}
up=$root
while [ -z "$interop_peers" ] && [ "$up" != / ]; do
  [ -f "$up/shared/interop-peers/README.md" ] && interop_peers=$up/shared/interop-peers
  up=$(dirname "$up")
done
for platform in $platforms; do
  for theme in ${THEMES:-light dark}; do
    if [ "$platform" = wine ] && [ "$theme" = dark ] && [ -z "${WINE_DARK:-}" ]; then
      continue
    fi
    if [ "$platform" = wine ]; then
      wine_theme "$([ "$theme" = dark ] && echo 0 || echo 1)"
    fi
    for lang in ${LANGS:-ja en}; do
      for form in ${FORMS:-add add-passphrase add-check add-confirm add-worst add-import manage manage-rule show backup settings settings-action pick}; do
        shoot "$platform" "$form" "$lang" "$theme"
      done
    done
  done
done
