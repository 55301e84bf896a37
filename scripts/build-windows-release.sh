#!/usr/bin/env bash
# Builds what a Windows user downloads, into ${CARGO_TARGET_DIR:-target}/dist/:
#   trayotp-<version>-x86_64-windows.zip   portable: trayotp.exe + trayotp.com +
#                                          README.txt + guide-en.html + guide-ja.html
#   trayotp-<version>-setup.exe            per-user installer (NSIS, installer/trayotp.nsi)
#   SHA256SUMS                             `sha256sum -c SHA256SUMS` checks both
#   winget/*.yaml, scoop/trayotp.json      the manifests of packaging/, with the
#                                          version, the URLs and the SHA-256 filled in
# On Linux (Debian 12 / Ubuntu) it cross-builds x86_64-pc-windows-gnu
# (mingw-w64); on a Windows runner (Git Bash) TRAYOTP_RELEASE_TARGET=
# x86_64-pc-windows-msvc builds natively with MSVC (.github/workflows/).
# Icon, manifest and version resources come from build.rs (embed-resource).
# Cargo's `trayotp-gui.exe` (GUI subsystem: the tray and the forms) is
# shipped as trayotp.exe, and the lean console command line, cargo's
# `trayotp.exe`, as trayotp.com beside it, so that cmd.exe (which tries .COM
# before .EXE) runs it for `trayotp list`, waits for it and gets its exit
# code (src/main.rs, src/platform/process/). The guides are
# docs/guide-*.md made into self-contained HTML pages by pandoc.
#
# Reproducible where the toolchain allows: SOURCE_DATE_EPOCH (default: the
# last commit's time) fixes the zip's and the installer's file times, and
# --remap-path-prefix takes this machine's paths out of the binaries
# (README, "Reproducible builds", says what still differs).
# Signing: with TRAYOTP_SIGN_PFX (a .pfx file) and TRAYOTP_SIGN_PASSWORD,
# trayotp.exe, trayotp.com and setup.exe are signed (signtool on Windows,
# osslsigncode elsewhere) before they are hashed.
# Needs what .ci/install-deps installs (mingw-w64, nsis, pandoc, python3).
# Prints the paths of the zip and setup.exe, one a line.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

die() { echo "build-windows-release: $*" >&2; exit 1; }
for tool in cargo makensis pandoc sha256sum; do
  command -v "$tool" >/dev/null || die "$tool not found: run .ci/install-deps (Linux) or scripts/windows-runner-tools.sh (Windows)"
done
python=python3
"$python" -c '' 2>/dev/null || python=python # Windows runners name it python
"$python" -c '' 2>/dev/null || die "python3 not found: run .ci/install-deps"
target="${TRAYOTP_RELEASE_TARGET:-x86_64-pc-windows-gnu}"
case "$target" in
  x86_64-pc-windows-gnu | x86_64-pc-windows-msvc) ;;
  *) die "TRAYOTP_RELEASE_TARGET=$target: expected x86_64-pc-windows-gnu or x86_64-pc-windows-msvc" ;;
esac
# A path as native Windows programs (makensis, signtool) want it, under Git Bash.
native() { if command -v cygpath >/dev/null; then cygpath -w "$1"; else printf '%s' "$1"; fi; }

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

epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 946684800)}"
export SOURCE_DATE_EPOCH="$epoch"

# This checkout's and Cargo's paths out of panic messages and debug info.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
rustflags="--remap-path-prefix=$root=/build/trayotp --remap-path-prefix=$cargo_home=/build/cargo"
# MSVC's linker writes the build time into the PE header unless /Brepro;
# GNU ld for mingw is told the same with --no-insert-timestamp.
case "$target" in
  *-msvc) rustflags="$rustflags -C link-arg=/Brepro" ;;
  *-gnu) rustflags="$rustflags -C link-arg=-Wl,--no-insert-timestamp" ;;
esac

echo "build-windows-release: trayotp $version ($target, release)" >&2
RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }$rustflags" cargo build --release --locked --target "$target"
exe="$target_dir/$target/release/trayotp-gui.exe"
com="$target_dir/$target/release/trayotp.exe"
[ -f "$exe" ] || die "cargo did not produce $exe"
[ -f "$com" ] || die "cargo did not produce $com"

name="trayotp-$version-x86_64-windows"
stage="$dist/$name"
rm -rf "$stage"
mkdir -p "$stage"
cp "$exe" "$stage/trayotp.exe"
cp "$com" "$stage/trayotp.com"

