#!/usr/bin/env bash
# The builds of scripts/test.sh's later steps, run ahead in the background
# at the lowest priority (test.sh starts this right after installing the
# dependencies): the Windows tests' binaries, the Wine prefix, the Windows
# release and the fuzz targets. They take the CPU the foreground leaves
# idle, in a target directory of their own, since cargo locks the one it
# builds in. Each stage writes its exit status to DIR/STAGE and its output
# to DIR/log; test.sh waits for a stage's file before the step that needs it.
#
#   bash scripts/lib/build-ahead.sh DIR TARGET_DIR
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
dir=$1
export CARGO_TARGET_DIR=$2

stage() {
  local name=$1 status=0
  shift
  echo "=== $name: $*" >>"$dir/log"
  nice -n 19 "$@" >>"$dir/log" 2>&1 || status=$?
  echo "$status" >"$dir/$name"
}

stage windows-tests cargo test --locked --target x86_64-pc-windows-gnu --no-run --lib --bins --test main
# The Wine prefix the Windows tests run in (.ci/wine-env makes it once).
stage wine-prefix bash -c '. .ci/wine-env'
stage release bash scripts/build-windows-release.sh
# cargo-fuzz builds in fuzz/target, as scripts/fuzz.sh runs it.
stage fuzz bash -c 'cd fuzz && env -u CARGO_TARGET_DIR cargo +nightly fuzz build'
