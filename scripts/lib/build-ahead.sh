#!/usr/bin/env bash
# The work of scripts/test.sh that needs only the CPU, run ahead in the
# background at the lowest priority (test.sh starts this right after
# installing the dependencies): the Windows tests' binaries and the Wine
# prefix they run in, the Windows release, the fuzz targets, then the
# checks that need no display (clippy for Windows, the lean build, the
# docs). They take the CPU the foreground leaves idle (its tests mostly
# wait on windows, clipboards and timers), in a target directory of their
# own (and the checks in one below it), since cargo locks the one it
# builds in. Each stage writes its output
# to DIR/STAGE.log, then its exit status to DIR/STAGE; test.sh waits for a
# stage's status before the step that needs it, and shows its log if it
# failed.
#
#   bash scripts/lib/build-ahead.sh DIR TARGET_DIR
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
dir=$1
export CARGO_TARGET_DIR=$2

stage() {
  local name=$1 status=0
  shift
  echo "\$ $*" >"$dir/$name.log"
  # The lowest CPU priority, and disk access only when the disk is idle:
  # the tests' saves flush to disk and must not queue behind a link.
  nice -n 19 ionice -c 3 "$@" >>"$dir/$name.log" 2>&1 || status=$?
  echo "$status" >"$dir/$name"
}

# What the Wine tests need first, then what later steps need.
stage windows-tests cargo test --locked --target x86_64-pc-windows-gnu --no-run --lib --bins --test main
stage wine-prefix bash -c '. .ci/wine-env'
stage release bash scripts/build-windows-release.sh
# cargo-fuzz builds in fuzz/target, as scripts/fuzz.sh runs it.
stage fuzz bash -c 'cd fuzz && env -u CARGO_TARGET_DIR cargo +nightly fuzz build'

# Checks with nothing to run, awaited at the end, in a target directory of
# their own again: the foreground's Wine steps build in TARGET_DIR.
export CARGO_TARGET_DIR=$CARGO_TARGET_DIR/checks
stage clippy-windows cargo clippy --all-targets --locked --target x86_64-pc-windows-gnu -- -D warnings
# pkg-config pointed at nothing: any -sys crate of the GUI stack that
# slipped into the lean build fails here, as on a machine without them.
stage lean env PKG_CONFIG_PATH=/nonexistent PKG_CONFIG_LIBDIR=/nonexistent \
  cargo build --locked --no-default-features --bin trayotp
stage doc env RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps --document-private-items