# Signing, only with a certificate (the release workflow's secrets).
sign() {
  [ -n "${TRAYOTP_SIGN_PFX:-}" ] || return 0
  [ -f "$TRAYOTP_SIGN_PFX" ] || die "TRAYOTP_SIGN_PFX=$TRAYOTP_SIGN_PFX is not a file"
  local timestamp="${TRAYOTP_SIGN_TIMESTAMP_URL:-http://timestamp.digicert.com}"
  if command -v cygpath >/dev/null; then
    local signtool
    signtool=$(ls "/c/Program Files (x86)/Windows Kits/10/bin/"*/x64/signtool.exe 2>/dev/null | sort -V | tail -n 1)
    [ -n "$signtool" ] || die "signtool.exe not found in the Windows SDK"
    "$signtool" sign /fd SHA256 /td SHA256 /tr "$timestamp" /f "$(native "$TRAYOTP_SIGN_PFX")" \
      /p "${TRAYOTP_SIGN_PASSWORD:-}" "$(native "$1")" >&2
  else
    command -v osslsigncode >/dev/null || die "osslsigncode not found (apt-get install osslsigncode)"
    osslsigncode sign -pkcs12 "$TRAYOTP_SIGN_PFX" -pass "${TRAYOTP_SIGN_PASSWORD:-}" -h sha256 \
      -ts "$timestamp" -in "$1" -out "$1.signed" >&2
    mv -f "$1.signed" "$1"
  fi
  echo "build-windows-release: signed $(basename "$1")" >&2
}
sign "$stage/trayotp.exe"
sign "$stage/trayotp.com"

# The user guides as HTML pages, images inside (the menu's "Help" opens them).
for lang in en ja; do
  pandoc --from gfm --to html5 --standalone --self-contained \
    --resource-path=docs --metadata "lang=$lang" --metadata "pagetitle=trayotp" \
    --output "$stage/guide-$lang.html" "docs/guide-$lang.md" ||
    die "pandoc could not make guide-$lang.html from docs/guide-$lang.md"
done
# Windows' Notepad copes with LF, but CRLF is what every Windows tool expects.
sed -e "s/@VERSION@/$version/g" -e 's/$/\r/' installer/README.txt >"$stage/README.txt"
for license in LICENSE LICENSE-MIT LICENSE-APACHE LICENSE.txt COPYING; do
  if [ -f "$license" ]; then sed -e 's/$/\r/' "$license" >"$stage/$license.txt"; fi
done

# Same inputs, same zip: sorted names, SOURCE_DATE_EPOCH's time, fixed modes.
zip_file="$dist/$name.zip"
rm -f "$zip_file"
find "$stage" -exec touch -h -d "@$epoch" {} +
"$python" scripts/lib/make_zip.py "$zip_file" "$dist" "$name" || die "cannot write $zip_file"

setup="$dist/trayotp-$version-setup.exe"
rm -f "$setup"
# The installer's stub: amd64 where this NSIS has it (Debian's), else x86
# (the official Windows builds of NSIS ship only x86 stubs).
nsis_dir=$(makensis -HDRINFO 2>/dev/null | tr ',' '\n' | sed -n 's/^NSISDIR=//p' | tr -d '\r')
if command -v cygpath >/dev/null && [ -n "$nsis_dir" ]; then nsis_dir=$(cygpath -u "$nsis_dir"); fi
nsis_target=amd64-unicode
[ -f "$nsis_dir/Stubs/lzma_solid-amd64-unicode" ] || nsis_target=x86-unicode
echo "build-windows-release: NSIS $(makensis -VERSION) in $nsis_dir, stub $nsis_target" >&2
MSYS2_ARG_CONV_EXCL='*' makensis -V2 -INPUTCHARSET UTF8 "-DTARGET=$nsis_target" \
  "-DVERSION=$version" "-DVERSION_QUAD=$version_quad" \
  "-DAPP_USER_MODEL_ID=$app_user_model_id" "-DRUN_VALUE_NAME=$run_value_name" \
  "-DSTAGE=$(native "$stage")" "-DICON=$(native "$root/icons/trayotp.ico")" \
  "-DWELCOME_BITMAP=$(native "$root/icons/installer-welcome.bmp")" \
  "-DOUTFILE=$(native "$setup")" \
  "$(native "$root/installer/trayotp.nsi")" >&2
[ -f "$setup" ] || die "makensis did not produce $setup"
sign "$setup"

# The checksums, as `sha256sum -c SHA256SUMS` reads them.
(cd "$dist" && sha256sum "$(basename "$zip_file")" "$(basename "$setup")" >SHA256SUMS)
zip_sha256=$(sha256sum "$zip_file" | cut -d' ' -f1)
setup_sha256=$(sha256sum "$setup" | cut -d' ' -f1)

# The packaging manifests, filled in. The repository the URLs point at:
# GitHub's own variable in a workflow, else TRAYOTP_REPOSITORY.
repository="${TRAYOTP_REPOSITORY:-${GITHUB_REPOSITORY:-trayotp/trayotp}}"
fill() {
  sed -e "s|@VERSION@|$version|g" -e "s|@REPOSITORY@|$repository|g" \
    -e "s|@SETUP_SHA256@|$setup_sha256|g" -e "s|@ZIP_SHA256@|$zip_sha256|g" "$1" >"$2"
}
rm -rf "$dist/winget" "$dist/scoop"
mkdir -p "$dist/winget" "$dist/scoop"
for manifest in packaging/winget/*.yaml; do
  fill "$manifest" "$dist/winget/$(basename "$manifest")"
done
fill packaging/scoop/trayotp.json "$dist/scoop/trayotp.json"

size() { du -h "$1" | cut -f1; }
echo "build-windows-release: trayotp.exe $(size "$exe"), trayotp.com $(size "$com"), zip $(size "$zip_file"), setup $(size "$setup")" >&2
echo "$zip_file"
echo "$setup"
