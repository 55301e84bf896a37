#!/usr/bin/env bash
# Tests what a Windows user downloads (run by scripts/test.sh):
#   1. builds it: scripts/build-windows-release.sh;
#   2. trayotp.exe carries its icon, manifest and version (read from the PE
#      file by scripts/lib/pe_resources.py), trayotp.com is a console
#      program; the zip holds both + README;
#   3. in a Wine prefix of its own: `setup.exe /S` installs the files, the
#      shortcuts, the "Apps & features" key and the login entry; the
#      installed trayotp.exe works, and `trayotp ...` typed at cmd.exe runs
#      trayotp.com, which cmd waits for, with %ERRORLEVEL%; the silent uninstaller removes it all but
#      keeps the vault; /NODESKTOP /NOAUTOSTART and /REMOVEVAULT do what
#      they say;
#   4. SHA256SUMS and the filled winget/Scoop manifests match the files
#      (scripts/lib/check_release.py, which also shows a changed byte is
#      caught); the zip and the installer carry the HTML guides;
#   5. toasts without the installer: the zip's trayotp.exe, started in a
#      prefix with no Start-menu shortcut, registers its AppUserModelID
#      (HKCU\Software\Classes\AppUserModelId\trayotp.trayotp, read back with
#      `reg query`); `trayotp autostart off --all` removes it, and so does
#      the uninstaller.
# Every check prints what it expected when it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

fail() { echo "test-windows-release: FAIL: $*" >&2; exit 1; }
pass() { echo "  ok: $*"; }
step() { printf '\n--> %s\n' "$*"; }

target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac

step "building the release"
mapfile -t artefacts < <(bash scripts/build-windows-release.sh)
[ "${#artefacts[@]}" -eq 2 ] || fail "build-windows-release.sh printed ${#artefacts[@]} paths, expected 2"
zip_file=${artefacts[0]}
setup=${artefacts[1]}
version=$(basename "$setup" | sed -n 's/^trayotp-\(.*\)-setup\.exe$/\1/p')
[ -n "$version" ] || fail "cannot tell the version from $setup"
exe="$target_dir/x86_64-pc-windows-gnu/release/trayotp-gui.exe"
com="$target_dir/x86_64-pc-windows-gnu/release/trayotp.exe"
aumid=$(sed -n 's/^pub const APP_USER_MODEL_ID: &str = "\(.*\)";$/\1/p' src/app_id.rs)
run_value=$(sed -n 's/^pub const RUN_VALUE_NAME: &str = "\(.*\)";$/\1/p' src/app_id.rs)
echo "  trayotp.exe $(stat -c %s "$exe") bytes, $(basename "$setup") $(stat -c %s "$setup") bytes"

step "trayotp.exe: subsystem, icon, manifest, version"
report=$(python3 scripts/lib/pe_resources.py "$exe") || fail "cannot read the resources of $exe"
field() { python3 -c 'import json,sys; v=json.loads(sys.argv[1]);
for k in sys.argv[2].split("."): v = v[k] if v is not None else None
print(v if isinstance(v, str) else json.dumps(v))' "$report" "$1"; }
[ "$(field machine)" = x86_64 ] || fail "machine is $(field machine), expected x86_64"
[ "$(field subsystem)" = windows ] || fail "subsystem is $(field subsystem), expected windows (GUI)"
pass "x86_64, GUI subsystem"
[ "$(field icon_sizes)" = "[16, 20, 24, 32, 48, 256]" ] || fail "icon sizes are $(field icon_sizes), expected 16 20 24 32 48 256"
pass "icon with 16, 20, 24, 32, 48, 256 px"
manifest=$(field manifest)
for needle in 'level="asInvoker"' 'PerMonitorV2' '<activeCodePage' '>UTF-8</activeCodePage>' \
  'name="Microsoft.Windows.Common-Controls" version="6.0.0.0"' '{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}'; do
  grep -qF -- "$needle" <<<"$manifest" || fail "the manifest lacks $needle"
done
pass "manifest: asInvoker, PerMonitorV2, UTF-8 code page, Common Controls v6, Windows 10/11"
[ "$(field version.file)" = "$version.0" ] || fail "file version is $(field version.file), expected $version.0"
[ "$(field version.strings.ProductVersion)" = "$version" ] || fail "ProductVersion is $(field version.strings.ProductVersion)"
[ "$(field version.strings.ProductName)" = trayotp ] || fail "ProductName is $(field version.strings.ProductName)"
pass "version info: trayotp $version"
com_report=$(python3 scripts/lib/pe_resources.py "$com") || fail "cannot read $com"
com_subsystem=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["subsystem"])' "$com_report")
[ "$com_subsystem" = console ] || fail "trayotp.com's subsystem is $com_subsystem, expected console"
pass "trayotp.com: console subsystem"

