#!/usr/bin/env bash
# Runs the unit tests, then the one integration-test binary (tests/main.rs)
# module by module, as the separate test binaries ran before: the tests of
# one module run in parallel, tests of two modules never share the X
# display, the clipboard or the session bus at the same time.
#
#   bash scripts/lib/test-suite.sh [cargo test arguments, e.g. --target T]
#
# The binary is built once (`--no-run`), so each module's run only starts it.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The forms' tests run in this process and read the per-machine clock record
# (platform::clock_store): a scratch folder of the run's own, never the user's.
if [ -z "${TRAYOTP_LOCAL_DIR:-}" ]; then
  TRAYOTP_LOCAL_DIR=$(mktemp -d)
  export TRAYOTP_LOCAL_DIR
  trap 'rm -rf "$TRAYOTP_LOCAL_DIR"' EXIT
fi

cargo test --locked "$@" --lib --bins
# Doc tests compile for the host only (cargo skips them for another target).
case " $* " in *" --target "*) ;; *) cargo test --locked "$@" --doc ;; esac

modules=$(sed -n 's/^mod \([a-z0-9_]*\);$/\1/p' tests/main.rs | grep -vx common)
cargo test --locked "$@" --test main --no-run
failed=()
for module in $modules; do
  # libtest filters by substring: `cli::` also matches `lean_cli::x`, so
  # each run skips the other modules whose names end in its own.
  skips=()
  for other in $modules; do
    if [ "$other" != "$module" ] && [[ "$other::" == *"$module::" ]]; then
      skips+=(--skip "$other::")
    fi
  done
  printf -- '--- tests/%s.rs\n' "$module"
  cargo test --locked "$@" --test main -- "$module::" "${skips[@]}" || failed+=("$module")
done
# Every module runs, so one run names every failing one.
if [ "${#failed[@]}" -gt 0 ]; then
  echo "failed: ${failed[*]}" >&2
  exit 1
fi
