#!/usr/bin/env bash
# Runs every check and test, natively and for Windows under Wine, on a fresh
# Debian 12 / Ubuntu machine (installing what it needs first). This is the
# README's test command and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Each step's minutes are printed as it ends, and all of them at the end
# (docs/benchmarks.md keeps the CI figures).
timings=()
step_name=""
step_start=$SECONDS
step() {
  if [ -n "$step_name" ]; then
    timings+=("$(printf '%5d s  %s' $((SECONDS - step_start)) "$step_name")")
  fi
  step_name="$*"
  step_start=$SECONDS
  printf '\n==> %s\n' "$*"
}
# The times so far, also when a step fails (the failing one last).
print_times() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "$step_name" ]; then
    timings+=("$(printf '%5d s  %s (failed)' $((SECONDS - step_start)) "$step_name")")
  fi
  printf '\nCI step times:\n'
  printf '%s\n' "${timings[@]}"
  printf '%5d s  in all\n' "$SECONDS"
  if [ -n "${ahead_pid:-}" ]; then
    kill -- "-$ahead_pid" 2>/dev/null || true
  fi
  rm -rf "${scratch:-}" "${ahead:-}"
}
trap print_times EXIT

step "installing build and test dependencies"
bash .ci/install-deps

# A fresh clone has nothing to reuse: incremental compilation would only
# write caches no later build reads.
if [ -n "${CI:-}" ]; then
  export CARGO_INCREMENTAL=0
fi

# The later steps' builds (the Windows tests and release, the fuzz targets)
# and the checks that only compile (clippy for Windows, the lean build, the
# docs) start now, in the background at the lowest priority, in a process
# group of their own (scripts/lib/build-ahead.sh); `await STAGE` waits for one.
ahead=$(mktemp -d)
windows_target="$root/target/ahead"
setsid bash scripts/lib/build-ahead.sh "$ahead" "$windows_target" &
ahead_pid=$!
await() {
  local name=$1 started=$SECONDS
  while [ ! -f "$ahead/$name" ]; do
    if ! kill -0 "$ahead_pid" 2>/dev/null && [ ! -f "$ahead/$name" ]; then
      echo "the background work ended before $name:" >&2
      cat "$ahead"/*.log >&2
      return 1
    fi
    sleep 2
  done
  echo "(waited $((SECONDS - started)) s for $name, run in the background: $(head -n 1 "$ahead/$name.log"))"
  if [ "$(cat "$ahead/$name")" != 0 ]; then
    echo "$name failed in the background:" >&2
    cat "$ahead/$name.log" >&2
    return 1
  fi
}

step "GitHub workflows (actionlint, commands exist) and packaging manifests"
bash scripts/check-packaging.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "dependency policy: cargo deny check bans sources licenses (deny.toml)"
cargo deny --locked check bans sources licenses
# The RustSec database cannot be fetched here (no network beyond the package
# registries): check advisories only when a copy is already on the machine.
advisory_dbs="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs"
if [ -n "$(ls -A "$advisory_dbs" 2>/dev/null)" ]; then
  step "advisories: cargo deny check advisories (local database in $advisory_dbs)"
  cargo deny --locked check --disable-fetch advisories
else
  echo "skipping cargo deny check advisories: no RustSec database in $advisory_dbs (run \`cargo deny fetch\` where the network allows; see README)"
fi

step "clippy (Linux)"
cargo clippy --all-targets --locked -- -D warnings
# Tests talk to real services: a private session bus with an unlocked
# gnome-keyring (Secret Service) and a throw-away keyring folder, and a
# virtual X display for the tray and the clipboard.
step "tests (Linux, with Xvfb + D-Bus + gnome-keyring)"
scratch=$(mktemp -d)
mkdir -p "$scratch/data" "$scratch/run"
chmod 700 "$scratch/run"
XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run" \
  xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash "$root/scripts/lib/with-keyring.sh" bash "$root/scripts/lib/test-suite.sh"

step "soak: 10 000 requests from 8 clients on a running tray with 1 000 accounts (scripts/soak.sh --short)"
# No failed request, no descriptor growth (docs/benchmarks.md has the figures).
bash scripts/soak.sh --short

step "tests (Windows .exe under Wine, with Xvfb)"
await windows-tests
await wine-prefix
# (The release is built in the same target directory: it is done first.)
await release
# From here on, the Windows builds are the background's.
export CARGO_TARGET_DIR="$windows_target"
# shellcheck source=../.ci/wine-env
. .ci/wine-env
xvfb-run -a -s "-screen 0 1280x800x24" bash scripts/lib/test-suite.sh --target x86_64-pc-windows-gnu
# The menu of 60 accounts again on a laptop's 1366 × 768 screen (issue 19;
# natively the test makes an X server of that size itself). About 10 s.
xvfb-run -a -s "-screen 0 1366x768x24" cargo test --locked --target x86_64-pc-windows-gnu --test main -- \
  tray::under_windows_a_menu_of_60_accounts_fits_the_work_area_with_find_account_first

step "a vault on a nearly full small file system under Wine (scripts/full-disk-wine.sh, docs/fault-injection.md)"
# Mounts a 256 KiB tmpfs (root); says SKIPPED with the reason if it cannot.
bash scripts/full-disk-wine.sh

step "fuzz targets: each for a bounded run (fuzz/, docs/fuzzing.md)"
await fuzz
env -u CARGO_TARGET_DIR bash scripts/fuzz.sh "${TRAYOTP_FUZZ_SECONDS:-10}"

step "Windows release: icon, manifest, version; installer and uninstaller under Wine"
# Under Xvfb: the installed tray (started by the login entry's --background)
# needs a display under Wine, as it always has one on Windows.
xvfb-run -a -s "-screen 0 1280x800x24" bash scripts/test-windows-release.sh

step "clippy (Windows), the lean build and cargo doc, run in the background (scripts/lib/build-ahead.sh)"
# clippy --target x86_64-pc-windows-gnu with -D warnings; the command line
# alone with no GTK or OpenGL on the machine (--no-default-features, with
# pkg-config pointed at nothing); rustdoc's warnings as errors.
await clippy-windows
await lean
await doc

step "all tests passed"
step_name=""
# (print_times, on exit, lists each step's seconds.)
