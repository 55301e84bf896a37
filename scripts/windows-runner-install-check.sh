#!/usr/bin/env bash
# On a GitHub Windows runner (Git Bash), after scripts/build-windows-release.sh:
# what Wine cannot show, on a real Windows.
#   1. setup.exe /S installs for the user; its Start-menu shortcut really
#      carries the AppUserModelID (Wine's shell link stores none); the
#      installed tray then registers nothing (the shortcut is enough);
#   2. the uninstaller removes the program, the shortcut and the Uninstall key;
#   3. the zip's trayotp.exe, with no such shortcut, registers
#      HKCU\Software\Classes\AppUserModelId\trayotp.trayotp; `trayotp
#      autostart off --all` removes it.
# Every check prints what it expected when it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export MSYS2_ARG_CONV_EXCL='*' # reg.exe's /v /f stay as they are

fail() { echo "windows-runner-install-check: FAIL: $*" >&2; exit 1; }
pass() { echo "  ok: $*"; }
python=python3
"$python" -c '' 2>/dev/null || python=python

dist="${CARGO_TARGET_DIR:-target}/dist"
setup=$(ls "$dist"/trayotp-*-setup.exe)
zip_file=$(ls "$dist"/trayotp-*-x86_64-windows.zip)
aumid=$(sed -n 's/^pub const APP_USER_MODEL_ID: &str = "\(.*\)";$/\1/p' src/app_id.rs)
aumid_key="HKCU\\Software\\Classes\\AppUserModelId\\$aumid"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\trayotp'
install_dir="$(cygpath -u "$LOCALAPPDATA")/Programs/trayotp"
lnk="$(cygpath -u "$APPDATA")/Microsoft/Windows/Start Menu/Programs/trayotp.lnk"
export TRAYOTP_PASSPHRASE="runner check passphrase"

has_key() { reg query "$aumid_key" >/dev/null 2>&1; }
wait_tray() { # exe: until the tray answers `status`, at most a minute
  for _ in $(seq 1 60); do
    if "$1" status >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  return 1
}

reg delete "$aumid_key" /f >/dev/null 2>&1 || true

echo "--> setup.exe /S"
"$setup" /S || fail "setup.exe /S exited with $?"
for file in trayotp.exe trayotp.com README.txt guide-en.html guide-ja.html uninstall.exe; do
  [ -f "$install_dir/$file" ] || fail "not installed: $install_dir/$file"
done
pass "installed in $install_dir"
"$python" - "$lnk" "$aumid" <<'PY' || fail "the Start-menu shortcut does not carry $aumid"
import sys
data = open(sys.argv[1], "rb").read()
sys.exit(0 if sys.argv[2].encode("utf-16-le") in data else 1)
PY
pass "the Start-menu shortcut carries AppUserModelID $aumid"
reg query "$uninstall_key" /v DisplayVersion >/dev/null || fail "no $uninstall_key"
pass "Apps & features entry"
"$install_dir/trayotp.com" --version || fail "trayotp.com --version failed"
"$install_dir/trayotp.exe" --background &
wait_tray "$install_dir/trayotp.com" || fail "the installed tray never answered"
sleep 3
! has_key || fail "the installed tray registered $aumid_key although its shortcut carries the ID"
pass "the installed tray registered nothing (its shortcut is enough)"
"$install_dir/trayotp.com" quit || fail "trayotp quit failed"
wait

echo "--> uninstall.exe /S"
"$install_dir/uninstall.exe" /S || fail "uninstall.exe /S exited with $?"
for _ in $(seq 1 60); do [ -e "$install_dir" ] || break; sleep 1; done
[ ! -e "$install_dir" ] || fail "left behind: $install_dir"
[ ! -e "$lnk" ] || fail "left behind: $lnk"
! reg query "$uninstall_key" >/dev/null 2>&1 || fail "left behind: $uninstall_key"
pass "program, shortcut and Uninstall key removed"

echo "--> the zip's trayotp.exe"
portable=$(mktemp -d)
unzip -q "$zip_file" -d "$portable" 2>/dev/null || "$python" -m zipfile -e "$zip_file" "$portable"
folder=$(ls -d "$portable"/trayotp-*-x86_64-windows)
"$folder/trayotp.exe" --background &
wait_tray "$folder/trayotp.com" || fail "the zip's tray never answered"
for _ in $(seq 1 30); do has_key && break; sleep 1; done
has_key || fail "the zip's tray did not register $aumid_key"
reg query "$aumid_key"
pass "registered $aumid_key"
"$folder/trayotp.com" quit || fail "trayotp quit failed"
wait
"$folder/trayotp.com" autostart off --all || fail "autostart off --all failed"
! has_key || fail "left behind by autostart off --all: $aumid_key"
pass "trayotp autostart off --all removed it"
rm -rf "$portable"
echo "windows-runner-install-check: all checks passed"
