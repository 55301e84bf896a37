#!/usr/bin/env bash
# Builds what a Windows user downloads, from Linux (Debian 12 / Ubuntu):
#   ${CARGO_TARGET_DIR:-target}/dist/trayotp-<version>-x86_64-windows.zip
#       portable: trayotp.exe + trayotp.com + README.txt (+ license files, if any)
#   ${CARGO_TARGET_DIR:-target}/dist/trayotp-<version>-setup.exe
#       per-user installer (NSIS, installer/trayotp.nsi)
# The x86_64-pc-windows-gnu release build (mingw-w64), with icon, manifest
# and version resources (build.rs): cargo's `trayotp-gui.exe` (GUI
# subsystem: the tray and the forms) is shipped as trayotp.exe, and the lean
# console command line, cargo's `trayotp.exe`, as trayotp.com beside it, so
# that cmd.exe (which tries .COM before .EXE) runs it for `trayotp list`,
# waits for it and gets its exit code (src/main.rs, src/platform/process.rs). Needs what
# .ci/install-deps installs (mingw-w64, nsis, zip). Prints the two paths.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

die() { echo "build-windows-release: $*" >&2; exit 1; }
for tool in cargo makensis zip; do
  command -v "$tool" >/dev/null || die "$tool not found: run .ci/install-deps"
done

target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
dist="$target_dir/dist"

# The version from Cargo.toml's [package]; the shared names from src/app_id.rs
# (the one place they are written).
version=$(awk -F'"' '/^\[/{p=($0=="[package]")} p && /^version *=/{print $2; exit}' Cargo.toml)
[[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]] || die "cannot read the version from Cargo.toml (got '$version')"
version_quad="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}.0"
rust_const() {
  local value
  value=$(sed -n "s/^pub const $1: &str = \"\\(.*\\)\";\$/\\1/p" src/app_id.rs)
  [ -n "$value" ] || die "cannot read $1 from src/app_id.rs"
  printf '%s' "$value"
}
app_user_model_id=$(rust_const APP_USER_MODEL_ID)
run_value_name=$(rust_const RUN_VALUE_NAME)

echo "build-windows-release: trayotp $version (x86_64-pc-windows-gnu, release)" >&2
cargo build --release --locked --target x86_64-pc-windows-gnu
exe="$target_dir/x86_64-pc-windows-gnu/release/trayotp-gui.exe"
com="$target_dir/x86_64-pc-windows-gnu/release/trayotp.exe"
[ -f "$exe" ] || die "cargo did not produce $exe"
[ -f "$com" ] || die "cargo did not produce $com"

name="trayotp-$version-x86_64-windows"
stage="$dist/$name"
rm -rf "$stage"
mkdir -p "$stage"
cp "$exe" "$stage/trayotp.exe"
cp "$com" "$stage/trayotp.com"
# Windows' Notepad copes with LF, but CRLF is what every Windows tool expects.
sed -e "s/@VERSION@/$version/g" -e 's/$/\r/' installer/README.txt >"$stage/README.txt"
for license in LICENSE LICENSE-MIT LICENSE-APACHE LICENSE.txt COPYING; do
  if [ -f "$license" ]; then sed -e 's/$/\r/' "$license" >"$stage/$license.txt"; fi
done

# Same inputs, same zip: fixed timestamps, no extra attributes.
zip_file="$dist/$name.zip"
rm -f "$zip_file"
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 946684800)}"
find "$stage" -exec touch -h -d "@$epoch" {} +
(cd "$dist" && find "$name" -type f | LC_ALL=C sort | zip -q -X -D "$zip_file" -@)

setup="$dist/trayotp-$version-setup.exe"
rm -f "$setup"
makensis -V2 -INPUTCHARSET UTF8 \
  "-DVERSION=$version" "-DVERSION_QUAD=$version_quad" \
  "-DAPP_USER_MODEL_ID=$app_user_model_id" "-DRUN_VALUE_NAME=$run_value_name" \
  "-DSTAGE=$stage" "-DICON=$root/icons/trayotp.ico" "-DWELCOME_BITMAP=$root/icons/installer-welcome.bmp" \
  "-DOUTFILE=$setup" \
  installer/trayotp.nsi >&2
[ -f "$setup" ] || die "makensis did not produce $setup"

size() { du -h "$1" | cut -f1; }
echo "build-windows-release: trayotp.exe $(size "$exe"), trayotp.com $(size "$com"), zip $(size "$zip_file"), setup $(size "$setup")" >&2
echo "$zip_file"
echo "$setup"