step "SHA256SUMS and the filled manifests"
dist=$(dirname "$zip_file")
python3 scripts/lib/check_release.py --self-test "$dist" || fail "scripts/lib/check_release.py found a mismatch in $dist"
(cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "sha256sum -c SHA256SUMS failed in $dist"
pass "sha256sum -c SHA256SUMS: $(tr '\n' ' ' <"$dist/SHA256SUMS" | sed 's/  */ /g' | cut -c1-200)"

step "the portable zip"
listing=$(unzip -Z1 "$zip_file") || fail "cannot list $zip_file"
for member in trayotp.exe trayotp.com README.txt guide-en.html guide-ja.html; do
  grep -qx "trayotp-$version-x86_64-windows/$member" <<<"$listing" || fail "$zip_file lacks $member (has: $listing)"
done
pass "$(basename "$zip_file"): $(tr '\n' ' ' <<<"$listing")"

step "installing silently under Wine"
# A prefix of its own, so installs never leak into the one the tests use;
# winemenubuilder off, so no menu entries or icons land in $HOME.
export WINEPREFIX="$target_dir/wine-prefix-installer"
export WINEDLLOVERRIDES="winemenubuilder.exe=d"
# shellcheck source=../.ci/wine-env
. .ci/wine-env
wine() { "$TRAYOTP_WINE" "$@"; }
settle() { "$WINESERVER" -w; } # every Wine process of the prefix has ended
# Wine links Desktop, Documents... to $HOME: make them folders of the prefix.
user_dir="$WINEPREFIX/drive_c/users/$(id -un)"
for link in Desktop Documents Downloads Music Pictures Videos; do
  if [ -L "$user_dir/$link" ]; then rm "$user_dir/$link" && mkdir "$user_dir/$link"; fi
done
install_dir="$user_dir/AppData/Local/Programs/trayotp"
start_menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/trayotp.lnk"
desktop="$user_dir/Desktop/trayotp.lnk"
vault_dir="$user_dir/AppData/Roaming/trayotp"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\trayotp'
run_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Run'
win_install_dir="C:\\users\\$(id -un)\\AppData\\Local\\Programs\\trayotp"

# A clean slate (an earlier run may have stopped half-way).
rm -rf "$install_dir" "$vault_dir" "$start_menu" "$desktop"
wine reg delete "$uninstall_key" /f >/dev/null 2>&1 || true
wine reg delete "$run_key" /v "$run_value" /f >/dev/null 2>&1 || true
settle

reg_value() { # key value -> data, or nothing
  wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | sed -n "s/^ *$2 *REG_[A-Z_]* *//p"
}

aumid_key="HKCU\\Software\\Classes\\AppUserModelId\\$aumid"
toast_icon="$vault_dir/toast-icon.png"
win_toast_icon="C:\\users\\$(id -un)\\AppData\\Roaming\\trayotp\\toast-icon.png"
wine reg delete "$aumid_key" /f >/dev/null 2>&1 || true
settle

step "toasts without the installer: the zip's trayotp.exe registers its AppUserModelID"
portable="$WINEPREFIX/drive_c/portable"
rm -rf "$portable"
mkdir -p "$portable"
unzip -q "$zip_file" -d "$portable" || fail "cannot unzip $zip_file"
portable_exe="C:\\portable\\trayotp-$version-x86_64-windows\\trayotp.exe"
portable_com="C:\\portable\\trayotp-$version-x86_64-windows\\trayotp.com"
[ -z "$(ls "$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/"*.lnk 2>/dev/null)" ] ||
  fail "the prefix already has Start-menu shortcuts: $(ls "$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/")"
TRAYOTP_PASSPHRASE="portable test passphrase" wine "$portable_exe" --background >/dev/null 2>&1 &
portable_pid=$!
for _ in $(seq 1 60); do
  [ "$(reg_value "$aumid_key" DisplayName)" = trayotp ] && break
  sleep 1
done
[ "$(reg_value "$aumid_key" DisplayName)" = trayotp ] ||
  fail "no $aumid_key DisplayName=trayotp a minute after the zip's trayotp.exe started ($(wine reg query "$aumid_key" 2>&1 | tr -d '\r' | tr '\n' ' '))"
icon_uri=$(reg_value "$aumid_key" IconUri)
[ "$icon_uri" = "$win_toast_icon" ] || fail "IconUri is '$icon_uri', expected '$win_toast_icon'"
[ "$(head -c 8 "$toast_icon" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$toast_icon is not a PNG"
pass "reg query $aumid_key: DisplayName=trayotp, IconUri=$icon_uri (a PNG)"
for _ in $(seq 1 30); do
  if wine "$portable_exe" quit </dev/null >/dev/null 2>&1; then break; fi
  sleep 1
done
wait "$portable_pid" || fail "the portable tray did not exit 0 after quit"
out=$(wine "$portable_com" autostart off --all </dev/null | tr -d '\r') || fail "trayotp autostart off --all failed: $out"
grep -q "^Notifications: removed HKEY_CURRENT_USER" <<<"$out" || fail "autostart off --all printed '$out'"
! wine reg query "$aumid_key" >/dev/null 2>&1 || fail "left behind by autostart off --all: $aumid_key"
[ ! -e "$toast_icon" ] || fail "left behind by autostart off --all: $toast_icon"
pass "trayotp autostart off --all removed the key and the icon: $(tail -n 1 <<<"$out")"
rm -rf "$portable" "$vault_dir"
settle

shell_trace="$target_dir/setup-trace.txt"
WINEDEBUG=fixme+shell wine "$setup" /S 2>"$shell_trace" || fail "setup.exe /S exited with $?"
settle
for file in trayotp.exe trayotp.com README.txt guide-en.html guide-ja.html uninstall.exe; do
  [ -f "$install_dir/$file" ] || fail "not installed: $install_dir/$file"
done
cmp -s "$exe" "$install_dir/trayotp.exe" || fail "the installed trayotp.exe differs from the build"
cmp -s "$com" "$install_dir/trayotp.com" || fail "the installed trayotp.com differs from the build"
pass "files in %LOCALAPPDATA%\\Programs\\trayotp: $(ls "$install_dir" | tr '\n' ' ')"
[ -f "$start_menu" ] || fail "no Start-menu shortcut at $start_menu"
[ -f "$desktop" ] || fail "no desktop shortcut at $desktop"
pass "Start-menu and desktop shortcuts"
aumid_utf16=$(printf '%s' "$aumid" | iconv -f UTF-8 -t UTF-16LE | od -An -tx1 | tr -d ' \n')
if od -An -tx1 "$start_menu" | tr -d ' \n' | grep -q "$aumid_utf16"; then
  pass "the Start-menu shortcut carries AppUserModelID $aumid"
elif grep -q 'propertystore_SetValue' "$shell_trace" && grep -q 'propertystore_Commit' "$shell_trace"; then
  # Wine 8's shell link IPropertyStore is a stub: it accepts the ID and
  # stores nothing. Its trace shows the installer set and committed it.
  pass "AppUserModelID set and committed on the Start-menu shortcut (Wine does not store it: stub)"
else
  fail "the installer did not set the AppUserModelID (trace: $(tr '\n' ' ' <"$shell_trace" | cut -c1-400))"
fi

for pair in "DisplayName=trayotp" "DisplayVersion=$version" "Publisher=trayotp" \
  "DisplayIcon=\"$win_install_dir\\trayotp.exe\",0" "InstallLocation=$win_install_dir" \
  "UninstallString=\"$win_install_dir\\uninstall.exe\"" \
  "QuietUninstallString=\"$win_install_dir\\uninstall.exe\" /S" "NoModify=0x1" "NoRepair=0x1"; do
  name=${pair%%=*}
  want=${pair#*=}
  got=$(reg_value "$uninstall_key" "$name")
  [ "$got" = "$want" ] || fail "$uninstall_key $name is '$got', expected '$want'"
done
size_kib=$(( $(reg_value "$uninstall_key" EstimatedSize) ))
[ "$size_kib" -gt 100 ] || fail "EstimatedSize is $size_kib KiB"
pass "Apps & features entry (HKCU Uninstall\\trayotp), EstimatedSize $size_kib KiB"
want_run="\"$win_install_dir\\trayotp.exe\" --background"
[ "$(reg_value "$run_key" "$run_value")" = "$want_run" ] || fail "Run value is '$(reg_value "$run_key" "$run_value")', expected '$want_run'"
pass "start at login: HKCU Run $run_value = $want_run"

step "the installed trayotp.exe"
installed="$win_install_dir\\trayotp.exe"
out=$(wine "$installed" --version | tr -d '\r') || fail "trayotp --version failed"
[ "$out" = "trayotp $version" ] || fail "--version printed '$out'"
pass "--version: $out"
export TRAYOTP_PASSPHRASE="installer test passphrase"
# The login entry's command starts the tray; it runs until asked to quit.
wine "$installed" --background >/dev/null 2>&1 &
tray_pid=$!
for _ in $(seq 1 60); do
  if wine "$installed" quit </dev/null >/dev/null 2>&1; then quit_ok=1; break; fi
  sleep 1
done
[ "${quit_ok:-0}" = 1 ] || fail "the tray started by --background never answered"
wait "$tray_pid" || fail "the tray started by --background did not exit 0 after quit"
pass "--background starts the tray; quit stops it"
out=$(wine "$installed" --protector passphrase add "三菱 太郎" --key JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP </dev/null | tr -d '\r') ||
  fail "trayotp add failed"
[ -f "$vault_dir/vault.trayotp" ] || fail "no vault at %APPDATA%\\trayotp after add"
out=$(wine "$installed" list </dev/null | tr -d '\r') || fail "trayotp list failed"
[ "$out" = "三菱 太郎" ] || fail "trayotp list printed '$out'"
pass "add + list through pipes, vault in %APPDATA%\\trayotp"
status=0
wine "$installed" code nobody </dev/null >/dev/null 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "trayotp code nobody exited $status, expected 1"
pass "a failing command exits 1"
# What a user types at a prompt: cmd.exe finds trayotp.com before
# trayotp.exe, waits for it (a console program) and sets %ERRORLEVEL%.
out=$(cd "$install_dir" && wine cmd /c 'trayotp list & echo errorlevel=%ERRORLEVEL%' </dev/null 2>&1 | tr -d '\r' || true)
[ "$out" = "$(printf '三菱 太郎\nerrorlevel=0')" ] || fail "cmd /c 'trayotp list' printed '$out'"
out=$(cd "$install_dir" && wine cmd /c 'trayotp code nobody & echo errorlevel=%ERRORLEVEL%' </dev/null 2>&1 | tr -d '\r' || true)
grep -q "no account named 'nobody'" <<<"$out" || fail "cmd /c 'trayotp code nobody' printed '$out'"
grep -qx "errorlevel=1" <<<"$out" || fail "cmd /c 'trayotp code nobody' left '$out'"
pass "at cmd.exe, trayotp runs trayotp.com: output in order, %ERRORLEVEL% 0 and 1"
out=$(wine "$win_install_dir\\trayotp.com" --version </dev/null | tr -d '\r') || fail "trayotp.com --version failed"
[ "$out" = "trayotp $version" ] || fail "trayotp.com --version printed '$out'"
pass "trayotp.com --version: $out"

# The tray started above found no shortcut carrying the ID (Wine stores
# none: see the shortcut check above) and registered it; on Windows the
# installer's shortcut carries it and nothing is registered. Either way the
# uninstaller removes the key: make sure there is one to remove.
if [ -z "$(reg_value "$aumid_key" DisplayName)" ]; then
  wine reg add "$aumid_key" /v DisplayName /d trayotp /f >/dev/null || fail "cannot add $aumid_key"
  settle
  pass "AppUserModelId key added by hand (the installed tray registered none)"
else
  pass "the installed tray registered $aumid_key (Wine's shortcuts carry no AppUserModelID)"
fi

step "uninstalling silently (the vault stays)"
# The quiet uninstall string, as Windows would run it; the uninstaller
# copies itself to %TEMP% and returns, so wait for the prefix to settle.
wine "$win_install_dir\\uninstall.exe" /S || fail "uninstall.exe /S exited with $?"
settle
[ ! -e "$install_dir" ] || fail "left behind: $install_dir ($(ls "$install_dir"))"
[ ! -e "$start_menu" ] || fail "left behind: $start_menu"
[ ! -e "$desktop" ] || fail "left behind: $desktop"
! wine reg query "$uninstall_key" >/dev/null 2>&1 || fail "left behind: $uninstall_key"
[ -z "$(reg_value "$run_key" "$run_value")" ] || fail "left behind: the Run value $run_value"
! wine reg query "$aumid_key" >/dev/null 2>&1 || fail "left behind by the uninstaller: $aumid_key"
[ ! -e "$toast_icon" ] || fail "left behind by the uninstaller: $toast_icon"
pass "program, shortcuts, Uninstall key, Run value and AppUserModelId key removed"
[ -f "$vault_dir/vault.trayotp" ] || fail "the uninstaller removed the vault without being asked"
pass "vault kept: %APPDATA%\\trayotp\\vault.trayotp"

step "options: /NODESKTOP /NOAUTOSTART, then /REMOVEVAULT"
wine "$setup" /S /NODESKTOP /NOAUTOSTART || fail "setup.exe /S /NODESKTOP /NOAUTOSTART exited with $?"
settle
[ -f "$install_dir/trayotp.exe" ] || fail "not installed the second time"
[ ! -e "$desktop" ] || fail "/NODESKTOP still made $desktop"
[ -z "$(reg_value "$run_key" "$run_value")" ] || fail "/NOAUTOSTART still wrote the Run value"
out=$(wine "$installed" list </dev/null | tr -d '\r') || fail "trayotp list failed after reinstalling"
[ "$out" = "三菱 太郎" ] || fail "after reinstalling, list printed '$out'"
pass "no desktop shortcut, no login entry; the kept vault opens again"
wine "$win_install_dir\\uninstall.exe" /S /REMOVEVAULT || fail "uninstall.exe /S /REMOVEVAULT exited with $?"
settle
[ ! -e "$install_dir" ] || fail "left behind: $install_dir"
[ ! -e "$vault_dir" ] || fail "/REMOVEVAULT left $vault_dir"
pass "/REMOVEVAULT removed %APPDATA%\\trayotp"

echo
echo "test-windows-release: all checks passed (trayotp $version)"
